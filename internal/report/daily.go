package report

import (
	"context"
	"fmt"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/uplift"
)

// The sources of a daily sales series.
const (
	SalesFromOrders     = "orders"
	SalesFromDailySales = "daily-sales"
)

// DailyOptions shape a daily sales series.
type DailyOptions struct {
	// Model and Window say which revenue counts as attributed; zero
	// values are last-touch and 30 days.
	Model  attribution.Model
	Window time.Duration
	// Until leaves out the local day it falls on and every later one: a
	// day that is not over would read as a slump. Zero keeps every day.
	Until time.Time
}

// Daily is a workspace's sales by local day.
type Daily struct {
	Source string       // SalesFromOrders or SalesFromDailySales
	Days   []uplift.Day // by date; a missing date has no data
	// Attributed is the revenue credited to links, codes and Amazon tags,
	// by day.
	Attributed map[uplift.Date]money.Cents
}

// DailySales returns the workspace's sales per local day and the revenue
// attributed per day. When the workspace has imported daily sales, they
// are the series (summed over SKUs): such a report holds the orders that
// never reach Lift one by one. Otherwise the series is every order, net
// of refunds, attributed or not, with the days between the first and
// the last order that have none counted as zero.
func DailySales(ctx context.Context, st *store.Store, ws store.Workspace, opt DailyOptions) (*Daily, error) {
	d := &Daily{Source: SalesFromDailySales}
	var err error
	if d.Days, err = importedSales(ctx, st, ws.ID); err != nil {
		return nil, fmt.Errorf("daily sales: %w", err)
	}
	if len(d.Days) == 0 {
		d.Source = SalesFromOrders
		if d.Days, err = orderSales(ctx, st, ws); err != nil {
			return nil, fmt.Errorf("daily sales: %w", err)
		}
	}
	if !opt.Until.IsZero() {
		d.Days = before(d.Days, uplift.DateOf(opt.Until.In(ws.Loc)))
	}
	if d.Attributed, err = attributedByDay(ctx, st, ws, opt); err != nil {
		return nil, err
	}
	return d, nil
}

func importedSales(ctx context.Context, st *store.Store, ws int64) ([]uplift.Day, error) {
	rows, err := st.DailySales(ctx, ws)
	if err != nil {
		return nil, err
	}
	var days []uplift.Day
	for _, r := range rows {
		date, err := uplift.ParseDate(r.Date)
		if err != nil {
			return nil, err
		}
		if n := len(days); n > 0 && days[n-1].Date == date {
			days[n-1].Revenue += r.Revenue
			days[n-1].Orders += r.Orders
			continue
		}
		days = append(days, uplift.Day{Date: date, Revenue: r.Revenue, Orders: r.Orders})
	}
	return days, nil
}

// orderSales sums orders by local day. An order refunded in full counts
// as neither an order nor revenue, as in every report.
func orderSales(ctx context.Context, st *store.Store, ws store.Workspace) ([]uplift.Day, error) {
	buckets, err := st.OrderSales(ctx, ws.ID, 15*time.Minute)
	if err != nil {
		return nil, err
	}
	var days []uplift.Day
	for _, b := range buckets {
		date := uplift.DateOf(b.Start.In(ws.Loc))
		if len(days) == 0 {
			days = append(days, uplift.Day{Date: date})
		}
		// Buckets come oldest first: fill the quiet days up to this one.
		for last := days[len(days)-1].Date; last < date; last++ {
			days = append(days, uplift.Day{Date: last + 1})
		}
		days[len(days)-1].Revenue += b.Revenue
		days[len(days)-1].Orders += b.Orders
	}
	return days, nil
}

func before(days []uplift.Day, end uplift.Date) []uplift.Day {
	for i, d := range days {
		if d.Date >= end {
			return days[:i]
		}
	}
	return days
}

// attributedByDay is the revenue of a report by day: what links, codes
// and Amazon tags were credited with, each day.
func attributedByDay(ctx context.Context, st *store.Store, ws store.Workspace, opt DailyOptions) (map[uplift.Date]money.Cents, error) {
	r, err := Build(ctx, st, ws, Options{By: "day", Model: opt.Model, Window: opt.Window})
	if err != nil {
		return nil, err
	}
	out := make(map[uplift.Date]money.Cents, len(r.Rows))
	for _, row := range r.Rows {
		if IsPeriodKey(row.Key) {
			continue // an Amazon Associates total for a period belongs to no day
		}
		date, err := uplift.ParseDate(row.Key)
		if err != nil {
			return nil, fmt.Errorf("daily sales: report day %w", err)
		}
		out[date] += row.Revenue
	}
	return out, nil
}
