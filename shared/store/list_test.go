package store_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/store/storetest"
)

func TestListDocuments(t *testing.T) {
	s, ctx := storetest.New(t), t.Context()
	// Fractions that RFC3339Nano would write with different widths
	// (".5", ".25", none), so a string sort of unpadded times would be wrong.
	offsets := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, time.Second, time.Second + 1, 2 * time.Second}
	var alice []string // ids, oldest first
	for i, off := range offsets {
		id := fmt.Sprintf("a%d", i)
		alice = append(alice, id)
		if _, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0.Add(off))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if _, _, err := s.CreateDocument(ctx, newDoc(fmt.Sprintf("b%d", i), "bob", t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	newestFirst := slices.Clone(alice)
	slices.Reverse(newestFirst)

	tests := []struct {
		name  string
		owner string
		limit int
		want  [][]string // pages
	}{
		{"one page", "alice", 10, [][]string{newestFirst}},
		{"exact pages end without an empty page", "alice", 3, [][]string{newestFirst[:3], newestFirst[3:]}},
		{"uneven pages", "alice", 4, [][]string{newestFirst[:4], newestFirst[4:]}},
		{"default limit", "alice", 0, [][]string{newestFirst}},
		{"owner isolation", "bob", 2, [][]string{{"b2", "b1"}, {"b0"}}},
		{"nobody's documents", "carol", 5, [][]string{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := ""
			for i, want := range tt.want {
				docs, next, err := s.ListDocuments(ctx, tt.owner, tt.limit, cursor)
				if err != nil {
					t.Fatalf("page %d: %v", i, err)
				}
				got := []string{}
				for _, d := range docs {
					got = append(got, d.ID)
					if d.Owner != tt.owner {
						t.Errorf("page %d: %s belongs to %s", i, d.ID, d.Owner)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("page %d = %v, want %v", i, got, want)
				}
				if last := i == len(tt.want)-1; last != (next == "") {
					t.Fatalf("page %d: cursor %q, want a cursor only before the last page", i, next)
				}
				cursor = next
			}
		})
	}
}

func TestListDocumentsBadCursor(t *testing.T) {
	s, ctx := storetest.New(t), t.Context()
	for i := range 3 {
		if _, _, err := s.CreateDocument(ctx, newDoc(fmt.Sprintf("a%d", i), "alice", t0.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	_, good, err := s.ListDocuments(ctx, "alice", 1, "")
	if err != nil || good == "" {
		t.Fatalf("first page: cursor %q, err %v", good, err)
	}
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, owner, cursor string
		wantCode            domain.Code
	}{
		{"issued cursor", "alice", good, ""},
		{"not base64", "alice", "%%%", domain.CodeInvalidField},
		{"padded base64", "alice", good + "=", domain.CodeInvalidField},
		{"not JSON", "alice", b64("nope"), domain.CodeInvalidField},
		{"empty object", "alice", b64("{}"), domain.CodeInvalidField},
		{"another owner's cursor", "bob", good, domain.CodeInvalidField},
		{"unknown field", "alice", b64(`{"documentId":"a1","owner":"alice","createdAt":"2026-01-02T03:04:06.000000000Z","x":1}`), domain.CodeInvalidField},
		{"unpadded time", "alice", b64(`{"documentId":"a1","owner":"alice","createdAt":"2026-01-02T03:04:06Z"}`), domain.CodeInvalidField},
		{"trailing data", "alice", b64(`{"documentId":"a1","owner":"alice","createdAt":"2026-01-02T03:04:06.000000000Z"}{}`), domain.CodeInvalidField},
		{"hand-made but valid", "alice", b64(`{"documentId":"a1","owner":"alice","createdAt":"2026-01-02T03:04:06.000000000Z"}`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.ListDocuments(ctx, tt.owner, 1, tt.cursor)
			if got := domain.ErrorCode(err); got != tt.wantCode {
				t.Errorf("code = %q (err %v), want %q", got, err, tt.wantCode)
			}
		})
	}
}
