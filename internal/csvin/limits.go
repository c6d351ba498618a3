package csvin

import (
	"fmt"
	"unicode/utf8"
)

// Limits on what an input may hold, the same for files, the API and
// webhooks (README "Security" lists them). They bound the memory and the
// work one request or row can cause, and keep what is stored printable.
const (
	MaxID    = 256      // bytes: ids, codes, slugs, handles, names, currencies
	MaxText  = 16 << 10 // bytes: any other field (URLs, user agents, notes)
	MaxCodes = 50       // discount codes on one order
	MinYear  = 2000     // dates before it are typos ("0024-06-01", "1924")
	MaxYear  = 2100     // and after it
)

// CheckText refuses text longer than max bytes, text that is not UTF-8,
// and control characters: NUL and the other C0 controls, DEL and the C1
// controls. Free text (oneLine false) may hold tabs and line breaks.
func CheckText(s string, max int, oneLine bool) error {
	if len(s) > max {
		return fmt.Errorf("is %d bytes long; at most %d", len(s), max)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("not UTF-8; save as UTF-8")
	}
	for _, r := range s {
		if control(r) && (oneLine || r != '\t' && r != '\n' && r != '\r') {
			return fmt.Errorf("holds the control character %U", r)
		}
	}
	return nil
}

func control(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f }

// idColumns are the columns held to MaxID, in headerKey form: true for
// identifiers, which must also be one line; false for names, which may
// hold a quoted line break like any text.
var idColumns = map[string]bool{
	"order_id": true, "code": true, "slug": true, "handle": true, "creator": true, "click_id": true,
	"post_id": true, "customer_id": true, "visitor": true, "source": true, "platform": true, "kind": true,
	"format": true, "currency": true, "sku": true, "email": true, "tracking_id": true, "conversion_id": true,
	"name": false, "campaign": false, "ad_group": false, "niche": false,
}

// checkCells refuses, in every known column of the current row, a field
// that breaks CheckText; the row's parser then sees the field as absent,
// so one problem is told once.
func (t *table) checkCells() {
	if len(t.limits) != len(t.cols) {
		// Once per file: the limits of each column, by its name.
		t.limits = make([]cellLimit, len(t.cols))
		for c, col := range t.cols {
			oneLine, id := idColumns[headerKey(col.name)]
			t.limits[c] = cellLimit{max: MaxText, oneLine: oneLine}
			if id {
				t.limits[c].max = MaxID
			}
		}
	}
	for c, i := range t.idx {
		t.broken[c] = false
		if i < 0 || i >= len(t.rec) || t.unread > 0 && c >= t.unread {
			continue
		}
		if err := CheckText(t.rec[i], t.limits[c].max, t.limits[c].oneLine); err != nil {
			t.fail(c, err.Error())
			t.broken[c] = true
		}
	}
}

// cellLimit is how long a column's fields may be, and whether on one line.
type cellLimit struct {
	max     int
	oneLine bool
}

// CheckOrders holds orders that did not come from a file (the API,
// webhooks) to the limits a file's orders meet: each field's length and
// characters, at most MaxCodes codes, and each order once per source.
// Line is the order's Line (the item of a request).
func CheckOrders(orders []Order, file string) []Error {
	var errs []Error
	seen := map[orderKey]int{}
	for _, o := range orders {
		fail := func(col, problem string) {
			errs = append(errs, Error{File: file, Line: o.Line, Column: col, Problem: problem})
		}
		for _, f := range []struct {
			col, v string
			max    int
		}{{"order_id", o.ExternalID, MaxID}, {"source", o.Source, MaxID}, {"currency", o.Currency, MaxID},
			{"click_id", o.ClickID, MaxID}, {"customer_id", o.Customer, MaxID}, {"landing_url", o.LandingURL, MaxText},
			{"referrer", o.Referrer, MaxText}} {
			if err := CheckText(f.v, f.max, true); err != nil {
				fail(f.col, err.Error())
			}
		}
		if len(o.Codes) > MaxCodes {
			fail("discount_code", fmt.Sprintf("more than %d codes; at most %d on one order", MaxCodes, MaxCodes))
		}
		for _, c := range o.Codes {
			if err := CheckText(c, MaxID, true); err != nil {
				fail("discount_code", err.Error())
				break
			}
		}
		if first, dup := firstLine(seen, orderKey{o.Source, o.ExternalID}, o.Line); dup {
			fail("order_id", fmt.Sprintf("duplicate order %q (first in item %d)", o.ExternalID, first))
		}
	}
	return errs
}
