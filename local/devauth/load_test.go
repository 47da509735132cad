package devauth

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"docflow/shared/auth"
)

// verify checks token against the key set iss publishes, as the stack's
// authorizer does.
func verify(t *testing.T, iss *Issuer, token string) error {
	t.Helper()
	srv := httptest.NewServer(iss)
	defer srv.Close()
	v := auth.NewVerifier(auth.Config{Issuer: iss.Issuer(), JWKSURL: srv.URL}, srv.Client())
	_, err := v.Verify(context.Background(), token)
	return err
}

func TestLoadKeepsTheKeyAcrossRestarts(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "data", "devauth-key.pem")
	first, err := Load("http://127.0.0.1:8080", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	token, err := first.Token("alice", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("no key file after Load: %v", err)
	}
	if got, want := st.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("key file mode = %v, want %v", got, want)
	}

	tests := []struct {
		name    string
		load    func() (*Issuer, error)
		wantErr bool
	}{
		{"same file, same issuer", func() (*Issuer, error) { return Load("http://127.0.0.1:8080", keyFile) }, false},
		{"same file, another address", func() (*Issuer, error) { return Load("http://127.0.0.1:9090", keyFile) }, true},
		{"no file (in memory)", func() (*Issuer, error) { return New("http://127.0.0.1:8080") }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			again, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			err = verify(t, again, token)
			if gotErr := err != nil; gotErr != tc.wantErr {
				t.Errorf("old token verifies with error %v, want an error: %v", err, tc.wantErr)
			}
		})
	}
}

func TestLoadRefusesABrokenKeyFile(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "devauth-key.pem")
	if err := os.WriteFile(keyFile, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("http://127.0.0.1:8080", keyFile); err == nil {
		t.Fatal("Load accepted a key file with no key: a new key would lock every token out silently")
	}
}
