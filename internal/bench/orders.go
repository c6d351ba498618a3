// Package bench generates large inputs and measures Lift on them: the
// figures in BENCHMARKS.md come from here, through `lift bench`.
package bench

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Orders writes an orders CSV of n rows. A third of the orders redeem one
// of codes, a third carry one of clickIDs (with landing times after
// clickStart), the rest are unattributed; a quarter are repeat customers
// and one in twenty is partly refunded. The same seed gives the same file.
func Orders(w io.Writer, n int, codes, clickIDs []string, start time.Time, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x6c696674))
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, "order_id,created_at,revenue,currency,discount_code,click_id,customer_id,units,refunded")
	span := int64(90 * 24 * time.Hour / time.Second)
	for i := range n {
		at := start.Add(time.Duration(rng.Int64N(span)) * time.Second)
		cents := 1500 + rng.Int64N(23500)
		var code, click string
		switch k := rng.IntN(3); {
		case k == 0 && len(codes) > 0:
			code = codes[rng.IntN(len(codes))]
		case k == 1 && len(clickIDs) > 0:
			click = clickIDs[rng.IntN(len(clickIDs))]
		}
		customer := i
		if rng.IntN(4) == 0 && i > 0 {
			customer = rng.IntN(i)
		}
		refunded := ""
		if rng.IntN(20) == 0 {
			refunded = fmt.Sprintf("%d.%02d", cents/200, (cents/2)%100)
		}
		fmt.Fprintf(bw, "B%08d,%s,%d.%02d,USD,%s,%s,cust%08d,%d,%s\n",
			i, at.Format("2006-01-02 15:04:05"), cents/100, cents%100, code, click, customer, 1+rng.IntN(3), refunded)
	}
	return bw.Flush()
}
