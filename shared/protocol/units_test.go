package protocol

import (
	"testing"

	"docflow/shared/domain"
)

// TestSizeMessageSingular: the limit reads as English ("1 byte").
func TestSizeMessageSingular(t *testing.T) {
	tests := []struct{ size, want string }{
		{"0", "size must be at least 1 byte."},
		{"-5", "size must be at least 1 byte."},
		{"0.5", "size must be at least 1 byte."},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(`{"action":"get_upload_url","document_name":"a.pdf","content_type":"application/pdf","size":` + tt.size + `}`))
		if got := domain.ErrorMessage(err); got != tt.want {
			t.Errorf("size %s: got %q, want %q", tt.size, got, tt.want)
		}
	}
}
