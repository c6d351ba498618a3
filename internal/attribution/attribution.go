// Package attribution decides which creators earn an order, and how much of it.
//
// An order is worth exactly one unit of credit, shared among the touches that
// led to it: the click whose id the order carries, earlier clicks of the same
// customer, and promo codes redeemed at checkout. Shares are integer parts of
// Whole rather than floats, so that the credits of one order always add up to
// exactly one order and totals over many orders never drift.
package attribution

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"
)

// Whole is one order's worth of credit, in parts per billion. Shares are
// integers so that the credits of one order sum to exactly Whole, with no
// float drift.
const Whole int64 = 1_000_000_000

// Reason says why a touch may earn credit; every credit carries one so that
// an attribution can always be explained.
type Reason string

// The reasons a touch may earn credit.
const (
	// ReasonCode is a promo code redeemed at checkout.
	ReasonCode Reason = "code"
	// ReasonClickID is the click whose id the order carries.
	ReasonClickID Reason = "click-id"
	// ReasonCustomer is an earlier click by the same customer.
	ReasonCustomer Reason = "customer"
)

// Model is a rule for sharing an order among its touches.
type Model string

// The attribution models.
const (
	// LastTouch gives the order to the latest touch; it is the default, so a
	// code redeemed at checkout beats an earlier click.
	LastTouch Model = "last-touch"
	// FirstTouch gives the order to the earliest touch.
	FirstTouch Model = "first-touch"
	// Linear shares the order equally among all touches.
	Linear Model = "linear"
	// TimeDecay halves a touch's weight for every 7 days it precedes the order.
	TimeDecay Model = "time-decay"
	// Position gives 40% to the first touch, 40% to the last and shares 20%
	// among those in between.
	Position Model = "position"
)

// Models lists every model in a stable order (for help texts).
var Models = []Model{LastTouch, FirstTouch, Linear, TimeDecay, Position}

// ClockSkew is how far after an order's time the click the order names by
// its id (ReasonClickID) may read and still earn it. The click came before
// the order, but the order's time may be a shop's, with whole seconds or
// another clock, while the click's is Lift's, in milliseconds: without
// this an order placed within the second, or on a shop whose clock is a
// little behind, would lose the very click it carries. Five minutes covers
// clocks that are badly set but still synchronised; a click later than
// that did not lead to the order. Other touches get no such allowance: a
// customer's other click or a code is only evidence by its time.
const ClockSkew = 5 * time.Minute

// When is the time touch t counts as made for an order at orderTime: its
// own, except that the click the order names, up to ClockSkew after the
// order, counts as made at orderTime (ClockSkew says why).
func When(t Touch, orderTime time.Time) time.Time {
	if t.Reason == ReasonClickID && t.Time.After(orderTime) && t.Time.Sub(orderTime) <= ClockSkew {
		return orderTime
	}
	return t.Time
}

// halfLife is how long it takes TimeDecay to halve a touch's weight.
const halfLife = 7 * 24 * time.Hour

// ParseModel reads a model name, ignoring case and surrounding spaces.
func ParseModel(s string) (Model, error) {
	m := Model(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Models, m) {
		return m, nil
	}
	names := make([]string, len(Models))
	for i, v := range Models {
		names[i] = string(v)
	}
	return "", fmt.Errorf("unknown attribution model %q: want one of %s", s, strings.Join(names, ", "))
}

// Touch is one reason an order might be credited to a creator.
type Touch struct {
	Creator  int64     // creator id (store id); required
	Campaign int64     // campaign id the touch belongs to
	Post     int64     // post id, 0 if none
	Link     int64     // link id, 0 for codes
	Time     time.Time // click time; for codes, the order's time
	Reason   Reason
	Ref      string // the click id or the code, for the audit trail
}

// Credit is the share of one order given to one touch.
type Credit struct {
	Touch
	Parts int64 // share of the order in parts of Whole
}

// Share returns Parts/Whole as a float, for display.
func (c Credit) Share() float64 {
	return float64(c.Parts) / float64(Whole)
}

// Assign returns the credits of one order placed at orderTime, in the order
// the touches happened. It returns nil when no touch is eligible (the order
// is unattributed); otherwise the Parts of the result sum to exactly Whole and
// each is positive. It does not modify touches.
//
// A touch is eligible when it is not after orderTime and at most window
// before it; a window <= 0 means DefaultWindow. The click the order names
// (ReasonClickID) may also be up to ClockSkew after orderTime, and then
// counts as made at orderTime (its credit carries that time), so it still
// comes before a code redeemed with the order. Touches with the same
// non-empty Ref are one touch (a click reported both through its id and
// through the customer counts once, as ReasonClickID); touches without a Ref
// cannot be told apart and are all kept.
//
// The empty Model means LastTouch. Any other model that is not in Models is a
// programming error and panics, since silently crediting the wrong creators
// would be worse.
func Assign(orderTime time.Time, touches []Touch, m Model, window time.Duration) []Credit {
	weigh := weigher(m)
	if window <= 0 {
		window = DefaultWindow
	}
	ts := dedupe(eligible(orderTime, touches, window))
	if len(ts) == 0 {
		return nil
	}
	slices.SortFunc(ts, compareTouches)
	return credits(ts, apportion(weigh(ts)))
}

func weigher(m Model) func([]Touch) []uint64 {
	switch m {
	case LastTouch, "":
		return lastTouch
	case FirstTouch:
		return firstTouch
	case Linear:
		return linear
	case TimeDecay:
		return timeDecay
	case Position:
		return position
	}
	panic(fmt.Sprintf("attribution: unknown model %q", m))
}

