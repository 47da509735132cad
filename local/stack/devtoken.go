package stack

import (
	"encoding/json"
	"net"
	"net/http"
	"time"

	"docflow/local/devauth"
)

// maxDevTokenTTL bounds what /dev/token signs: a dev token is for trying
// things today, not a long-lived credential.
const maxDevTokenTTL = 7 * 24 * time.Hour

// devTokenHandler serves GET /dev/token?sub=SUBJECT[&ttl=DURATION]: a token
// for any subject from the stack's dev issuer, so `docflow token alice`
// can try several users side by side. It answers only a request from this
// machine to a loopback name (RemoteAddr and Host both loopback), so a
// stack bound to another interface, or a web page that rebinds a DNS name
// to 127.0.0.1, gets nothing.
func devTokenHandler(issuer *devauth.Issuer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "use GET", http.StatusMethodNotAllowed)
			return
		}
		if !loopbackAddr(r.RemoteAddr) || !loopbackHost(r.Host) {
			http.Error(w, "dev tokens are only given to this machine over a loopback address", http.StatusForbidden)
			return
		}
		sub := r.URL.Query().Get("sub")
		if sub == "" || len(sub) > 128 {
			http.Error(w, "sub must name the subject (1-128 characters)", http.StatusBadRequest)
			return
		}
		ttl := devauth.TokenLifetime
		if v := r.URL.Query().Get("ttl"); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > maxDevTokenTTL {
				http.Error(w, "ttl must be a duration from 1s to 168h", http.StatusBadRequest)
				return
			}
			ttl = d
		}
		token, err := issuer.Token(sub, ttl)
		if err != nil {
			http.Error(w, "could not sign a token", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(map[string]any{"token": token, "subject": sub, "expiresAt": time.Now().Add(ttl).UTC()})
	})
}

func loopbackAddr(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return host == "localhost" || loopbackAddr(host)
}
