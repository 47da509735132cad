package store_test

import (
	"fmt"
	"testing"

	"docflow/shared/domain"
	"docflow/shared/store/storetest"
)

// BenchmarkAdvance measures one applied forward step (a conditional
// UpdateItem) through the SDK against minidyn on loopback.
func BenchmarkAdvance(b *testing.B) {
	s, ctx := storetest.New(b), b.Context()
	for i := 0; b.Loop(); i++ {
		// Progress runs 1..99 on each document, then a new one starts.
		id := fmt.Sprintf("doc-%d", i/99)
		if i%99 == 0 {
			if _, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0)); err != nil {
				b.Fatal(err)
			}
		}
		_, ok, err := s.Advance(ctx, id, domain.Update{Stage: domain.StageProcess, Status: domain.StatusProcessing,
			Progress: 1 + i%99, Message: "m", At: t0})
		if err != nil || !ok {
			b.Fatalf("Advance: applied %v, err %v", ok, err)
		}
	}
}
