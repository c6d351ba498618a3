package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestAPIRefusesWhatFilesRefuse: the API holds orders and conversions to
// the limits of the CSV import, and stores nothing of a refused request.
func TestAPIRefusesWhatFilesRefuse(t *testing.T) {
	e := newEnv(t)
	order := func(id, extra string) string {
		return `{"order_id":` + id + `,"created_at":"2026-03-01","revenue":"10.00"` + extra + `}`
	}
	codes := make([]string, 51)
	for i := range codes {
		codes[i] = fmt.Sprintf("%q", fmt.Sprintf("CODE%d", i))
	}
	for _, tc := range []struct{ name, path, body, field, problem string }{
		{"trailing bytes", "/api/v1/orders", order(`"t1"`, "") + `{"order_id":"t2"}`, "", "data after the JSON value"},
		{"trailing garbage", "/api/v1/orders", `[` + order(`"t1"`, "") + `]xyz`, "", "data after the JSON value"},
		{"duplicate ids", "/api/v1/orders", `[` + order(`"d1"`, "") + `,` + order(`"d2"`, "") + `,` + order(`"d1"`, "") + `]`,
			"order_id", `duplicate order "d1" (first in item 1)`},
		{"long id", "/api/v1/orders", order(`"`+strings.Repeat("x", 257)+`"`, ""), "order_id", "is 257 bytes long; at most 256"},
		{"NUL in id", "/api/v1/orders", order(`"a\u0000b"`, ""), "order_id", "holds the control character U+0000"},
		{"51 codes", "/api/v1/orders", order(`"c1"`, `,"discount_codes":[`+strings.Join(codes, ",")+`]`),
			"discount_code", "more than 50 codes; at most 50 on one order"},
		{"year 1999", "/api/v1/orders", `{"order_id":"y1","created_at":"1999-06-01","revenue":"1.00"}`, "created_at", "outside the years 2000 to 2100"},
		{"not UTF-8", "/api/v1/orders", order("\"caf\xe9\"", ""), "", "not UTF-8"},
		{"51 codes on a conversion", "/api/v1/conversions",
			`{"conversion_id":"v9","type":"signup","created_at":"2026-03-01","discount_code":"` + shortCodes(51) + `"}`,
			"discount_code", "at most 50 on one conversion"},
		{"duplicate conversions", "/api/v1/conversions",
			`[{"conversion_id":"v1","type":"signup","created_at":"2026-03-01"},{"conversion_id":"v1","type":"lead","created_at":"2026-03-02"}]`,
			"conversion_id", `duplicate conversion "v1" (first in item 1)`},
	} {
		code, body := e.call(t, "POST", tc.path, e.keyA, tc.body)
		if code != 400 {
			t.Errorf("%s: %d, want 400: %v", tc.name, code, body)
			continue
		}
		msg := fmt.Sprint(body["error"])
		if tc.field != "" {
			msg = fmt.Sprint(body["details"])
		}
		if !strings.Contains(msg, tc.problem) || !strings.Contains(msg, tc.field) {
			t.Errorf("%s: %v, want %s: %s", tc.name, body, tc.field, tc.problem)
		}
	}
	if rows := e.rows(t); rows["orders"]+rows["conversions"] != 0 {
		t.Errorf("refused requests stored %d orders and %d conversions", rows["orders"], rows["conversions"])
	}
	// At the limits, an order goes in.
	if code, body := e.call(t, "POST", "/api/v1/orders", e.keyA,
		order(`"`+strings.Repeat("y", 256)+`"`, `,"discount_codes":[`+strings.Join(codes[:50], ",")+`]`)); code != 200 {
		t.Errorf("an order at the limits: %d %v", code, body)
	}
}

// shortCodes is n distinct codes of one or two characters, comma-separated.
func shortCodes(n int) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var codes []string
	for i := 0; len(codes) < n; i++ {
		if i < len(chars) {
			codes = append(codes, chars[i:i+1])
		} else {
			codes = append(codes, "Z"+chars[i-len(chars):i-len(chars)+1])
		}
	}
	return strings.Join(codes, ",")
}
