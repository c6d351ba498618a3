package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const testSecret = "whsec_test_5f1d3c9e0b7a2f4e"

func load(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// patch edits a JSON payload through a generic tree; numbers stay
// json.Number so that ids above 2^53 survive the round trip.
func patch(t testing.TB, body []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonNumber(s string) json.Number { return json.Number(s) }

// obj walks into nested objects: obj(m, "data", "object").
func obj(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

// header builds what the server passes: http.Header.Get, which
// canonicalises names, so any spelling the package uses must work.
func header(kv ...string) func(string) string {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h.Get
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// checkResult compares a result with the expected event or error; for an
// ErrPayload, detail must appear in the message.
func checkResult(t *testing.T, got Event, err error, want Event, wantErr error, detail string) {
	t.Helper()
	if wantErr != nil {
		if !errors.Is(err, wantErr) {
			t.Fatalf("error %v, want %v (event %+v)", err, wantErr, got)
		}
		if detail != "" && !strings.Contains(err.Error(), detail) {
			t.Fatalf("error %q does not mention %q", err, detail)
		}
		if !reflect.DeepEqual(got, Event{}) {
			t.Fatalf("event %+v returned with error %v", got, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("event\n got %s\nwant %s", show(got), show(want))
	}
}

func show(ev Event) string {
	b, _ := json.MarshalIndent(ev, "", "  ")
	return string(b)
}

// checkContract holds for every signed body, however broken: an error is
// one of the three sentinels and comes alone, and an event sets exactly
// one of Order, Refund and Ignored, with the invariants the store relies on.
func checkContract(t *testing.T, provider string, ev Event, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, ErrPayload) && !errors.Is(err, ErrSignature) && !errors.Is(err, ErrNoSecret) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		if !reflect.DeepEqual(ev, Event{}) {
			t.Fatalf("event %+v returned with error %v", ev, err)
		}
		return
	}
	set := 0
	for _, b := range []bool{ev.Order != nil, ev.Refund != nil, ev.Ignored != "", ev.Order == nil && len(ev.Promotions) > 0} {
		if b {
			set++
		}
	}
	if set != 1 {
		t.Fatalf("event sets %d of Order, Refund, Promotions, Ignored: %s", set, show(ev))
	}
	if ev.Provider != provider {
		t.Fatalf("provider %q, want %q", ev.Provider, provider)
	}
	if ev.Order != nil {
		checkOrder(t, provider, ev)
	}
	if r := ev.Refund; r != nil {
		if ev.ID == "" || r.Source != provider || r.ExternalID == "" || r.RefundID == "" || r.Amount < 0 {
			t.Fatalf("bad refund event %s", show(ev))
		}
	}
	if len(ev.Refunds) > 0 && ev.Order == nil {
		t.Fatalf("refunds without their order: %s", show(ev))
	}
	for _, r := range ev.Refunds {
		if r.Source != provider || r.ExternalID != ev.Order.ExternalID || r.RefundID == "" || r.Amount < 0 {
			t.Fatalf("bad refund in an order event %s", show(ev))
		}
	}
}

func checkOrder(t *testing.T, provider string, ev Event) {
	t.Helper()
	o := ev.Order
	if ev.ID == "" || o.Source != provider || o.ExternalID == "" || o.Time.IsZero() {
		t.Fatalf("order event without id, source or time: %s", show(ev))
	}
	if o.Revenue < 0 || o.Refunded < 0 || o.Refunded > o.Revenue || o.Units < 0 {
		t.Fatalf("bad amounts: %s", show(ev))
	}
	if o.Currency != "" && (len(o.Currency) != 3 || strings.ToUpper(o.Currency) != o.Currency) {
		t.Fatalf("bad currency %q", o.Currency)
	}
	seen := map[string]bool{}
	for _, c := range o.Codes {
		if c == "" || c != strings.ToUpper(c) || seen[c] {
			t.Fatalf("bad codes %q", o.Codes)
		}
		seen[c] = true
	}
	if o.Payment != "paid" && o.Payment != "pending" && o.Payment != "void" {
		t.Fatalf("payment %q is not paid, pending or void", o.Payment)
	}
	if o.Time.Location() != time.UTC {
		t.Fatalf("time %v is not in UTC", o.Time)
	}
}
