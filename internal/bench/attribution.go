package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/progress"
)

// AttributionTiming is one model's run over the orders.
type AttributionTiming struct {
	Model          string  `json:"model"`
	Seconds        float64 `json:"s"`
	CPUSeconds     float64 `json:"cpu_s"` // the process's CPU time: on a busy machine, less than Seconds
	OrdersPerS     float64 `json:"orders_per_s"`
	AllocsPerOrder float64 `json:"allocs_per_order"`
	BytesPerOrder  float64 `json:"bytes_per_order"`
	Credits        int64   `json:"credits"` // credits given, all orders together
	Unattributed   int64   `json:"unattributed"`
}

// AttributionResult is what `lift bench attribution` prints.
type AttributionResult struct {
	Orders  int                 `json:"orders"`
	Touches int64               `json:"touches"`
	Models  []AttributionTiming `json:"models"`
}

// order is one synthetic order and what might earn it.
type order struct {
	at      time.Time
	touches []attribution.Touch
}

// Attribution attributes n synthetic orders under every model, in
// package attribution alone (no database, no report), and gives each
// model's orders per second and allocations per order. The orders look
// like the demo at scale 250: 2,000 creators in 100 campaigns with
// 20,000 posts and 5,000 links; an order carries its own click in six
// cases of ten, its customer's earlier clicks (one to three) in three,
// a code in three, and one in ten has no touch at all; clicks come up to
// 45 days before the order, so some fall out of the 30-day window.
func Attribution(n int, seed uint64, counter *progress.Counter) AttributionResult {
	orders := syntheticOrders(n, seed)
	res := AttributionResult{Orders: n}
	for _, o := range orders {
		res.Touches += int64(len(o.touches))
	}
	counter.SetTotal(int64(n * len(attribution.Models)))
	for _, m := range attribution.Models {
		t := AttributionTiming{Model: string(m)}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu0, t0 := cpuTime(), time.Now()
		for i, o := range orders {
			cs := attribution.Assign(o.at, o.touches, m, attribution.DefaultWindow)
			if len(cs) == 0 {
				t.Unattributed++
			}
			t.Credits += int64(len(cs))
			if i%65536 == 65535 {
				counter.Add(65536)
			}
		}
		d := time.Since(t0)
		t.CPUSeconds = (cpuTime() - cpu0).Seconds()
		runtime.ReadMemStats(&after)
		counter.Add(int64(n % 65536))
		t.Seconds = d.Seconds()
		t.OrdersPerS = float64(n) / d.Seconds()
		t.AllocsPerOrder = float64(after.Mallocs-before.Mallocs) / float64(n)
		t.BytesPerOrder = float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
		res.Models = append(res.Models, t)
	}
	return res
}

func syntheticOrders(n int, seed uint64) []order {
	const creators, campaigns, posts, links = 2000, 100, 20000, 5000
	rng := rand.New(rand.NewPCG(seed, 11))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	click := func(at time.Time, reason attribution.Reason, k int) attribution.Touch {
		l := rng.IntN(links)
		cr := l % creators
		return attribution.Touch{Creator: int64(cr + 1), Campaign: int64(cr%campaigns + 1), Post: int64(l%posts + 1),
			Link: int64(l + 1), Time: at.Add(-time.Duration(rng.Int64N(int64(45 * 24 * time.Hour)))),
			Reason: reason, Ref: fmt.Sprintf("c%d-%d", k, rng.IntN(1<<30))}
	}
	out := make([]order, n)
	for i := range out {
		at := start.Add(time.Duration(rng.Int64N(int64(300 * 24 * time.Hour))))
		o := order{at: at}
		if rng.IntN(10) == 0 {
			out[i] = o
			continue
		}
		if rng.IntN(10) < 6 {
			o.touches = append(o.touches, click(at, attribution.ReasonClickID, i))
		}
		if rng.IntN(10) < 3 {
			for range 1 + rng.IntN(3) {
				o.touches = append(o.touches, click(at, attribution.ReasonCustomer, i))
			}
		}
		if len(o.touches) == 0 || rng.IntN(10) < 3 {
			cr := rng.IntN(creators)
			o.touches = append(o.touches, attribution.Touch{Creator: int64(cr + 1), Campaign: int64(cr%campaigns + 1),
				Time: at, Reason: attribution.ReasonCode, Ref: fmt.Sprintf("CODE%d", cr)})
		}
		out[i] = o
	}
	return out
}
