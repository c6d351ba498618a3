package importer

import (
	"context"
	"strings"
	"testing"
)

func files(kindsAndData ...string) []File {
	var out []File
	for i := 0; i < len(kindsAndData); i += 2 {
		out = append(out, File{Kind: kindsAndData[i], Name: kindsAndData[i] + ".csv", Data: strings.NewReader(kindsAndData[i+1])})
	}
	return out
}

// Later files see what earlier ones wrote, and everything lands at once.
func TestImportAllInOneTransaction(t *testing.T) {
	st, ws := testStore(t)
	res, err := ImportAll(context.Background(), st, ws, files(
		"campaigns", campaigns, "creators", creators,
		"codes", "code,creator,campaign\nANA10,ana/instagram,Spring\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[2].String() != "codes codes.csv: read 1, stored 1, updated 0, unchanged 0, refused 0" {
		t.Fatalf("results: %v", res)
	}
	if count(t, st, "codes") != 1 || count(t, st, "imports") != 3 {
		t.Errorf("codes %d, imports %d", count(t, st, "codes"), count(t, st, "imports"))
	}
}

// A refused file leaves nothing of the files before it.
func TestImportAllWritesNothingWhenOneFileIsRefused(t *testing.T) {
	st, ws := testStore(t)
	_, err := ImportAll(context.Background(), st, ws, files(
		"campaigns", campaigns, "creators", creators,
		"codes", "code,creator,campaign\nANA10,zoe,Spring\n"))
	if err == nil || !strings.Contains(err.Error(), "codes.csv: refused") {
		t.Fatalf("err = %v", err)
	}
	for _, table := range []string{"campaigns", "creators", "codes", "imports"} {
		if n := count(t, st, table); n != 0 {
			t.Errorf("%s: %d rows after a refused batch", table, n)
		}
	}
}
