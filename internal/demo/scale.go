package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/store"
)

// Scaled is what ImportScale stored.
type Scaled struct {
	Clicks, Orders int
}

// ImportScale imports copies 0 to n-1 of the sample from seed into ws,
// one transaction per copy, through the importer's bulk path. counter,
// when not nil, counts the rows stored, with the rows in all estimated
// from the copies done so far.
func ImportScale(ctx context.Context, st *store.Store, ws store.Workspace, seed uint64, n int, counter *progress.Counter) (Scaled, error) {
	var out Scaled
	var rows int64
	for k := range n {
		files := Copy(seed, k)
		in := make([]importer.File, len(files))
		for i, f := range files {
			in[i] = importer.File{Kind: f.Kind, Name: fmt.Sprintf("copy %d/%s", k, f.Name), Data: bytes.NewReader(f.Data)}
		}
		results, err := importer.ImportAll(ctx, st, ws, in)
		if err != nil {
			return out, fmt.Errorf("copy %d: %w", k, err)
		}
		var copyRows int64
		for _, r := range results {
			switch r.Kind {
			case "clicks":
				out.Clicks += r.Stored
			case "orders":
				out.Orders += r.Stored
			}
			copyRows += int64(r.Stored)
		}
		rows += copyRows
		counter.Add(copyRows)
		counter.SetTotal(rows * int64(n) / int64(k+1))
	}
	counter.SetTotal(rows)
	return out, nil
}
