package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// outputs are the outputs get_output_url serves, as the protocol spells
// them.
var outputs = []string{"text", "chunks", "manifest"}

func cmdGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("get", stderr)
	var cf connFlags
	cf.register(fs, "WebSocket URL of the stack")
	output := fs.String("output", "text", "which output: "+strings.Join(outputs, ", "))
	file := fs.String("o", "", "write to this file instead of stdout")
	ids, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if !slices.Contains(outputs, *output) {
		return usageError(fs, "--output %s is not an output; use one of %s", *output, strings.Join(outputs, ", "))
	}
	ans, err := outputRequest.send(ctx, fs, cf, ids, map[string]any{"output": *output})
	if err != nil {
		return err
	}
	var u struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(ans.Data, &u); err != nil || u.URL == "" {
		return fmt.Errorf("the stack's outputUrl answer has no url")
	}
	w := stdout
	if *file != "" {
		f, err := os.Create(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := download(ctx, &http.Client{Timeout: 10 * time.Minute}, u.URL, w); err != nil {
		return fmt.Errorf("get the %s of %s: %w", *output, ids[0], err)
	}
	if f, ok := w.(*os.File); ok && *file != "" {
		return f.Close()
	}
	return nil
}

// download copies the presigned URL's object to w.
func download(ctx context.Context, httpc *http.Client, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("bad output url")
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return redactURL(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("the output store answered %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
