package query

// ShapeDeserializer doesn't exist for query. The awsquery and ec2query
// protocols use XML responses.
