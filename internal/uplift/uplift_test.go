package uplift

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/liftmetrics/lift/internal/money"
)

// post is the day of the post in these tests: a Friday.
var post = func() Date { d, _ := ParseDate("2025-03-14"); return d }()

// days builds a series from post+from to post+to inclusive; value gives
// each day's revenue and orders.
func days(from, to int, value func(d Date) (money.Cents, int64)) []Day {
	var out []Day
	for i := from; i <= to; i++ {
		d := post + Date(i)
		rev, n := value(d)
		out = append(out, Day{Date: d, Revenue: rev, Orders: n})
	}
	return out
}

func flat(rev money.Cents, n int64) func(Date) (money.Cents, int64) {
	return func(Date) (money.Cents, int64) { return rev, n }
}

func cents(c money.Cents) *money.Cents { return &c }
func num(f float64) *float64           { return &f }

func TestEstimateHandComputed(t *testing.T) {
	tests := []struct {
		name       string
		series     []Day
		attributed map[Date]money.Cents
		groups     []Group
		want       Result
	}{
		{
			// Every day sells $100.00 in 2 orders: the baseline of 3 days is
			// $300.00, there is no noise, and the window sold exactly that.
			name:       "flat series, nothing happens",
			series:     days(-28, 2, flat(10000, 2)),
			attributed: map[Date]money.Cents{post: 3000},
			want: Result{Baseline: cents(30000), Actual: 30000, Excess: cents(0), Low: cents(0), High: cents(0),
				Attributed: 3000, Halo: cents(-3000), HaloLow: cents(-3000), HaloHigh: cents(-3000),
				BaselineOrders: num(6), ActualOrders: 6, ExcessOrders: num(0), ExcessOrdersLow: num(0), ExcessOrdersHigh: num(0),
				PreDays: 28, WindowDays: 3},
		},
		{
			// Weeks alternate between $90 and $110 a day, 1 order a day.
			// Every weekday averages $100, so there is no weekly pattern
			// (tau² = 0, all factors 1). Within weekdays each day is ±$10
			// from its mean: s² = 28 × 1000² / (28 − 7) cents². The
			// baseline is 3 × the mean of 28 days, so its variance is
			// s² × 28 × (3/28)² = s² × 9/28; the window's own noise is
			// s² × 3. The window sold $100 a day, so the margin is
			// t(0.975, 21) × √(s² × (3 + 9/28)) = 2.0796 × √4,428,571
			// = 4376 cents.
			name: "alternating weeks, no weekly pattern",
			series: days(-28, 2, func(d Date) (money.Cents, int64) {
				switch {
				case d >= post:
					return 10000, 1
				case int((post-d-1)/7)%2 == 0:
					return 11000, 1
				}
				return 9000, 1
			}),
			want: Result{Baseline: cents(30000), Actual: 30000, Excess: cents(0), Low: cents(-4376), High: cents(4376),
				Halo: cents(0), HaloLow: cents(-4376), HaloHigh: cents(4376),
				BaselineOrders: num(3), ActualOrders: 3, ExcessOrders: num(0), ExcessOrdersLow: num(0), ExcessOrdersHigh: num(0),
				PreDays: 28, WindowDays: 3},
		},
		{
			// Weekends sell $200 in 4 orders, weekdays $100 in 2, with no
			// noise: the weekly pattern is all there is (s² = 0, so no
			// pulling toward the mean). The window is Friday, Saturday,
			// Sunday: 100 + 200 + 200 = $500. It sold $650 in 13 orders:
			// excess $150 and 3 orders, whose only noise is that of the 3
			// extra orders (Poisson): √(15000 × 65000/13) × t(0.975, 21)
			// = 8660.25 × 2.0796 = 18010 cents, and √3 × 2.0796 = 3.60.
			name: "weekly pattern without noise, a spike on Saturday",
			series: days(-28, 2, func(d Date) (money.Cents, int64) {
				switch {
				case d == post+1:
					return 35000, 7
				case d.Weekday() == time.Saturday || d.Weekday() == time.Sunday:
					return 20000, 4
				}
				return 10000, 2
			}),
			want: Result{Baseline: cents(50000), Actual: 65000, Excess: cents(15000), Low: cents(15000 - 18010), High: cents(15000 + 18010),
				Halo: cents(15000), HaloLow: cents(15000 - 18010), HaloHigh: cents(15000 + 18010),
				BaselineOrders: num(10), ActualOrders: 13, ExcessOrders: num(3), ExcessOrdersLow: num(-0.6), ExcessOrdersHigh: num(6.6),
				PreDays: 28, WindowDays: 3},
		},
		{
			// An earlier post 10 days before sold $1,000 a day for 3 days;
			// those days stay out of the baseline, which remains $300.
			name: "an earlier post's window is left out of the baseline",
			series: days(-28, 2, func(d Date) (money.Cents, int64) {
				if d >= post-10 && d < post-7 {
					return 100000, 20
				}
				return 10000, 2
			}),
			groups: []Group{{Date: post - 10, PostIDs: []string{"earlier"}}},
			want: Result{Baseline: cents(30000), Actual: 30000, Excess: cents(0), Low: cents(0), High: cents(0),
				Halo: cents(0), HaloLow: cents(0), HaloHigh: cents(0),
				BaselineOrders: num(6), ActualOrders: 6, ExcessOrders: num(0), ExcessOrdersLow: num(0), ExcessOrdersHigh: num(0),
				PreDays: 25, WindowDays: 3},
		},
		{
			name:   "too few days before the post",
			series: days(-5, 2, flat(10000, 2)),
			want: Result{Actual: 30000, ActualOrders: 6, PreDays: 5, WindowDays: 3,
				Warning: "only 5 usable day(s) before the post: at least 7 are needed for a baseline"},
		},
		{
			name:   "rough baseline, window cut short by the end of the data",
			series: days(-10, 1, flat(10000, 2)),
			want: Result{Baseline: cents(20000), Actual: 20000, Excess: cents(0), Low: cents(0), High: cents(0),
				Halo: cents(0), HaloLow: cents(0), HaloHigh: cents(0),
				BaselineOrders: num(4), ActualOrders: 4, ExcessOrders: num(0), ExcessOrdersLow: num(0), ExcessOrdersHigh: num(0),
				PreDays: 10, WindowDays: 2,
				Warning: "sales data for only 2 of the window's 3 days; only 10 usable day(s) before the post (28 wanted): the baseline is rough"},
		},
		{
			name:   "no data for the window",
			series: days(-28, -1, flat(10000, 2)),
			want:   Result{PreDays: 28, Warning: "no sales data for the window"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups := append([]Group{{Date: post, PostIDs: []string{"p1"}}}, tt.groups...)
			got := Estimate(Input{Series: tt.series, Attributed: tt.attributed, Groups: groups}, Options{})[0]
			want := tt.want
			want.PostIDs, want.Date, want.WindowEnd, want.Overlaps = []string{"p1"}, post, post+2, []string{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%s\nwant\n%s", show(got), show(want))
			}
		})
	}
}

