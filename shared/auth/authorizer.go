package auth

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// TokenParameter is the query parameter that carries the token on $connect.
const TokenParameter = "token"

// Unauthorized is the error that makes API Gateway answer 401: a Lambda
// authorizer that fails with exactly the message "Unauthorized" refuses
// the request as unauthenticated (any other failure is a 500).
type Unauthorized struct{}

func (Unauthorized) Error() string { return "Unauthorized" }

// Request is the event API Gateway sends a WebSocket API's REQUEST
// authorizer on $connect. aws-lambda-go's REST-shaped request type lacks
// the WebSocket request context (connectionId, routeKey, eventType), so
// docflow declares the shape AWS documents.
type Request struct {
	Type                            string                                        `json:"type"`
	MethodArn                       string                                        `json:"methodArn"`
	Headers                         map[string]string                             `json:"headers"`
	MultiValueHeaders               map[string][]string                           `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string                             `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string                           `json:"multiValueQueryStringParameters"`
	StageVariables                  map[string]string                             `json:"stageVariables"`
	RequestContext                  events.APIGatewayWebsocketProxyRequestContext `json:"requestContext"`
}

// TokenVerifier is what Authorizer needs of a Verifier.
type TokenVerifier interface {
	Verify(ctx context.Context, token string) (Identity, error)
}

var _ TokenVerifier = (*Verifier)(nil)

// Authorizer is the $connect REQUEST authorizer.
type Authorizer struct {
	verifier TokenVerifier
	log      *slog.Logger
}

// NewAuthorizer returns the authorizer.
func NewAuthorizer(v TokenVerifier, log *slog.Logger) *Authorizer {
	return &Authorizer{verifier: v, log: log}
}

// Handle answers API Gateway: Allow with the subject as principalId for a
// valid token, Unauthorized (401) for anything else. The reason is logged
// but the token never is: it is a credential until it expires.
func (a *Authorizer) Handle(ctx context.Context, req Request) (events.APIGatewayCustomAuthorizerResponse, error) {
	token := req.QueryStringParameters[TokenParameter]
	if token == "" {
		// A client that cannot set query parameters may still send
		// "Authorization: Bearer <token>" (not browsers; the CLI could).
		token = bearer(req.Headers)
	}
	log := a.log.With("connectionId", req.RequestContext.ConnectionID, "sourceIp", req.RequestContext.Identity.SourceIP)
	id, err := a.verifier.Verify(ctx, token)
	if err != nil {
		if errors.Is(err, ErrInvalidToken) {
			log.InfoContext(ctx, "refused connection", "reason", err.Error())
		} else {
			// The key set could not be read: still a refusal (failing open
			// is not an option), but one ops must see.
			log.ErrorContext(ctx, "refused connection: cannot verify tokens", "error", err)
		}
		return events.APIGatewayCustomAuthorizerResponse{}, Unauthorized{}
	}
	log.InfoContext(ctx, "authorized connection", "principalId", id.Subject)
	return Allow(id.Subject, req.MethodArn), nil
}

// Allow is the answer that lets principal invoke methodArn. API Gateway
// passes principalId to every later event of the connection in
// requestContext.authorizer.
func Allow(principal, methodArn string) events.APIGatewayCustomAuthorizerResponse {
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: principal,
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action:   []string{"execute-api:Invoke"},
				Effect:   "Allow",
				Resource: []string{methodArn},
			}},
		},
	}
}

// bearer returns the token of an "Authorization: Bearer" header, whatever
// the header name's case.
func bearer(headers map[string]string) string {
	for k, v := range headers {
		if strings.EqualFold(k, "Authorization") {
			if t, ok := strings.CutPrefix(v, "Bearer "); ok {
				return strings.TrimSpace(t)
			}
		}
	}
	return ""
}
