package customers

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the test must not depend on the machine's zone database

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
)

var day0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// at is d days and h hours after 1 March 2026, UTC.
func at(d, h int) time.Time { return day0.Add(time.Duration(d*24+h) * time.Hour) }

func whole(creator string) []Credit { return []Credit{{creator, attribution.Whole}} }

func halves(a, b string) []Credit {
	return []Credit{{a, attribution.Whole / 2}, {b, attribution.Whole / 2}}
}

func ptr[T any](v T) *T { return &v }

func cents(c money.Cents) *money.Cents { return &c }

// scenario: c1 is ana's customer and buys again and again; c2 came by ana
// and ben together; c3 was a customer before the data begins; two orders
// have no customer key, one the shop says is new; c4's first order is
// shared with a creator outside the selection and is 20 days old; eve's
// customer bought before her post. Kinds are as the report decides them.
func scenario() Input {
	return Input{
		Orders: []Order{
			{Time: at(0, 10), Customer: "c1", Net: 10000, Kind: New, Credits: whole("ana")},
			{Time: at(20, 10), Customer: "c1", Net: 5000, Kind: Returning, Credits: whole("ben")},
			{Time: at(45, 10), Customer: "c1", Net: 3000, Kind: Returning},
			{Time: at(90, 10), Customer: "c1", Net: 2000, Kind: Returning}, // exactly 90 days: counts
			{Time: at(95, 0), Customer: "c1", Net: 99900, Kind: Returning},
			{Time: at(10, 0), Customer: "c2", Net: 6000, Kind: New, Credits: halves("ana", "ben")},
			{Time: at(41, 0), Customer: "c2", Net: 4000, Kind: Returning, Credits: whole("cat")},
			{Time: at(5, 0), Customer: "c3", Net: 8000, Kind: Returning, Credits: whole("ana")},
			{Time: at(6, 0), Net: 2500, Kind: New, Credits: whole("ben")},
			{Time: at(7, 0), Net: 1500, Credits: whole("ben")},
			{Time: at(100, 0), Customer: "c4", Net: 7000, Kind: New, Credits: halves("", "cat")},
			{Time: at(1, 0), Customer: "c5", Net: 1000, Kind: New, Credits: whole("eve")},
		},
		Costs: []Cost{
			{"ana", at(0, 0), 15000},
			{"ana", at(30, 0), 10000},
			{"ben", at(3, 0), 5000},
			{"cat", at(35, 0), 4000},
		},
		Posted: map[string]time.Time{"ben": at(2, 0), "dan": at(4, 0), "eve": at(3, 0)},
		Rates:  map[string]float64{"ben": 0.1, "eve": 0.5},
		AsOf:   at(120, 0),
	}
}

