package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// uploadURL is the data of an uploadUrl answer.
type uploadURL struct {
	URL         string            `json:"url"`
	Method      string            `json:"method"`
	Headers     map[string]string `json:"headers"`
	DocumentKey string            `json:"document_key"`
	Bucket      string            `json:"bucket"`
	DocumentID  string            `json:"documentId"`
}

// outcome is how one document ended.
type outcome struct {
	File       string
	DocumentID string
	Final      progressData
	Err        error
}

// failed reports whether the document did not complete.
func (o outcome) failed() bool { return o.Err != nil || o.Final.Status != "complete" }

// reason says in one line why a document failed.
func (o outcome) reason() string {
	switch {
	case o.Err != nil:
		return o.Err.Error()
	case o.Final.Error != nil:
		return fmt.Sprintf("%s (%s)", o.Final.Error.Message, o.Final.Error.Reason)
	default:
		return o.Final.Message
	}
}

// processFile uploads one file and follows its progress until it is complete
// or failed, reporting every frame to show.
func processFile(ctx context.Context, c *client, httpc *http.Client, path string, show func(file string, d progressData)) outcome {
	out := outcome{File: path}
	f, err := os.Open(path)
	if err != nil {
		out.Err = err
		return out
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		out.Err = err
		return out
	}
	name := filepath.Base(path)
	ans, err := c.request(ctx, map[string]any{
		"action": "get_upload_url", "document_name": name,
		"content_type": contentType(f, name), "size": info.Size(),
	}, "uploadUrl")
	if err != nil {
		out.Err = fmt.Errorf("get upload url: %w", err)
		return out
	}
	var up uploadURL
	if err := json.Unmarshal(ans.Data, &up); err != nil {
		out.Err = fmt.Errorf("read upload url: %w", err)
		return out
	}
	if up.DocumentID == "" {
		up.DocumentID = idFromKey(up.DocumentKey)
	}
	out.DocumentID = up.DocumentID
	show(path, progressData{DocumentID: up.DocumentID, Status: "uploading", Message: "Uploading..."})
	if err := upload(ctx, httpc, up, f, info.Size()); err != nil {
		out.Err = err
		return out
	}
	frames := c.watch(up.DocumentID)
	defer c.unwatch(up.DocumentID)
	if _, err := c.request(ctx, map[string]any{
		"action": "process_document", "document_key": up.DocumentKey,
		"bucket": up.Bucket, "document_name": name,
	}, "processingStarted"); err != nil {
		out.Err = fmt.Errorf("process document: %w", err)
		return out
	}
	var last int64
	for {
		select {
		case d := <-frames:
			if d.Seq <= last { // a duplicate (a retried stage re-sends its frame)
				continue
			}
			last = d.Seq
			show(path, d)
			if d.Status == "complete" || d.Status == "failed" {
				out.Final = d
				return out
			}
		case <-c.closed:
			out.Err = c.err()
			return out
		case <-ctx.Done():
			out.Err = ctx.Err()
			return out
		}
	}
}

// upload PUTs the file to the presigned URL with exactly the headers the
// signature was made for.
func upload(ctx context.Context, httpc *http.Client, up uploadURL, f *os.File, size int64) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	method := up.Method
	if method == "" {
		method = http.MethodPut
	}
	req, err := http.NewRequestWithContext(ctx, method, up.URL, io.NopCloser(f))
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	req.ContentLength = size
	for k, v := range up.Headers {
		req.Header.Set(k, v)
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return fmt.Errorf("upload: %w", redactURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("upload refused: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// redactURL drops the presigned URL from a transport error: its query is a
// credential.
func redactURL(err error) error {
	if ue, ok := err.(interface{ Unwrap() error }); ok && strings.Contains(err.Error(), "X-Amz-") {
		return ue.Unwrap()
	}
	return err
}

// contentType guesses from the extension, then from the first bytes.
func contentType(f *os.File, name string) string {
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return http.DetectContentType(head[:n])
}

// idFromKey takes the document id from uploads/<owner>/<id>/<name>.
func idFromKey(key string) string {
	parts := strings.Split(key, "/")
	if len(parts) >= 4 {
		return parts[2]
	}
	return ""
}

// elapsed formats a duration for people.
func elapsed(d time.Duration) string { return d.Round(100 * time.Millisecond).String() }
