package sqs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// maxRequest bounds a request body: a 10-entry batch of 1 MiB messages
// would be larger, but SQS caps a batch's payload at 1 MiB too.
const maxRequest = 2 << 20

// call is one request as an operation sees it.
type call struct {
	ctx  context.Context
	base string // what queue URLs start with
}

type operation func(s *Service, c *call, body []byte) (any, error)

// op adapts a typed operation to the JSON protocol.
func op[In any, Out any](f func(*Service, *call, *In) (*Out, *apiError)) operation {
	return func(s *Service, c *call, body []byte) (any, error) {
		in := new(In)
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, in); err != nil {
				return nil, errorf("SerializationException", "The request body could not be read: %v", err)
			}
		}
		out, err := f(s, c, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// operations is every X-Amz-Target this service answers, AmazonSQS.<name>.
var operations = map[string]operation{
	"CreateQueue":             op((*Service).createQueue),
	"GetQueueUrl":             op((*Service).getQueueURL),
	"GetQueueAttributes":      op((*Service).getQueueAttributes),
	"SetQueueAttributes":      op((*Service).setQueueAttributes),
	"ListQueues":              op((*Service).listQueues),
	"DeleteQueue":             op((*Service).deleteQueue),
	"PurgeQueue":              op((*Service).purgeQueue),
	"SendMessage":             op((*Service).sendMessage),
	"SendMessageBatch":        op((*Service).sendMessageBatch),
	"ReceiveMessage":          op((*Service).receiveMessage),
	"DeleteMessage":           op((*Service).deleteMessage),
	"DeleteMessageBatch":      op((*Service).deleteMessageBatch),
	"ChangeMessageVisibility": op((*Service).changeMessageVisibility),
}

// ServeHTTP answers one SQS JSON protocol request. It works behind
// http.StripPrefix: queue URLs keep the prefix it was mounted at.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest+1))
	if err != nil {
		writeError(w, errorf("SerializationException", "The request body could not be read: %v", err))
		return
	}
	if len(body) > maxRequest {
		writeError(w, errorf("InvalidParameterValue", "The request is larger than %d bytes.", maxRequest))
		return
	}
	if s.cfg.Verify != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		if err := s.cfg.Verify(r); err != nil {
			code := "InvalidSignatureException"
			var coded interface{ ErrorCode() string }
			if errors.As(err, &coded) {
				code = coded.ErrorCode()
			}
			writeErrorStatus(w, http.StatusForbidden, &apiError{Code: code, Message: err.Error()})
			return
		}
	}
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.")
	f := operations[name]
	if r.Method != http.MethodPost || !ok || f == nil {
		writeError(w, errorf("UnknownOperationException", "Unknown operation %q.", r.Header.Get("X-Amz-Target")))
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-amz-json-1.0") {
		writeError(w, errorf("SerializationException", "Content-Type %q is not application/x-amz-json-1.0.", ct))
		return
	}
	out, err := f(s, &call{ctx: r.Context(), base: s.base(r)}, body)
	if err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			e = errorf("InternalFailure", "%v", err)
		}
		writeError(w, e)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("x-amzn-RequestId", newID())
	json.NewEncoder(w).Encode(out)
}

// base is the queue URL prefix: the configured one, or this request's
// scheme, host and the prefix http.StripPrefix took off the path.
func (s *Service) base(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	path, _, _ := strings.Cut(r.RequestURI, "?")
	if p := r.URL.Path; p != "" && strings.HasSuffix(path, p) {
		path = strings.TrimSuffix(path, p)
	}
	return scheme + "://" + r.Host + strings.TrimSuffix(path, "/")
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeErrorStatus(w, shapeOf(e.Code).status, e)
}

// writeErrorStatus writes e as the JSON protocol shapes errors: __type with
// the shape's namespace, message, and the awsQuery code and fault in
// x-amzn-query-error, which the SDK reports as the error code.
func writeErrorStatus(w http.ResponseWriter, status int, e *apiError) {
	sh := shapeOf(e.Code)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("x-amzn-RequestId", newID())
	if sh.query != "" {
		w.Header().Set("x-amzn-query-error", sh.query+";"+sh.fault)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{sh.namespace + "#" + e.Code, e.Message})
}