func TestCompute(t *testing.T) {
	want := []Row{
		// c1: 30 days 100+50, 60 days +30, 90 days +20; c2: 60 in 30 days,
		// +40 on day 31, half each to ana and ben.
		// ana: (150+30)/1.5, (180+50)/1.5, (200+50)/1.5. Paid back on day
		// 5, then a second fee on day 30 put her behind again.
		{Key: "ana", Acquired: 1.5, LTV30: cents(12000), LTV60: cents(15333), LTV90: cents(16667),
			Orders: 2.5, NewOrders: 1.5, ReturningOrders: 1, Revenue: 21000, Cost: 25000},
		// ben: half of c2: 30/0.5, 50/0.5; the keyless order the shop
		// calls new is a customer acquired (1.5 in all) but not followed,
		// so LTV divides by 0.5; the keyless order without a flag is
		// neither new nor returning. Fee 50 on day 3 plus 10% commission:
		// 70 ≥ 57 on day 10, 8 days after his post.
		{Key: "ben", Acquired: 1.5, WithoutKey: 1, LTV30: cents(6000), LTV60: cents(10000), LTV90: cents(10000),
			Orders: 3.5, NewOrders: 1.5, ReturningOrders: 1, Revenue: 12000, Cost: 6200,
			PaybackDays: ptr(8), PaybackDate: ptr("2026-03-11")},
		// eve: her only customer's 10.00; commission 5.00 is covered at
		// once, before her post, so on the post's day.
		{Key: "eve", Acquired: 1, LTV30: cents(1000), LTV60: cents(1000), LTV90: cents(1000),
			Orders: 1, NewOrders: 1, Revenue: 1000, Cost: 500, PaybackDays: ptr(0), PaybackDate: ptr("2026-03-04")},
		// cat: half of c4, whose first order on day 100 is 20 days old on
		// day 120: inside 30, 60 and 90 days, so no LTV is final yet.
		// Fee 40 on day 35, paid back exactly by c2's 40 on day 41.
		{Key: "cat", Acquired: 0.5, Incomplete30: 0.5, Incomplete60: 0.5, Incomplete90: 0.5,
			Orders: 1.5, NewOrders: 0.5, ReturningOrders: 1, Revenue: 7500, Cost: 4000,
			PaybackDays: ptr(6), PaybackDate: ptr("2026-04-11")},
		{Key: "dan"},
	}
	got := Compute(scenario())
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d: %s", len(got), len(want), dump(got))
	}
	for i := range want {
		if g, w := dump(got[i]), dump(want[i]); g != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

// An LTV is null while any acquired customer is still inside its days,
// with the count of those customers; the shorter horizons that are over
// are final. Data to day 50: c1 (day 0) is past 30 days but not 60; c2
// (day 25) is inside 30 days.
func TestLTVIsIncompleteWhileCustomersAreInsideTheirDays(t *testing.T) {
	in := Input{
		Orders: []Order{
			{Time: at(0, 0), Customer: "c1", Net: 4000, Kind: New, Credits: whole("ana")},
			{Time: at(10, 0), Customer: "c1", Net: 2000, Kind: Returning},
			{Time: at(0, 0), Customer: "k1", Net: 3000, Kind: New, Credits: whole("ben")},
			{Time: at(31, 0), Customer: "k1", Net: 1000, Kind: Returning},
			{Time: at(25, 0), Customer: "k2", Net: 5000, Kind: New, Credits: whole("ben")},
			{Time: at(50, 0), Customer: "k3", Net: 100, Kind: Returning},
		},
		AsOf: at(50, 0),
	}
	got := Compute(in)
	want := []string{
		// ben: k1 past 30 days, k2 not: nothing final.
		"{ben acq=2 nokey=0 ltv=nil/nil/nil open=1/2/2 orders=2 new=2 ret=0 rev=80.00 cost=0.00 payback=nil nil}",
		// ana: c1 is 50 days in: LTV 30 = 40 + 20, final; 60 and 90 open.
		"{ana acq=1 nokey=0 ltv=60.00/nil/nil open=0/1/1 orders=1 new=1 ret=0 rev=40.00 cost=0.00 payback=nil nil}",
	}
	if len(got) != len(want) {
		t.Fatalf("rows: %s", dump(got))
	}
	for i := range want {
		if g := dump(got[i]); g != want[i] {
			t.Errorf("row %d:\n got %s\nwant %s", i, g, want[i])
		}
	}
}

func TestPaybackAndEmptyInput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       Input
		days     *int
		date     *string
		acquired float64
	}{
		{name: "nothing", in: Input{}},
		{
			name: "revenue and cost at the same instant count together",
			in: Input{
				Orders: []Order{{Time: at(2, 0), Customer: "x", Net: 3000, Kind: New, Credits: whole("ana")}},
				Costs:  []Cost{{"ana", at(2, 0), 3000}},
			},
			days: ptr(0), date: ptr("2026-03-03"), acquired: 1,
		},
		{
			name: "behind, then ahead again: the later catch-up counts",
			in: Input{
				Orders: []Order{
					{Time: at(1, 0), Customer: "x", Net: 3000, Kind: New, Credits: whole("ana")},
					{Time: at(9, 0), Customer: "y", Net: 3000, Kind: New, Credits: whole("ana")},
				},
				Costs: []Cost{{"ana", at(0, 0), 2000}, {"ana", at(5, 0), 2000}},
			},
			days: ptr(9), date: ptr("2026-03-10"), acquired: 2,
		},
		{
			name: "no cost, no commission: nothing to pay back",
			in: Input{
				Orders: []Order{{Time: at(1, 0), Customer: "x", Net: 3000, Kind: New, Credits: whole("ana")}},
				Posted: map[string]time.Time{"ana": at(0, 0)},
			},
			acquired: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := Compute(tc.in)
			if tc.in.Orders == nil {
				if len(rows) != 0 {
					t.Fatalf("rows from nothing: %s", dump(rows))
				}
				return
			}
			if len(rows) != 1 {
				t.Fatalf("rows: %s", dump(rows))
			}
			r := rows[0]
			if dump(r.PaybackDays) != dump(tc.days) || dump(r.PaybackDate) != dump(tc.date) || r.Acquired != tc.acquired {
				t.Errorf("got %s", dump(r))
			}
		})
	}
}

func TestCivilDays(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		a, b time.Time
		want int
	}{
		{time.Date(2026, 3, 7, 23, 0, 0, 0, ny), time.Date(2026, 3, 9, 1, 0, 0, 0, ny), 2}, // over the spring-forward night
		{time.Date(2026, 3, 1, 0, 0, 0, 0, ny), time.Date(2026, 3, 1, 23, 59, 0, 0, ny), 0},
		{time.Date(2025, 12, 31, 12, 0, 0, 0, ny), time.Date(2026, 1, 1, 0, 0, 0, 0, ny), 1},
	} {
		if got := civilDays(tc.a, tc.b); got != tc.want {
			t.Errorf("civilDays(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// dump prints pointers by their values, so rows compare as text.
func dump(v any) string {
	switch x := v.(type) {
	case []Row:
		s := ""
		for _, r := range x {
			s += dump(r) + "\n"
		}
		return s
	case Row:
		return fmt.Sprintf("{%s acq=%v nokey=%v ltv=%s/%s/%s open=%v/%v/%v orders=%v new=%v ret=%v rev=%s cost=%s payback=%s %s}",
			x.Key, x.Acquired, x.WithoutKey, dump(x.LTV30), dump(x.LTV60), dump(x.LTV90),
			x.Incomplete30, x.Incomplete60, x.Incomplete90, x.Orders, x.NewOrders,
			x.ReturningOrders, x.Revenue, x.Cost, dump(x.PaybackDays), dump(x.PaybackDate))
	case *money.Cents:
		if x == nil {
			return "nil"
		}
		return x.String()
	case *int:
		if x == nil {
			return "nil"
		}
		return fmt.Sprint(*x)
	case *string:
		if x == nil {
			return "nil"
		}
		return *x
	}
	return fmt.Sprint(v)
}
