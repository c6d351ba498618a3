package attribution

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var orderAt = time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)

func click(creator int64, ref string, before time.Duration) Touch {
	return Touch{Creator: creator, Campaign: 7, Link: 100 + creator, Time: orderAt.Add(-before), Reason: ReasonClickID, Ref: ref}
}

func visit(creator int64, ref string, before time.Duration) Touch {
	t := click(creator, ref, before)
	t.Reason = ReasonCustomer
	return t
}

func code(creator int64, ref string) Touch {
	return Touch{Creator: creator, Campaign: 7, Time: orderAt, Reason: ReasonCode, Ref: ref}
}

type want struct {
	creator int64
	reason  Reason
	parts   int64
}

func sameForAll(w ...want) map[Model][]want {
	out := map[Model][]want{}
	for _, m := range Models {
		out[m] = w
	}
	return out
}

// Expected parts are worked out by hand; the time-decay ones as
// Whole*w_i/sum(w) with w = 2^(-age/7d), then largest remainder.
var scenarios = []struct {
	name    string
	window  time.Duration
	touches []Touch
	want    map[Model][]want
}{
	{
		name:    "code beats an earlier click of another creator",
		window:  DefaultWindow,
		touches: []Touch{click(1, "c1", 7*day), code(2, "SPRING10")},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonClickID, Whole}},
			Linear:     {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
			// weights 0.5 and 1: 1/3 and 2/3
			TimeDecay: {{1, ReasonClickID, 333333333}, {2, ReasonCode, 666666667}},
			Position:  {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
		},
	},
	{
		name:    "two clicks of two creators, 10 and 2 days before",
		window:  DefaultWindow,
		touches: []Touch{click(2, "c2", 2*day), visit(1, "c1", 10*day)},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonClickID, Whole}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear:     {{1, ReasonCustomer, 500000000}, {2, ReasonClickID, 500000000}},
			// weights 2^(-8/7)=0.452862 and 1: 311703303.17 and 688296696.83
			TimeDecay: {{1, ReasonCustomer, 311703303}, {2, ReasonClickID, 688296697}},
			Position:  {{1, ReasonCustomer, 500000000}, {2, ReasonClickID, 500000000}},
		},
	},
	{
		name:    "click exactly at the window's end counts, one second earlier does not",
		window:  DefaultWindow,
		touches: []Touch{visit(2, "c2", 30*day+time.Second), click(1, "c1", 30*day)},
		want:    sameForAll(want{1, ReasonClickID, Whole}),
	},
	{
		name:    "only a click one second past the window",
		window:  DefaultWindow,
		touches: []Touch{visit(2, "c2", 30*day+time.Second)},
		want:    sameForAll(),
	},
	{
		name:    "a customer's click after the order never counts",
		window:  DefaultWindow,
		touches: []Touch{visit(1, "c1", -time.Second)},
		want:    sameForAll(),
	},
	{
		name:    "the order's own click more than ClockSkew after it never counts",
		window:  DefaultWindow,
		touches: []Touch{click(1, "c1", -ClockSkew-time.Second)},
		want:    sameForAll(),
	},
	{
		name:    "click after the order beside an eligible one",
		window:  DefaultWindow,
		touches: []Touch{visit(1, "c1", -time.Second), click(3, "c3", -ClockSkew-time.Millisecond), visit(2, "c2", 3*day)},
		want:    sameForAll(want{2, ReasonCustomer, Whole}),
	},
	{
		// The shop's clock reads the order 400 ms (whole seconds) or up to
		// five minutes before the click it names.
		name:    "the order's own click up to ClockSkew after it counts",
		window:  DefaultWindow,
		touches: []Touch{click(1, "c1", -400*time.Millisecond), click(2, "c2", -ClockSkew)},
		want:    sameForAll(want{1, ReasonClickID, 500000000}, want{2, ReasonClickID, 500000000}),
	},
	{
		name:    "a skewed click still comes before the code redeemed with the order",
		window:  DefaultWindow,
		touches: []Touch{click(1, "c1", -2*time.Minute), code(2, "SPRING10")},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonClickID, Whole}},
			Linear:     {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
			TimeDecay:  {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
			Position:   {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
		},
	},
	{
		name:   "no touch",
		window: DefaultWindow,
		want:   sameForAll(),
	},
	{
		name:    "three touches",
		window:  DefaultWindow,
		touches: []Touch{code(3, "SPRING10"), click(2, "c2", 7*day), visit(1, "c1", 14*day)},
		want: map[Model][]want{
			LastTouch:  {{3, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear:     {{1, ReasonCustomer, 333333334}, {2, ReasonClickID, 333333333}, {3, ReasonCode, 333333333}},
			// weights 1/4, 1/2, 1: 1/7, 2/7, 4/7
			TimeDecay: {{1, ReasonCustomer, 142857143}, {2, ReasonClickID, 285714286}, {3, ReasonCode, 571428571}},
			Position:  {{1, ReasonCustomer, 400000000}, {2, ReasonClickID, 200000000}, {3, ReasonCode, 400000000}},
		},
	},
	{
		name:    "four touches",
		window:  DefaultWindow,
		touches: []Touch{visit(1, "c1", 21*day), visit(2, "c2", 14*day), click(3, "c3", 7*day), code(4, "SPRING10")},
		want: map[Model][]want{
			LastTouch:  {{4, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear: {
				{1, ReasonCustomer, 250000000}, {2, ReasonCustomer, 250000000},
				{3, ReasonClickID, 250000000}, {4, ReasonCode, 250000000},
			},
			// weights 1/8, 1/4, 1/2, 1: 1/15, 2/15, 4/15, 8/15; remainders
			// 2/3, 1/3, 2/3, 1/3 give the two leftover parts to 1 and 3
			TimeDecay: {
				{1, ReasonCustomer, 66666667}, {2, ReasonCustomer, 133333333},
				{3, ReasonClickID, 266666667}, {4, ReasonCode, 533333333},
			},
			Position: {
				{1, ReasonCustomer, 400000000}, {2, ReasonCustomer, 100000000},
				{3, ReasonClickID, 100000000}, {4, ReasonCode, 400000000},
			},
		},
	},
	{
		name:   "five touches",
		window: DefaultWindow,
		touches: []Touch{
			visit(1, "c1", 28*day), visit(2, "c2", 21*day), visit(3, "c3", 14*day),
			click(4, "c4", 7*day), code(5, "SPRING10"),
		},
		want: map[Model][]want{
			LastTouch:  {{5, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear: {
				{1, ReasonCustomer, 200000000}, {2, ReasonCustomer, 200000000}, {3, ReasonCustomer, 200000000},
				{4, ReasonClickID, 200000000}, {5, ReasonCode, 200000000},
			},
			// weights 1/16 .. 1: 1/31, 2/31, 4/31, 8/31, 16/31
			TimeDecay: {
				{1, ReasonCustomer, 32258065}, {2, ReasonCustomer, 64516129}, {3, ReasonCustomer, 129032258},
				{4, ReasonClickID, 258064516}, {5, ReasonCode, 516129032},
			},
			// the middle 20% is 66666666.67 three times
			Position: {
				{1, ReasonCustomer, 400000000}, {2, ReasonCustomer, 66666667}, {3, ReasonCustomer, 66666667},
				{4, ReasonClickID, 66666666}, {5, ReasonCode, 400000000},
			},
		},
	},
	{
		name:    "14 day window",
		window:  14 * day,
		touches: []Touch{visit(1, "c1", 14*day+time.Second), visit(2, "c2", 14*day), click(3, "c3", 7*day)},
		want: map[Model][]want{
			LastTouch:  {{3, ReasonClickID, Whole}},
			FirstTouch: {{2, ReasonCustomer, Whole}},
			Linear:     {{2, ReasonCustomer, 500000000}, {3, ReasonClickID, 500000000}},
			TimeDecay:  {{2, ReasonCustomer, 333333333}, {3, ReasonClickID, 666666667}},
			Position:   {{2, ReasonCustomer, 500000000}, {3, ReasonClickID, 500000000}},
		},
	},
	{
		name:    "24 hour window",
		window:  24 * time.Hour,
		touches: []Touch{visit(1, "c1", 24*time.Hour+time.Second), visit(2, "c2", 24*time.Hour), code(3, "SPRING10")},
		want: map[Model][]want{
			LastTouch:  {{3, ReasonCode, Whole}},
			FirstTouch: {{2, ReasonCustomer, Whole}},
			Linear:     {{2, ReasonCustomer, 500000000}, {3, ReasonCode, 500000000}},
			// weights 2^(-1/7)=0.905724 and 1: 475264951.18 and 524735048.82
			TimeDecay: {{2, ReasonCustomer, 475264951}, {3, ReasonCode, 524735049}},
			Position:  {{2, ReasonCustomer, 500000000}, {3, ReasonCode, 500000000}},
		},
	},
	{
		name:    "24 hour window drops a click two days old",
		window:  24 * time.Hour,
		touches: []Touch{click(1, "c1", 2*day)},
		want:    sameForAll(),
	},
	{
		name:    "same click as click-id and as customer counts once",
		window:  DefaultWindow,
		touches: []Touch{visit(1, "c1", 2*day), click(1, "c1", 2*day), visit(2, "c2", 5*day)},
		want: map[Model][]want{
			LastTouch:  {{1, ReasonClickID, Whole}},
			FirstTouch: {{2, ReasonCustomer, Whole}},
			Linear:     {{2, ReasonCustomer, 500000000}, {1, ReasonClickID, 500000000}},
			// weights 2^(-3/7)=0.742997 and 1: 426275594.82 and 573724405.18
			TimeDecay: {{2, ReasonCustomer, 426275595}, {1, ReasonClickID, 573724405}},
			Position:  {{2, ReasonCustomer, 500000000}, {1, ReasonClickID, 500000000}},
		},
	},
	{
		name:    "same code twice counts once",
		window:  DefaultWindow,
		touches: []Touch{code(2, "ANNA10"), visit(1, "c1", 7*day), code(2, "ANNA10")},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear:     {{1, ReasonCustomer, 500000000}, {2, ReasonCode, 500000000}},
			TimeDecay:  {{1, ReasonCustomer, 333333333}, {2, ReasonCode, 666666667}},
			Position:   {{1, ReasonCustomer, 500000000}, {2, ReasonCode, 500000000}},
		},
	},
	{
		name:    "two codes on one order tie",
		window:  DefaultWindow,
		touches: []Touch{code(3, "BEN10"), code(2, "ANNA10"), visit(1, "c1", 3*day)},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonCode, 500000000}, {3, ReasonCode, 500000000}},
			FirstTouch: {{1, ReasonCustomer, Whole}},
			Linear:     {{1, ReasonCustomer, 333333334}, {2, ReasonCode, 333333333}, {3, ReasonCode, 333333333}},
			// weights 2^(-3/7)=0.742997, 1, 1: 270870549.77, 364564725.11 twice
			TimeDecay: {{1, ReasonCustomer, 270870550}, {2, ReasonCode, 364564725}, {3, ReasonCode, 364564725}},
			Position:  {{1, ReasonCustomer, 400000000}, {2, ReasonCode, 200000000}, {3, ReasonCode, 400000000}},
		},
	},
	{
		name:    "code ranks after a click at the same instant",
		window:  DefaultWindow,
		touches: []Touch{code(2, "ANNA10"), click(1, "c1", 0)},
		want: map[Model][]want{
			LastTouch:  {{2, ReasonCode, Whole}},
			FirstTouch: {{1, ReasonClickID, Whole}},
			Linear:     {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
			TimeDecay:  {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
			Position:   {{1, ReasonClickID, 500000000}, {2, ReasonCode, 500000000}},
		},
	},
}

func TestAssignEveryModel(t *testing.T) {
	for _, sc := range scenarios {
		for _, m := range Models {
			t.Run(sc.name+"/"+string(m), func(t *testing.T) {
				w, ok := sc.want[m]
				if !ok {
					t.Fatalf("scenario has no expectation for %s", m)
				}
				checkCredits(t, Assign(orderAt, sc.touches, m, sc.window), w)
			})
		}
	}
}

func checkCredits(t *testing.T, got []Credit, w []want) {
	t.Helper()
	if len(w) == 0 {
		if got != nil {
			t.Fatalf("got %v, want nil", got)
		}
		return
	}
	if len(got) != len(w) {
		t.Fatalf("got %d credits %v, want %d", len(got), got, len(w))
	}
	for i, c := range got {
		if c.Creator != w[i].creator || c.Reason != w[i].reason || c.Parts != w[i].parts {
			t.Errorf("credit %d = creator %d %s %d parts, want creator %d %s %d parts",
				i, c.Creator, c.Reason, c.Parts, w[i].creator, w[i].reason, w[i].parts)
		}
	}
}

func TestAssignDefaults(t *testing.T) {
	touches := []Touch{visit(2, "c2", 30*day+time.Second), visit(1, "c1", 30*day), code(3, "SPRING10")}
	got := Assign(orderAt, touches, "", 0)
	checkCredits(t, got, []want{{3, ReasonCode, Whole}})
	for _, m := range Models {
		if a, b := Assign(orderAt, touches, m, 0), Assign(orderAt, touches, m, DefaultWindow); !slices.Equal(a, b) {
			t.Errorf("%s: window 0 gave %v, DefaultWindow gave %v", m, a, b)
		}
	}
	if a := Assign(orderAt, touches, Linear, -time.Hour); len(a) != 2 {
		t.Errorf("negative window gave %v, want the default window's two credits", a)
	}
}

func TestAssignKeepsRefAndLinks(t *testing.T) {
	tc := Touch{Creator: 4, Campaign: 9, Post: 12, Link: 33, Time: orderAt.Add(-time.Hour), Reason: ReasonClickID, Ref: "clk_8f2"}
	got := Assign(orderAt, []Touch{tc}, LastTouch, DefaultWindow)
	if len(got) != 1 || got[0].Touch != tc || got[0].Parts != Whole {
		t.Fatalf("got %v, want the touch itself with all of the order", got)
	}
}

func TestAssignTouchesWithoutRefAreKept(t *testing.T) {
	got := Assign(orderAt, []Touch{visit(1, "", day), visit(2, "", day)}, Linear, DefaultWindow)
	checkCredits(t, got, []want{{1, ReasonCustomer, 500000000}, {2, ReasonCustomer, 500000000}})
}

func TestAssignUnknownModelPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for an unknown model")
		}
	}()
	Assign(orderAt, []Touch{code(1, "X")}, "u-shaped", DefaultWindow)
}

func TestAssignVeryOldTouchesUnderTimeDecay(t *testing.T) {
	// 600 days is about 86 half-lives: the older touch's exact share is far
	// below one part, yet the order must still be credited in full.
	got := Assign(orderAt, []Touch{visit(1, "c1", 1000*day), visit(2, "c2", 400*day)}, TimeDecay, 1000*day)
	checkCredits(t, got, []want{{2, ReasonCustomer, Whole}})
}

func TestCreditShare(t *testing.T) {
	for _, tc := range []struct {
		parts int64
		want  float64
	}{{Whole, 1}, {500000000, 0.5}, {250000000, 0.25}, {1, 1e-9}} {
		if got := (Credit{Parts: tc.parts}).Share(); got != tc.want {
			t.Errorf("Share of %d parts = %v, want %v", tc.parts, got, tc.want)
		}
	}
}

func TestAssignProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20250315, 7))
	for i := range 10_000 {
		window := randomWindow(r)
		touches := randomTouches(r, window)
		m := Models[r.IntN(len(Models))]
		input := slices.Clone(touches)
		got := Assign(orderAt, touches, m, window)
		if !slices.Equal(touches, input) {
			t.Fatalf("case %d: Assign modified its input", i)
		}
		checkProperties(t, i, m, window, touches, got)
		r.Shuffle(len(touches), func(a, b int) { touches[a], touches[b] = touches[b], touches[a] })
		if again := Assign(orderAt, touches, m, window); !slices.Equal(got, again) {
			t.Fatalf("case %d: result depends on input order:\n%v\n%v", i, got, again)
		}
	}
}

