package s3bolt

import (
	"bytes"
	"crypto/md5"
	"io"
	"path/filepath"
	"runtime/debug"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// An object's bytes belong to the caller once GetObject returns. Upstream
// decoded them in place, so Contents and Hash pointed into bolt's memory
// map after the read transaction had ended: a reader then saw whatever
// bolt later put in those pages, or faulted once bolt unmapped them (on
// Close, or when the file grew and bolt remapped it).
func TestGetObjectOutlivesTheDatabase(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "s3.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	backend := New(db)
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat([]byte("docflow "), 1<<17) // 1 MiB, its own pages
	if _, err := backend.PutObject("b", "k", nil, bytes.NewReader(want), int64(len(want)), nil); err != nil {
		t.Fatal(err)
	}
	obj, err := backend.GetObject("b", "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	hash := obj.Hash
	if err := db.Close(); err != nil { // unmaps the file
		t.Fatal(err)
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("reading an object after the database closed faulted: %v", r)
		}
	}()
	got, err := io.ReadAll(obj.Contents)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("contents after close: %d bytes, err %v; want the %d bytes put", len(got), err, len(want))
	}
	if sum := md5.Sum(want); !bytes.Equal(hash, sum[:]) {
		t.Fatalf("hash after close: %x, want %x", hash, sum)
	}
}