func show(r Result) string {
	b, _ := json.Marshal(r)
	return string(b)
}

func TestEstimateOverlappingPosts(t *testing.T) {
	groups := []Group{
		{Date: post, PostIDs: []string{"a1", "a2"}},
		{Date: post + 2, PostIDs: []string{"b"}},
		{Date: post + 3, PostIDs: []string{"c"}},
	}
	res := Estimate(Input{Series: days(-28, 5, flat(10000, 2)), Groups: groups}, Options{})
	tests := []struct {
		overlaps []string
		warning  string
		preDays  int
	}{
		{[]string{"b"}, "window overlaps post(s) b: their effects cannot be told apart", 28},
		// b's pre-days lose post and post+1 to a's window.
		{[]string{"a1", "a2", "c"}, "window overlaps post(s) a1, a2, c: their effects cannot be told apart", 26},
		// c's lose post, post+1 and post+2 to a's and b's windows.
		{[]string{"b"}, "window overlaps post(s) b: their effects cannot be told apart", 25},
	}
	for i, tt := range tests {
		r := res[i]
		if !reflect.DeepEqual(r.Overlaps, tt.overlaps) || r.Warning != tt.warning || r.PreDays != tt.preDays {
			t.Errorf("group %d: overlaps %v, warning %q, pre-days %d; want %v, %q, %d",
				i, r.Overlaps, r.Warning, r.PreDays, tt.overlaps, tt.warning, tt.preDays)
		}
	}
}

func TestEstimateWindowAndPreDaysOptions(t *testing.T) {
	series := days(-28, 6, func(d Date) (money.Cents, int64) {
		if d >= post {
			return 20000, 4
		}
		return 10000, 2
	})
	r := Estimate(Input{Series: series, Groups: []Group{{Date: post, PostIDs: []string{"p"}}}},
		Options{PreDays: 14, WindowDays: 7})[0]
	if r.PreDays != 14 || r.WindowDays != 7 || r.WindowEnd != post+6 || *r.Baseline != 70000 || *r.Excess != 70000 {
		t.Errorf("got %s", show(r))
	}
}

func TestGroupPosts(t *testing.T) {
	got := GroupPosts([]Post{{"z", post + 1}, {"b", post}, {"a", post}, {"c", post - 3}})
	want := []Group{{post - 3, []string{"c"}}, {post, []string{"a", "b"}}, {post + 1, []string{"z"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTQuantile(t *testing.T) {
	tests := []struct {
		df   int
		want float64 // from printed tables of Student's t
	}{
		{1, 12.7062}, {2, 4.3027}, {5, 2.5706}, {10, 2.2281}, {21, 2.0796}, {27, 2.0518}, {100, 1.9840}, {100000, 1.9600},
	}
	for _, tt := range tests {
		if got := tQuantile(0.975, tt.df); math.Abs(got-tt.want) > 5e-5 {
			t.Errorf("t(0.975, %d) = %.5f, want %.4f", tt.df, got, tt.want)
		}
	}
	if got := tQuantile(0.975, 0); !math.IsInf(got, 1) {
		t.Errorf("t(0.975, 0) = %v, want +Inf", got)
	}
}

func TestDates(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   time.Time
		want string
		wd   time.Weekday
	}{
		{time.Date(2025, 3, 14, 23, 30, 0, 0, ny), "2025-03-14", time.Friday}, // 03:30 UTC the next day
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29", time.Thursday},
		{time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), "1969-12-31", time.Wednesday},
	}
	for _, tt := range tests {
		d := DateOf(tt.in)
		if d.String() != tt.want || d.Weekday() != tt.wd {
			t.Errorf("DateOf(%v) = %s (%v), want %s (%v)", tt.in, d, d.Weekday(), tt.want, tt.wd)
		}
		if p, err := ParseDate(tt.want); err != nil || p != d {
			t.Errorf("ParseDate(%q) = %v, %v", tt.want, p, err)
		}
	}
	if _, err := ParseDate("14/03/2025"); err == nil {
		t.Error("ParseDate took 14/03/2025")
	}
	if b, _ := json.Marshal(post); string(b) != `"2025-03-14"` {
		t.Errorf("JSON %s", b)
	}
}