func randomWindow(r *rand.Rand) time.Duration {
	choices := []time.Duration{0, time.Hour, 24 * time.Hour, 14 * day, DefaultWindow, 90 * day}
	if k := r.IntN(len(choices) + 1); k < len(choices) {
		return choices[k]
	}
	return time.Duration(1+r.IntN(120*24*60)) * time.Minute
}

// randomTouches draws from a pool of clicks with fixed times, as in real
// data: a click id is one click, whichever way it reaches the order.
func randomTouches(r *rand.Rand, window time.Duration) []Touch {
	if window <= 0 {
		window = DefaultWindow
	}
	clicks := make([]Touch, 6)
	for i := range clicks {
		clicks[i] = click(1+r.Int64N(4), "c"+strconv.Itoa(i), randomAge(r, window))
	}
	touches := make([]Touch, r.IntN(9))
	for i := range touches {
		switch r.IntN(3) {
		case 0:
			touches[i] = code(1+r.Int64N(4), "CODE"+strconv.Itoa(r.IntN(3)))
		case 1:
			touches[i] = clicks[r.IntN(len(clicks))]
		default:
			touches[i] = clicks[r.IntN(len(clicks))]
			touches[i].Reason = ReasonCustomer
		}
	}
	return touches
}

func randomAge(r *rand.Rand, window time.Duration) time.Duration {
	switch r.IntN(8) {
	case 0:
		return window
	case 1:
		return window + time.Second
	case 2:
		return -time.Second
	case 3:
		return 0
	}
	span := int64(window + 2*day)
	return time.Duration(r.Int64N(span+int64(day))) - day
}

