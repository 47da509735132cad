package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"docflow/shared/domain"
)

// ConnectionSlack is how long after API Gateway's hard connection limit a
// connection record may still live, so the TTL never removes a connection
// that is still open (DynamoDB TTL deletes lazily anyway).
const ConnectionSlack = 10 * time.Minute

// Connect handles $connect: it records who opened the connection. A 200
// accepts the connection; anything else makes API Gateway refuse it.
type Connect struct {
	store ConnectionPutter
	log   *slog.Logger
	now   func() time.Time
}

// NewConnect returns the $connect handler.
func NewConnect(store ConnectionPutter, log *slog.Logger) *Connect {
	return &Connect{store: store, log: log, now: time.Now}
}

// Handle records the connection.
func (c *Connect) Handle(ctx context.Context, req events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error) {
	id := req.RequestContext.ConnectionID
	log := c.log.With("connectionId", id)
	owner, err := Owner(req)
	if err != nil {
		log.WarnContext(ctx, "refuse connection", "error", err)
		return status(http.StatusForbidden), nil
	}
	now := c.now().UTC()
	conn := domain.Connection{
		ID:          id,
		Owner:       owner,
		ConnectedAt: now,
		ExpiresAt:   now.Add(domain.ConnectionLifetime + ConnectionSlack),
	}
	if err := c.store.PutConnection(ctx, conn); err != nil {
		log.ErrorContext(ctx, "record connection", "error", err)
		return status(http.StatusInternalServerError), nil
	}
	log.InfoContext(ctx, "connected", "owner", owner)
	return status(http.StatusOK), nil
}

// Disconnect handles $disconnect: it forgets the connection and its
// subscriptions. API Gateway delivers $disconnect at most once and ignores
// the answer, so a failure is only logged; the record's TTL and the
// publisher's 410 handling clean up what is left.
type Disconnect struct {
	store ConnectionDeleter
	log   *slog.Logger
}

// NewDisconnect returns the $disconnect handler.
func NewDisconnect(store ConnectionDeleter, log *slog.Logger) *Disconnect {
	return &Disconnect{store: store, log: log}
}

// Handle forgets the connection; it always answers 200.
func (d *Disconnect) Handle(ctx context.Context, req events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error) {
	id := req.RequestContext.ConnectionID
	if err := d.store.DeleteConnection(ctx, id); err != nil {
		d.log.WarnContext(ctx, "forget connection", "connectionId", id, "error", err)
	} else {
		d.log.InfoContext(ctx, "disconnected", "connectionId", id)
	}
	return status(http.StatusOK), nil
}

func status(code int) events.APIGatewayProxyResponse {
	return events.APIGatewayProxyResponse{StatusCode: code}
}
