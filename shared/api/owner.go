package api

import (
	"github.com/aws/aws-lambda-go/events"

	"docflow/shared/domain"
)

// Anonymous owns everything created while no authorizer is configured.
const Anonymous = "anonymous"

// Owner returns who sent req: the principalId an API Gateway Lambda
// authorizer put in the request context, or Anonymous when there is none.
// API Gateway passes the $connect authorizer's context to every later route
// of the connection, so Connect and Message see the same owner.
//
// This is the one place caller identity enters docflow: the JWT authorizer
// (a later issue) sets principalId to the token's subject, and will make a
// missing principal an error rather than Anonymous.
func Owner(req events.APIGatewayWebsocketProxyRequest) (string, error) {
	auth, _ := req.RequestContext.Authorizer.(map[string]any)
	p, ok := auth["principalId"]
	if !ok || p == nil || p == "" {
		return Anonymous, nil
	}
	owner, _ := p.(string)
	// The owner becomes an S3 key segment, so it must be one ParseUploadKey
	// accepts back.
	if !domain.ValidOwner(owner) {
		return "", domain.Errorf(domain.CodeUnauthorized, "The connection's identity is not one this service accepts.")
	}
	return owner, nil
}
