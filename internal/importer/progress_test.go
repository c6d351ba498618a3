package importer

import (
	"testing"

	"github.com/liftmetrics/lift/internal/progress"
)

// TestProgressCountsCheckedRows: the counter a terminal line reads learns
// the rows parsed as its total and counts each row written, refused rows
// aside, on a first import and on a re-import that changes nothing.
func TestProgressCountsCheckedRows(t *testing.T) {
	st, ws := seeded(t)
	data := "order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-03,ten\n3,2026-03-04,5.00\n"
	for range 2 {
		c := new(progress.Counter)
		if _, err := imp(t, st, ws, "orders", data, Options{SkipBad: true, Progress: c}); err != nil {
			t.Fatal(err)
		}
		if done, total := c.Rows(); done != 2 || total != 2 {
			t.Errorf("progress %d of %d, want 2 of 2", done, total)
		}
	}
}