// eligible copies the eligible touches, so that later steps may reorder and
// overwrite them without touching the caller's slice.
func eligible(orderTime time.Time, touches []Touch, window time.Duration) []Touch {
	var out []Touch
	for _, t := range touches {
		t.Time = When(t, orderTime)
		if !t.Time.After(orderTime) && orderTime.Sub(t.Time) <= window {
			out = append(out, t)
		}
	}
	return out
}

// dupKey keeps a click id and a code that happen to be spelled alike apart.
type dupKey struct {
	code bool
	ref  string
}

func dedupe(ts []Touch) []Touch {
	at := make(map[dupKey]int, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if t.Ref == "" {
			out = append(out, t)
			continue
		}
		k := dupKey{t.Reason == ReasonCode, t.Ref}
		if i, seen := at[k]; seen {
			if better(t, out[i]) {
				out[i] = t
			}
			continue
		}
		at[k] = len(out)
		out = append(out, t)
	}
	return out
}

// better picks which of two copies of one touch to keep. It depends only on
// the copies themselves, never on which came first, so that the result does
// not depend on the order of the caller's slice.
func better(a, b Touch) bool {
	if (a.Reason == ReasonClickID) != (b.Reason == ReasonClickID) {
		return a.Reason == ReasonClickID
	}
	return compareTouches(a, b) < 0
}

// rank orders touches at the same instant: a code is redeemed at checkout,
// so it comes after any click made at that same instant.
func rank(r Reason) int {
	switch r {
	case ReasonCode:
		return 2
	case ReasonClickID:
		return 1
	}
	return 0
}

// compareTouches orders by time and rank; the remaining fields only make the
// order total, so that equal inputs always give equal outputs.
func compareTouches(a, b Touch) int {
	return cmp.Or(
		a.Time.Compare(b.Time),
		cmp.Compare(rank(a.Reason), rank(b.Reason)),
		strings.Compare(a.Ref, b.Ref),
		cmp.Compare(a.Creator, b.Creator),
		cmp.Compare(a.Campaign, b.Campaign),
		cmp.Compare(a.Post, b.Post),
		cmp.Compare(a.Link, b.Link),
		strings.Compare(string(a.Reason), string(b.Reason)),
	)
}

func lastTouch(ts []Touch) []uint64 { return sameMoment(ts, ts[len(ts)-1]) }

func firstTouch(ts []Touch) []uint64 { return sameMoment(ts, ts[0]) }

// sameMoment weighs equally the touches tied with pick, so that for example
// two codes redeemed on one order share it.
func sameMoment(ts []Touch, pick Touch) []uint64 {
	w := make([]uint64, len(ts))
	for i, t := range ts {
		if t.Time.Equal(pick.Time) && rank(t.Reason) == rank(pick.Reason) {
			w[i] = 1
		}
	}
	return w
}

func linear(ts []Touch) []uint64 {
	w := make([]uint64, len(ts))
	for i := range w {
		w[i] = 1
	}
	return w
}

// position states 40/20/40 in whole numbers: each end weighs 2(n-2) and each
// of the n-2 middle touches 1, so the middle gets (n-2)/5(n-2) = 20% in total.
func position(ts []Touch) []uint64 {
	w := linear(ts)
	if n := len(w); n > 2 {
		w[0], w[n-1] = 2*uint64(n-2), 2*uint64(n-2)
	}
	return w
}

// timeDecay measures ages from the newest touch rather than from the order:
// normalising makes that equivalent, and it keeps the newest weight at the
// full scale, so very old touches can never round every weight down to 0.
// The scale is as large as the sum of the weights allows, so that weights
// which are exact powers of two (ages in whole half-lives) stay exact.
func timeDecay(ts []Touch) []uint64 {
	newest := ts[len(ts)-1].Time
	scale := math.Ldexp(1, 62-bits.Len(uint(len(ts))))
	w := make([]uint64, len(ts))
	for i, t := range ts {
		halves := float64(newest.Sub(t.Time)) / float64(halfLife)
		w[i] = uint64(math.Round(scale * math.Exp2(-halves)))
	}
	return w
}

// apportion turns weights into parts summing to exactly Whole by the largest
// remainder method. Quotients and remainders are exact (128-bit), so equal
// weights always tie; ties go to the earlier touch. A zero weight never gets
// a part, because the leftover is always smaller than the number of non-zero
// remainders.
func apportion(w []uint64) []int64 {
	var sum uint64
	for _, x := range w {
		sum += x
	}
	parts := make([]int64, len(w))
	rems := make([]uint64, len(w))
	left := Whole
	for i, x := range w {
		hi, lo := bits.Mul64(x, uint64(Whole))
		q, r := bits.Div64(hi, lo, sum)
		parts[i], rems[i] = int64(q), r
		left -= int64(q)
	}
	byRem := make([]int, len(w))
	for i := range byRem {
		byRem[i] = i
	}
	slices.SortStableFunc(byRem, func(a, b int) int { return cmp.Compare(rems[b], rems[a]) })
	for _, i := range byRem[:left] {
		parts[i]++
	}
	return parts
}

func credits(ts []Touch, parts []int64) []Credit {
	var out []Credit
	for i, t := range ts {
		if parts[i] > 0 {
			out = append(out, Credit{Touch: t, Parts: parts[i]})
		}
	}
	return out
}
