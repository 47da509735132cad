package api

import (
	"github.com/aws/aws-lambda-go/events"

	"docflow/shared/domain"
)

// Owner returns who sent req: the principalId the $connect authorizer
// (package auth) put in the request context, the token's subject. API
// Gateway passes it to every later route of the connection, so Connect and
// Message see the same owner.
//
// This is the one place caller identity enters docflow. A request without
// a principal is refused rather than given a shared identity: it means the
// route was deployed without the authorizer, and failing closed keeps one
// user's documents from everyone else.
func Owner(req events.APIGatewayWebsocketProxyRequest) (string, error) {
	auth, _ := req.RequestContext.Authorizer.(map[string]any)
	owner, _ := auth["principalId"].(string)
	if owner == "" {
		return "", domain.Errorf(domain.CodeUnauthorized, "The connection has no identity; connect with a token.")
	}
	// The owner becomes an S3 key segment, so it must be one ParseUploadKey
	// accepts back.
	if !domain.ValidOwner(owner) {
		return "", domain.Errorf(domain.CodeUnauthorized, "The connection's identity is not one this service accepts.")
	}
	return owner, nil
}
