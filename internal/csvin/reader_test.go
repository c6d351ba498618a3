package csvin

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestErrorText(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{"orders.csv", 4, "revenue", `"12,3x" is not an amount`}, `orders.csv: line 4: revenue: "12,3x" is not an amount`},
		{Error{"orders.csv", 4, "", "problem"}, `orders.csv: line 4: problem`},
		{Error{"orders.csv", 0, "", "the file is empty"}, `orders.csv: the file is empty`},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestHeaderNames(t *testing.T) {
	for _, h := range []string{
		"order_id,created_at,revenue",
		"Order ID,Created At,Revenue",
		" ORDER-ID , created  at ,REVENUE",
		"\uFEFForder id,created-at,revenue",
	} {
		got, errs, err := ParseOrders(strings.NewReader(h+"\n1,2024-01-01,5\n"), opts("orders.csv"))
		if err != nil || len(errs) > 0 || len(got) != 1 || got[0].ExternalID != "1" || got[0].Revenue != 500 {
			t.Errorf("header %q: %+v %v %v", h, got, errs, err)
		}
	}
}

func TestFatalFileErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", `orders.csv: the file is empty (a header row is required)`},
		{"\uFEFF\r\n\r\n", `orders.csv: the file is empty (a header row is required)`},
		{"\n\norder_id,created_at\n", `orders.csv: line 3: missing required column "revenue"`},
		{"order_id,created_at,revenue,Revenue\n", `orders.csv: line 1: column "revenue" appears twice (columns 3 and 4)`},
		{"order_id;created_at;revenue\n1;2024-01-01;5\n", `orders.csv: line 1: missing required columns "order_id", "created_at", "revenue" (the header looks separated by semicolons or tabs; save the file as comma-separated CSV)`},
		{"order_id,\"created_at,revenue\n", `orders.csv: line 1: a quoted field is not closed properly; double any quote (") inside it`},
	} {
		got, errs, err := ParseOrders(strings.NewReader(c.in), opts("orders.csv"))
		checkFatal(t, got, errs, err, c.want)
		var e Error
		if !errors.As(err, &e) {
			t.Errorf("%q: fatal error %T is not an Error", c.in, err)
		}
	}
}

func TestReadFailureIsFatal(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("order_id,created_at,revenue\n1,2024-01-01,5\n"), iotest.ErrReader(boom))
	got, errs, err := ParseOrders(r, opts("orders.csv"))
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "orders.csv: ") || got != nil || errs != nil {
		t.Errorf("got %v %v %v", got, errs, err)
	}
}

func TestDefaultFileName(t *testing.T) {
	_, _, err := ParseCodes(strings.NewReader("code\n"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "codes.csv: line 1: ") {
		t.Errorf("got %v", err)
	}
	_, _, err = ParseShopifyOrders(strings.NewReader(""), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "orders_export.csv: ") {
		t.Errorf("got %v", err)
	}
}

// A quoting mistake spoils its own row only; the rows after it are read.
func TestQuotingErrorsAreRowErrors(t *testing.T) {
	in := `order_id,created_at,revenue
1,2024-01-01,5 "big" deal
2,2024-01-01,6
"3"x,2024-01-01,7
4,2024-01-01,8
5,2024-01-01,"9
9"x
6,2024-01-01,10
7,2024-01-01,"11
`
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`orders.csv: line 2: a quote (") inside a field that is not quoted; quote the field and double the quote`,
		`orders.csv: line 4: a quoted field is not closed properly; double any quote (") inside it`,
		`orders.csv: line 6: a quoted field is not closed properly; double any quote (") inside it (noticed on line 7)`,
		`orders.csv: line 9: a quoted field is not closed properly; double any quote (") inside it`,
	)
	if len(got) != 3 || got[0].Line != 3 || got[1].Line != 5 || got[2].Line != 8 {
		t.Errorf("records: %+v", got)
	}
}

func TestBlankAndShortRows(t *testing.T) {
	in := "order_id,created_at,revenue,units\n\n , ,\n1,2024-01-01,5\n,,,\n\n2,2024-01-02,6,3,extra,fields\n"
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	checkRecords(t, got, []Order{
		{Line: 4, Source: "csv", ExternalID: "1", Time: ny(2024, 1, 1, 0, 0, 0), Revenue: 500, Units: 1},
		{Line: 7, Source: "csv", ExternalID: "2", Time: ny(2024, 1, 2, 0, 0, 0), Revenue: 600, Units: 3},
	})
}

// Every parser hands back the header's columns its kind does not know,
// as the file spells them, so a renamed column can be reported.
func TestIgnoredColumns(t *testing.T) {
	parsers := []struct {
		name, header string
		parse        func(io.Reader, Options) error
	}{
		{"campaigns", "name,starts,ends", drop(ParseCampaigns)},
		{"creators", "handle,platform,followers", drop(ParseCreators)},
		{"posts", "post_id,creator,campaign,platform,format,published_at", drop(ParsePosts)},
		{"costs", "creator,campaign,kind,amount", drop(ParseCosts)},
		{"codes", "code,creator,campaign", drop(ParseCodes)},
		{"links", "slug,destination,creator,campaign", drop(ParseLinks)},
		{"clicks", "slug,clicked_at", drop(ParseClicks)},
		{"orders", "order_id,created_at,revenue", drop(ParseOrders)},
		{"shopify", "Name,Subtotal,Created at", drop(ParseShopifyOrders)},
		{"daily sales", "date,revenue,orders", drop(ParseDailySales)},
		{"post metrics", "Post ID,Views,Reach", drop(ParsePostMetrics)},
		{"amazon attribution", "Date,Ad group,Click-throughs,Purchases,Product sales", drop(inUSD(ParseAmazonAttribution))},
		{"amazon associates", "Date,Tracking Id,Clicks,Items Ordered,Revenue", drop(inUSD(ParseAmazonAssociates))},
	}
	for _, p := range parsers {
		// Known columns are matched loosely, unknown ones kept as written;
		// a blank header cell (a trailing comma) is no column.
		in := "\uFEFFMy Notes, " + p.header + ",  Total impressions ,\n"
		var got []string
		o := opts("f.csv")
		o.Ignored = &got
		if err := p.parse(strings.NewReader(in), o); err != nil {
			t.Errorf("%s: %v", p.name, err)
		}
		if want := []string{"My Notes", "Total impressions"}; !slices.Equal(got, want) {
			t.Errorf("%s: ignored %q, want %q", p.name, got, want)
		}
		got = []string{"stale"}
		if err := p.parse(strings.NewReader(p.header+"\n"), o); err != nil || got != nil {
			t.Errorf("%s: a file of known columns ignored %q (%v)", p.name, got, err)
		}
	}
}

func drop[T any](parse func(io.Reader, Options) ([]T, []Error, error)) func(io.Reader, Options) error {
	return func(r io.Reader, o Options) error {
		_, _, err := parse(r, o)
		return err
	}
}

// A missing column is reported with the columns the file has that Lift
// does not know: the missing one is often among them, renamed.
func TestMissingColumnNamesUnknownOnes(t *testing.T) {
	got, errs, err := ParseOrders(strings.NewReader("Order Number,created_at,revenue,Tags\n1,2024-01-01,5,x\n"), opts("orders.csv"))
	checkFatal(t, got, errs, err, `orders.csv: line 1: missing required column "order_id" (unknown columns in the file: "Order Number", "Tags")`)
}
