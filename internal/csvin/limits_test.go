package csvin

import (
	"os"
	"strings"
	"testing"
)

// A file saved as Latin-1 (as Excel on Windows does) is refused line by
// line, never stored as invalid bytes.
func TestLatin1FileIsRefused(t *testing.T) {
	f, err := os.Open("testdata/limits/creators-latin1.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, errs, err := ParseCreators(f, opts("creators-latin1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		"creators-latin1.csv: line 2: name: not UTF-8; save as UTF-8",
		"creators-latin1.csv: line 3: name: not UTF-8; save as UTF-8",
		"creators-latin1.csv: line 3: niche: not UTF-8; save as UTF-8")
	if len(recs) != 1 || recs[0].Handle != "ben" {
		t.Errorf("records: %+v", recs)
	}
}

func TestFieldLimits(t *testing.T) {
	long := strings.Repeat("x", MaxID+1)
	codes := make([]string, MaxCodes+1)
	for i := range codes {
		codes[i] = "C" + strings.Repeat("X", i%7) + string(rune('A'+i%26)) + string(rune('A'+i/26))
	}
	file := "order_id,created_at,revenue,discount_code,landing_url\n" +
		long + ",2026-03-01,10.00,,\n" + // line 2
		strings.Repeat("y", MaxID) + ",2026-03-01,10.00,,\n" + // line 3: exactly at the limit
		"o\x00,2026-03-01,10.00,,\n" + // line 4
		"o5,2026-03-01,10.00,\"" + strings.Join(codes, ",") + "\",\n" + // line 5
		"o6,2026-03-01,10.00,\"" + strings.Join(codes[:MaxCodes], ",") + "\",\n" + // line 6
		"o7,1999-12-31,10.00,,\n" + // line 7
		"o8,2101-01-01,10.00,,\n" + // line 8
		"o9,2026-03-01,10.00,,/p?x=" + strings.Repeat("z", MaxText) + "\n" // line 9
	recs, errs, err := ParseOrders(strings.NewReader(file), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		"orders.csv: line 2: order_id: is 257 bytes long; at most 256",
		"orders.csv: line 4: order_id: holds the control character U+0000",
		"orders.csv: line 5: discount_code: more than 50 codes; at most 50 on one order",
		`orders.csv: line 7: created_at: "1999-12-31" is outside the years 2000 to 2100`,
		`orders.csv: line 8: created_at: "2101-01-01" is outside the years 2000 to 2100`,
		"orders.csv: line 9: landing_url: is 16389 bytes long; at most 16384")
	if len(recs) != 2 || len(recs[1].Codes) != MaxCodes {
		t.Errorf("want the order at the id limit and the one with %d codes, got %d records", MaxCodes, len(recs))
	}
}

// 90,000 codes on one order (719,999 bytes: 90,000 × 5 + 18,000 × (0+1+2+3+4)
// + 89,999 commas) are refused by the field's length before any is read;
// Codes, for the API and webhooks, stops after MaxCodes+1 distinct codes,
// so the work does not grow with the square of the codes.
func TestManyCodesAreRefusedEarly(t *testing.T) {
	var b strings.Builder
	b.WriteString("order_id,created_at,revenue,discount_code\no1,2026-03-01,10.00,\"")
	for i := range 90000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("CODE")
		b.WriteString(strings.Repeat("9", i%5))
		b.WriteByte(byte('A' + i%26))
	}
	b.WriteString("\"\n")
	_, errs, err := ParseOrders(strings.NewReader(b.String()), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs, "orders.csv: line 2: discount_code: is 719999 bytes long; at most 16384")
	if got := Codes(strings.Repeat("A,B,C,", 30000) + "D"); len(got) != 4 {
		t.Errorf("Codes: %v", got)
	}
	field := b.String()[strings.IndexByte(b.String(), '"')+1:]
	if got := Codes(field); len(got) != MaxCodes+1 {
		t.Errorf("Codes of 90,000 codes: %d, want it to stop at %d", len(got), MaxCodes+1)
	}
}
