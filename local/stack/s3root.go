package stack

import "net/http"

// rootPath serves an empty path (what StripPrefix leaves of "/s3") as "/".
func rootPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" {
			r.URL.Path, r.URL.RawPath = "/", ""
		}
		next.ServeHTTP(w, r)
	})
}
