package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

//go:embed static
var staticFiles embed.FS

// Config is what the page needs to reach a docflow stack. It becomes the
// page's config.json.
type Config struct {
	// WebSocketURL is the docflow WebSocket endpoint (ws:// or wss://),
	// without the token.
	WebSocketURL string
	// Token is a token the page connects with; empty makes the page ask
	// for one. Only for local stacks: config.json is public to whoever can
	// load the page.
	Token string
	// OutputsBaseURL, when set, is the URL that S3 keys of outputs are
	// appended to for links (for the local stack: its S3 endpoint plus the
	// bucket).
	OutputsBaseURL string
	// ConnectSrc lists further origins the page may connect to, such as the
	// S3 endpoint presigned uploads go to when it is not the origin of
	// OutputsBaseURL. The page's own origin, WebSocketURL's and
	// OutputsBaseURL's are always allowed.
	ConnectSrc []string
	// PingInterval is how often an otherwise idle page pings; zero keeps the
	// page's default of 5 minutes (API Gateway cuts idle sockets at 10).
	PingInterval time.Duration
	// AllowedHosts are host names, besides loopback ones (localhost,
	// 127.0.0.0/8, ::1), for which a config.json that holds a Token is
	// served. A request naming
	// any other Host is refused: a page of another site that rebinds its
	// DNS name to 127.0.0.1 must not read the token.
	AllowedHosts []string
}

// pageConfig is config.json as the page reads it.
type pageConfig struct {
	WebSocketURL   string `json:"websocketUrl"`
	Token          string `json:"token,omitempty"`
	OutputsBaseURL string `json:"outputsBaseUrl,omitempty"`
	PingInterval   int    `json:"pingIntervalSeconds,omitempty"`
}

// contentTypes fixes the types of what static/ holds, so responses don't
// depend on the host's MIME tables (a module script served as text/plain
// is refused by browsers).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".md":   "text/markdown; charset=utf-8",
}

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// Handler serves the page: the embedded static files, with config.json
// generated from cfg. Every response carries a Content-Security-Policy that
// lets the page load only its own files and connect only to its own origin
// and the origins cfg names. Mount it at the root of its own listener, or
// under a prefix with http.StripPrefix (the page uses relative URLs).
func Handler(cfg Config) http.Handler {
	assets, err := loadAssets()
	if err != nil {
		// The files are compiled in; failing to read them is a build defect.
		panic(fmt.Sprintf("web: read embedded files: %v", err))
	}
	conf, err := json.MarshalIndent(pageConfig{
		WebSocketURL:   cfg.WebSocketURL,
		Token:          cfg.Token,
		OutputsBaseURL: cfg.OutputsBaseURL,
		PingInterval:   int((cfg.PingInterval + time.Second - 1) / time.Second),
	}, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("web: encode config.json: %v", err))
	}
	allowed := map[string]bool{}
	for _, h := range cfg.AllowedHosts {
		allowed[strings.ToLower(strings.TrimSuffix(h, "."))] = true
	}
	return &handler{
		assets:   assets,
		config:   append(conf, '\n'),
		csp:      ContentSecurityPolicy(cfg),
		allowed:  allowed,
		hasToken: cfg.Token != "",
	}
}

// hostAllowed reports whether config.json may be served for the request's
// Host header: a loopback name or address, or one of the allowed names.
func (h *handler) hostAllowed(hostport string) bool {
	host := hostport
	if hst, _, err := net.SplitHostPort(hostport); err == nil {
		host = hst
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || h.allowed[host] {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

func loadAssets() (map[string]asset, error) {
	root, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("open static: %w", err)
	}
	assets := map[string]asset{}
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(root, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		ct, ok := contentTypes[path.Ext(p)]
		if !ok {
			ct = http.DetectContentType(body)
		}
		sum := sha256.Sum256(body)
		assets["/"+p] = asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	return assets, err
}

type handler struct {
	assets  map[string]asset
	config  []byte
	csp     string
	allowed map[string]bool // AllowedHosts, lowercase
	// hasToken: config.json carries a token, so only loopback and
	// allowed hosts get it; without one it is public anyway.
	hasToken bool
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", h.csp)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "" || p == "/" {
		p = "/index.html"
	}
	if p == "/config.json" {
		if h.hasToken && !h.hostAllowed(r.Host) {
			http.Error(w, "config.json is served only to loopback or allowed host names (serve --allow-host)", http.StatusForbidden)
			return
		}
		// Generated per stack and may hold a token: never cached.
		hdr.Set("Content-Type", "application/json")
		hdr.Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "config.json", time.Time{}, bytes.NewReader(h.config))
		return
	}
	a, ok := h.assets[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr.Set("Content-Type", a.contentType)
	// Revalidate every time (cheap with the ETag): a rebuilt binary must
	// not leave a browser running an old module next to a new one.
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("ETag", a.etag)
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(a.body))
}

// ContentSecurityPolicy returns the policy Handler sends for cfg: nothing
// but the page's own scripts, styles and images, no inline code, no
// framing, and connections only to the page's origin plus the origins of
// cfg's URLs. A static deployment should send the same policy (README.md).
func ContentSecurityPolicy(cfg Config) string {
	connect := []string{"'self'"}
	for _, raw := range append([]string{cfg.WebSocketURL, cfg.OutputsBaseURL}, cfg.ConnectSrc...) {
		if o := origin(raw); o != "" && !slices.Contains(connect, o) {
			connect = append(connect, o)
		}
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"connect-src " + strings.Join(connect, " "),
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}

// origin returns scheme://host[:port] of an absolute http(s)/ws(s) URL, ""
// for anything else (a CSP source must not carry a path or junk).
func origin(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		return u.Scheme + "://" + u.Host
	}
	return ""
}