func isEligible(tc Touch, window time.Duration) bool {
	if window <= 0 {
		window = DefaultWindow
	}
	return !tc.Time.After(orderAt) && orderAt.Sub(tc.Time) <= window
}

// asCounted is a touch as Assign weighs it: the order's own click read up
// to ClockSkew after the order counts at the order's time.
func asCounted(tc Touch) Touch {
	if tc.Reason == ReasonClickID && tc.Time.After(orderAt) && tc.Time.Sub(orderAt) <= ClockSkew {
		tc.Time = orderAt
	}
	return tc
}

func checkProperties(t *testing.T, i int, m Model, window time.Duration, given []Touch, got []Credit) {
	t.Helper()
	touches := make([]Touch, len(given))
	for k, tc := range given {
		touches[k] = asCounted(tc)
	}
	var latest, earliest time.Time
	for _, tc := range touches {
		if isEligible(tc, window) {
			if latest.IsZero() || tc.Time.After(latest) {
				latest = tc.Time
			}
			if earliest.IsZero() || tc.Time.Before(earliest) {
				earliest = tc.Time
			}
		}
	}
	if latest.IsZero() {
		if got != nil {
			t.Fatalf("case %d: no eligible touch, got %v", i, got)
		}
		return
	}
	var sum int64
	refs := map[string]bool{}
	for k, c := range got {
		sum += c.Parts
		key := strconv.FormatBool(c.Reason == ReasonCode) + c.Ref
		switch {
		case c.Parts <= 0:
			t.Fatalf("case %d: credit with %d parts", i, c.Parts)
		case !isEligible(c.Touch, window) || !slices.Contains(touches, c.Touch):
			t.Fatalf("case %d: credit for a touch not eligible or not given: %v", i, c)
		case refs[key]:
			t.Fatalf("case %d: %q credited twice", i, c.Ref)
		case k > 0 && compareTouches(got[k-1].Touch, c.Touch) > 0:
			t.Fatalf("case %d: credits out of order: %v", i, got)
		case m == LastTouch && !c.Time.Equal(latest), m == FirstTouch && !c.Time.Equal(earliest):
			t.Fatalf("case %d: %s credited a touch at %v", i, m, c.Time)
		}
		refs[key] = true
	}
	if sum != Whole {
		t.Fatalf("case %d: parts sum to %d: %v", i, sum, got)
	}
}

