package bench

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// shopifyHeader is the header of the export Shopify admin's Orders page
// writes, the columns Lift reads and a few it does not.
const shopifyHeader = "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total," +
	"Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku," +
	"Refunded Amount,Id,Note Attributes,Referring Site,Landing Site"

// ShopifyExport writes a Shopify orders export of n rows, one per line
// item: every fourth order has a second line item on the next row. Its
// orders are those of Orders: a third redeem one of codes, a third carry
// one of clickIDs in Note Attributes, a quarter are repeat customers, one
// in twenty is partly refunded. It returns how many orders it wrote. The
// same seed gives the same file.
func ShopifyExport(w io.Writer, n int, codes, clickIDs []string, start time.Time, seed uint64) (int, error) {
	rng := rand.New(rand.NewPCG(seed, 0x73686f70))
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, shopifyHeader)
	span := int64(90 * 24 * time.Hour / time.Second)
	orders := 0
	for rows := 0; rows < n; orders++ {
		at := start.Add(time.Duration(rng.Int64N(span)) * time.Second).Format("2006-01-02 15:04:05 -0700")
		cents := 1500 + rng.Int64N(23500)
		taxes := cents * 8 / 100
		var code, notes, discount string
		switch k := rng.IntN(3); {
		case k == 0 && len(codes) > 0:
			code, discount = codes[rng.IntN(len(codes))], "5.00"
		case k == 1 && len(clickIDs) > 0:
			notes = "lift_cid: " + clickIDs[rng.IntN(len(clickIDs))]
		}
		customer := orders
		if rng.IntN(4) == 0 && orders > 0 {
			customer = rng.IntN(orders)
		}
		status, refunded := "paid", ""
		if rng.IntN(20) == 0 {
			status, refunded = "partially_refunded", money2(cents/2)
		}
		name := fmt.Sprintf("#%d", 100000+orders)
		qty := 1 + rng.IntN(3)
		fmt.Fprintf(bw, "%s,cust%08d@example.com,%s,%s,fulfilled,USD,%s,0.00,%s,%s,%s,%s,%s,%d,Serum,%s,SER-1,%s,%d,%q,https://www.instagram.com/,/products/serum\n",
			name, customer, status, at, money2(cents), money2(taxes), money2(cents+taxes), code, discount, at, qty,
			money2(cents/int64(qty)), refunded, 5000000000+orders, notes)
		rows++
		if orders%4 == 3 && rows < n {
			fmt.Fprintf(bw, "%s,,,,,,,,,,,,,1,Cream,0.00,CRM-1,,,,,\n", name)
			rows++
		}
	}
	return orders, bw.Flush()
}

func money2(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }
