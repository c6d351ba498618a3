package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// TestDownloadsDoNotRunFormulas: a creator named like a formula is
// written so that a spreadsheet shows it, and negative numbers stay
// numbers.
func TestDownloadsDoNotRunFormulas(t *testing.T) {
	e := newEnv(t)
	storetest.RenameCreator(t, e.st, e.brand.ID, "ana", "@SUM(1+1)*cmd")
	storetest.RenameCreator(t, e.st, e.brand.ID, "ben", "-2+3")
	c := e.signedIn(t, "ana@brand.com")
	recs := csvOf(t, c, "/creators?format=csv&table=creators")
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	seen := map[string]bool{}
	negative := false
	for _, r := range recs[1:] {
		seen[r[0]] = true
		if strings.HasPrefix(r[col["roi"]], "-") {
			negative = true
			if _, err := strconv.ParseFloat(r[col["roi"]], 64); err != nil {
				t.Errorf("negative ROI %q is not a number", r[col["roi"]])
			}
		}
	}
	if !seen["'@SUM(1+1)*cmd"] || !seen["'-2+3"] || seen["@SUM(1+1)*cmd"] {
		t.Errorf("formula-like names not neutralised: %v", seen)
	}
	if !negative {
		t.Error("no negative ROI in the download: the fixture should have one")
	}
}