func TestParseModel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Model
	}{
		{"last-touch", LastTouch},
		{"First-Touch", FirstTouch},
		{"  linear ", Linear},
		{"TIME-DECAY", TimeDecay},
		{"position\n", Position},
	} {
		got, err := ParseModel(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseModel(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "last", "lasttouch", "u-shaped", "last touch"} {
		_, err := ParseModel(in)
		if err == nil {
			t.Errorf("ParseModel(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), "last-touch, first-touch, linear, time-decay, position") {
			t.Errorf("ParseModel(%q) error %q does not list the models", in, err)
		}
	}
}

func TestParseWindow(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"30d", 30 * day},
		{"14d", 14 * day},
		{"24h", 24 * time.Hour},
		{"90m", 90 * time.Minute},
		{"1w", 7 * day},
		{" 2w ", 14 * day},
		{"007d", 7 * day},
	} {
		got, err := ParseWindow(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	bad := []string{"", "30", "-3d", "+3d", "3y", "abc", "d", "0d", "1.5d", "3 d", "3D", "30s", "99999999999999999999d", "300000000w"}
	for _, in := range bad {
		if got, err := ParseWindow(in); err == nil {
			t.Errorf("ParseWindow(%q) = %v, want an error", in, got)
		}
	}
	if _, err := ParseWindow("3y"); err == nil || !strings.Contains(err.Error(), "d (days)") {
		t.Errorf("error %v does not say what is accepted", err)
	}
}

func TestFormatWindow(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{
		{DefaultWindow, "30d"},
		{24 * time.Hour, "1d"},
		{7 * day, "7d"},
		{36 * time.Hour, "36h"},
		{90 * time.Minute, "90m"},
		{time.Minute, "1m"},
		{90 * time.Second, "1m30s"},
	} {
		if got := FormatWindow(tc.in); got != tc.want {
			t.Errorf("FormatWindow(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, d := range []time.Duration{time.Minute, 90 * time.Minute, 36 * time.Hour, 14 * day, 365 * day} {
		if back, err := ParseWindow(FormatWindow(d)); err != nil || back != d {
			t.Errorf("%v formats as %q, which reads back as %v, %v", d, FormatWindow(d), back, err)
		}
	}
}

func BenchmarkAssign(b *testing.B) {
	touches := []Touch{
		visit(1, "c1", 21*day), code(5, "SPRING10"), visit(2, "c2", 14*day),
		click(3, "c3", 7*day), visit(4, "c4", 2*day),
	}
	for _, m := range Models {
		b.Run(string(m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Assign(orderAt, touches, m, DefaultWindow)
			}
		})
	}
}
