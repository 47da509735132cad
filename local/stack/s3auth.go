package stack

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"

	"docflow/local/sigv4"
)

// AccessKeyID and SecretAccessKey are the stack's one access key: the
// functions sign with it, so does the presigner that makes upload URLs, and
// every local AWS endpoint accepts it and nothing else. Give them to the
// aws CLI (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) to call the stack.
const (
	AccessKeyID     = "local"
	SecretAccessKey = "local"
)

const (
	accessKeyID     = AccessKeyID
	secretAccessKey = SecretAccessKey
)

// stackCredentials are what every local endpoint's verifier accepts.
var stackCredentials = aws.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey}

// Signed serves h only for requests signed with SigV4 by the stack's
// credentials for service (its signing name: "dynamodb", "states", "ecs",
// "execute-api", "sqs", "bedrock", …); anything else gets 403 in the JSON
// protocols' error shape. Every local AWS endpoint is mounted through it,
// as every AWS endpoint checks signatures.
func Signed(service string, h http.Handler) http.Handler {
	return sigv4.New(service, stackCredentials).Handler(h)
}

// s3Auth authenticates requests as S3 does before gofakes3 (which checks
// none) serves them: a presigned URL must carry a valid SigV4 query
// signature that has not expired, a request signed in its headers a valid
// Authorization header, and an unsigned request is refused, with S3's XML
// errors.
func s3Auth(next http.Handler) http.Handler {
	v := sigv4.New("s3", stackCredentials)
	v.Deny = func(w http.ResponseWriter, e *sigv4.Error) { s3Error(w, e.Status, e.Code, e.Message) }
	return v.Handler(next)
}
