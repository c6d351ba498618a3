package web

import (
	"html"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/report"
)

// cara has no post in Spring (March 1–31): her $31.00 fee without a date
// is $1.00 a day. Picking March 6–31 counts 26 of those days, $26.00,
// plus ana's 10% commission on o5 ($4.00): cost $30.00, and the page
// says how the fee was spread. The whole campaign counts it whole:
// $864.00 + $31.00.
func TestOverviewSpreadsUndatedCosts(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "costs", "creator,campaign,kind,amount\ncara,Spring,fee,31.00\n")
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/?campaign=Spring&from=2026-03-06&to=2026-03-31")
	text := html.UnescapeString(body)
	for _, want := range []string{"$30.00", report.SpreadNote} {
		if !strings.Contains(text, want) {
			t.Errorf("overview for March 6–31 lacks %q", want)
		}
	}
	_, body = c.get("/?campaign=Spring")
	if text := html.UnescapeString(body); !strings.Contains(text, "$895.00") || strings.Contains(text, report.SpreadNote) {
		t.Errorf("whole campaign: want cost $895.00 and no spread note")
	}
}
