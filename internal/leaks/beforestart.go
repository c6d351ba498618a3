package leaks

import (
	"fmt"
	"time"
)

// beforeStart flags the redemptions of a code before its campaign began:
// the code was out before the creator was meant to share it (leaked, or
// the campaign's dates are wrong), yet attribution credits those orders to
// the campaign all the same. One early redemption is enough to say so.
func beforeStart(c *Code, rs []redemption, loc *time.Location) (Finding, bool) {
	if c.Since.IsZero() {
		return Finding{}, false
	}
	var early []redemption
	for _, r := range rs {
		if r.order.Time.Before(c.Since) {
			early = append(early, r)
		}
	}
	if len(early) == 0 {
		return Finding{}, false
	}
	ev := fmt.Sprintf("%s of %s redemptions came before campaign %s began on %s; they are credited to it all the same",
		num(len(early)), num(len(rs)), c.Campaign, c.Since.In(loc).Format(time.DateOnly))
	return finding(KindBeforeStart, c, len(rs), early, ev), true
}
