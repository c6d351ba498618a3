package csvin

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zone database
)

var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// ny is a wall-clock time in the test workspace's zone.
func ny(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, newYork)
}

// excel dresses a file the way spreadsheets save it: a byte order mark
// and CRLF line ends.
func excel(s string) string {
	return "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n")
}

func opts(file string) Options { return Options{File: file, Loc: newYork} }

// inUTC puts every time.Time field in UTC, so that records compare by
// instant and not by the zone a parser happened to attach.
func inUTC[T any](recs []T) []T {
	out := make([]T, len(recs))
	copy(out, recs)
	for i := range out {
		v := reflect.ValueOf(&out[i]).Elem()
		for j := range v.NumField() {
			if f := v.Field(j); f.Type() == reflect.TypeFor[time.Time]() {
				f.Set(reflect.ValueOf(f.Interface().(time.Time).UTC()))
			}
		}
	}
	return out
}

func checkRecords[T any](t *testing.T, got, want []T) {
	t.Helper()
	g, w := inUTC(got), inUTC(want)
	if len(g) != len(w) {
		t.Errorf("got %d records, want %d:\n%s", len(g), len(w), dump(g))
	}
	for i := range min(len(g), len(w)) {
		if !reflect.DeepEqual(g[i], w[i]) {
			t.Errorf("record %d:\n got %s\nwant %s", i, dump(g[i]), dump(w[i]))
		}
	}
}

func dump(v any) string {
	s := fmt.Sprintf("%+v", v)
	return strings.ReplaceAll(s, "0x", "ptr:")
}

// checkErrors compares row errors by their full text, which holds file,
// line, column and problem.
func checkErrors(t *testing.T, got []Error, want ...string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing error %q", want[i])
		case i >= len(want):
			t.Errorf("unexpected error %q", got[i].Error())
		case got[i].Error() != want[i]:
			t.Errorf("error %d:\n got %q\nwant %q", i, got[i].Error(), want[i])
		}
	}
}

// checkFatal expects the file to be refused as a whole.
func checkFatal[T any](t *testing.T, recs []T, errs []Error, err error, want string) {
	t.Helper()
	if err == nil || err.Error() != want {
		t.Fatalf("fatal error = %v, want %q", err, want)
	}
	if recs != nil || errs != nil {
		t.Errorf("records %v and row errors %v returned with a fatal error", recs, errs)
	}
}

func ptr[T any](v T) *T { return &v }
