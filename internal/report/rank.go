package report

import (
	"encoding/json"
	"fmt"
	"github.com/liftmetrics/lift/internal/store"
	"math"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/ranking"
)

// RowRank is a row's honest ranking (Options.Rank; README, "Honest
// ranking"): its rates
// shrunk toward the workspace's by empirical Bayes, with 90% intervals,
// and what to do about it. A rate of a row without clicks, and the ROI of
// a row without clicks or cost, is null.
type RowRank struct {
	ConversionRateShrunk  *float64     `json:"conversion_rate_shrunk"`
	ConversionRateLow     *float64     `json:"conversion_rate_low"`
	ConversionRateHigh    *float64     `json:"conversion_rate_high"`
	OrdersPerClickShrunk  *float64     `json:"orders_per_click_shrunk"`
	OrdersPerClickLow     *float64     `json:"orders_per_click_low"`
	OrdersPerClickHigh    *float64     `json:"orders_per_click_high"`
	RevenuePerClickShrunk *money.Cents `json:"revenue_per_click_shrunk"`
	RevenuePerClickLow    *money.Cents `json:"revenue_per_click_low"`
	RevenuePerClickHigh   *money.Cents `json:"revenue_per_click_high"`
	ROIShrunk             *float64     `json:"roi_shrunk"`
	ROILow                *float64     `json:"roi_low"`
	ROIHigh               *float64     `json:"roi_high"`
	Recommendation        string       `json:"recommendation"`
	Reason                string       `json:"reason"`
}

// RankSummary says what a ranked report's rows were shrunk toward, so
// that a reader can audit the shrinkage.
type RankSummary struct {
	Interval float64 `json:"interval"`
	SortedBy string  `json:"sorted_by"`
	// The priors, each with its mean and its weight in clicks.
	ConversionRate  ranking.Prior `json:"conversion_rate_prior"`
	OrdersPerClick  ranking.Prior `json:"orders_per_click_prior"`
	RevenuePerClick MoneyPrior    `json:"revenue_per_click_prior"`
	// OrderValueCV is the spread of single order values that widens the
	// revenue intervals (standard deviation / mean).
	OrderValueCV float64 `json:"order_value_cv"`
}

// MoneyPrior is a prior for money per click.
type MoneyPrior struct {
	Mean   money.Cents `json:"mean"`
	Clicks float64     `json:"clicks"`
	Fitted bool        `json:"fitted"`
}

// rank fits the ranking on the report's rows, whatever they are grouped
// by, and sorts them by it.
func (b *builder) rank(r *Report) {
	in := make([]ranking.Input, len(r.Rows))
	for i, row := range r.Rows {
		in[i] = ranking.Input{Key: row.Key, Clicks: row.Clicks, Orders: row.Orders, ClickOrders: row.ClickOrders, Revenue: row.Revenue, Cost: row.Cost}
	}
	cv := b.orderValueCV()
	rk := ranking.Rank(in, ranking.Params{OrderValueCV: cv})
	rows := make([]Row, len(r.Rows))
	for i, res := range rk.Results {
		rows[i] = r.Rows[res.Index]
		rows[i].RowRank = rowRank(res)
	}
	r.Rows = rows
	p := rk.Priors.RevenuePerClick
	r.Ranking = &RankSummary{
		Interval: ranking.Level, SortedBy: "roi_shrunk",
		ConversionRate: rk.Priors.ConversionRate, OrdersPerClick: rk.Priors.OrdersPerClick,
		RevenuePerClick: MoneyPrior{Mean: money.Round(p.Mean), Clicks: p.Clicks, Fitted: p.Fitted},
		OrderValueCV:    cv,
	}
}

// orderValueCV measures the spread of the period's single order values,
// net of refunds. All the period's orders are measured, credited or not:
// their values are what credited revenue is made of, and attributing
// them again only to measure them would double the report's work. Fewer
// than two orders say nothing of spread; a CV of 1 (values spread like an
// exponential, wider than most shops') is assumed then.
func (b *builder) orderValueCV() float64 {
	if b.values != nil {
		return b.values.cv()
	}
	var v orderValues
	for i := range b.d.orders {
		v.add(b, &b.d.orders[i])
	}
	return v.cv()
}

// orderValues sums the values of the period's orders, for their spread.
type orderValues struct{ n, sum, sq float64 }

// add counts one order that counts by its payment, if it falls in the
// period with a positive net value.
func (v *orderValues) add(b *builder, o *store.Order) {
	net := float64(o.Revenue - o.Refunded)
	if net <= 0 || !b.inTime(o.Time) {
		return
	}
	v.n++
	v.sum += net
	v.sq += net * net
}

func (v *orderValues) cv() float64 {
	if v.n < 2 {
		return 1
	}
	mean := v.sum / v.n
	return math.Sqrt(math.Max(v.sq/v.n-mean*mean, 0)*v.n/(v.n-1)) / mean
}

func rowRank(res ranking.Result) *RowRank {
	rr := &RowRank{Recommendation: string(res.Recommendation), Reason: res.Reason}
	rr.ConversionRateShrunk, rr.ConversionRateLow, rr.ConversionRateHigh = rates(res.ConversionRate)
	rr.OrdersPerClickShrunk, rr.OrdersPerClickLow, rr.OrdersPerClickHigh = rates(res.OrdersPerClick)
	rr.ROIShrunk, rr.ROILow, rr.ROIHigh = rates(res.ROI)
	if e := res.RevenuePerClick; e != nil {
		m, lo, hi := money.Round(e.Mean), money.Round(e.Low), money.Round(e.High)
		rr.RevenuePerClickShrunk, rr.RevenuePerClickLow, rr.RevenuePerClickHigh = &m, &lo, &hi
	}
	return rr
}

func rates(e *ranking.Estimate) (mean, low, high *float64) {
	if e == nil {
		return nil, nil, nil
	}
	m, lo, hi := e.Mean, e.Low, e.High
	return &m, &lo, &hi
}

// rankHead, rankCells and rankNotes are the table's ranking columns and
// the lines under it; empty for a report without ranking.
func (r *Report) rankHead() []string {
	if r.Ranking == nil {
		return nil
	}
	return []string{"conv. shrunk (90%)", "ROI shrunk (90%)", "recommendation"}
}

func (r *Report) rankCells(row Row) []string {
	if r.Ranking == nil {
		return nil
	}
	rr := row.RowRank
	if rr == nil {
		return []string{"", "", ""}
	}
	conv := metrics.Percent(rr.ConversionRateShrunk)
	if rr.ConversionRateShrunk != nil {
		conv += fmt.Sprintf(" (%s–%s)", strings.TrimSuffix(metrics.Percent(rr.ConversionRateLow), "%"), metrics.Percent(rr.ConversionRateHigh))
	}
	roi := "—"
	if rr.ROIShrunk != nil {
		roi = fmt.Sprintf("%s (%s to %s)", ranking.SignedPercent(*rr.ROIShrunk),
			ranking.SignedPercent(*rr.ROILow), ranking.SignedPercent(*rr.ROIHigh))
	}
	return []string{conv, roi, rr.Recommendation}
}

func (r *Report) rankNotes() string {
	s := r.Ranking
	if s == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nranked by posterior mean ROI; rates shrunk toward priors fitted across the rows: conversion %s (%s), revenue per click %s (%s)\n",
		metrics.Percent(&s.ConversionRate.Mean), priorWeight(s.ConversionRate.Clicks, s.ConversionRate.Fitted),
		money.Format(s.RevenuePerClick.Mean, r.Currency), priorWeight(s.RevenuePerClick.Clicks, s.RevenuePerClick.Fitted))
	width := 0
	for _, row := range r.Rows {
		width = max(width, len([]rune(row.Key)))
	}
	for _, row := range r.Rows {
		if row.RowRank != nil {
			fmt.Fprintf(&b, "  %-*s  %s: %s\n", width, row.Key, row.Recommendation, row.Reason)
		}
	}
	return b.String()
}

func priorWeight(clicks float64, fitted bool) string {
	n := metrics.Count(int64(math.Round(clicks)))
	if clicks < 10 {
		n = strings.TrimSuffix(fmt.Sprintf("%.1f", clicks), ".0")
	}
	w := "worth " + n + " clicks"
	if n == "1" {
		w = "worth 1 click"
	}
	if !fitted {
		w = "weak, " + w + ": too few rows or no spread to fit"
	}
	return w
}

// rankCSVHead and rankCSV are the CSV columns of the ranking, in JSON
// order, with null as empty; nil for a report without ranking.
var rankCSVFields = func() []string {
	b, _ := json.Marshal(RowRank{})
	return jsonKeys(b)
}()

func (r *Report) rankCSVHead() []string {
	if r.Ranking == nil {
		return nil
	}
	return rankCSVFields
}

func (r *Report) rankCSV(rr *RowRank) []string {
	if r.Ranking == nil {
		return nil
	}
	out := make([]string, len(rankCSVFields))
	if rr == nil {
		return out
	}
	b, _ := json.Marshal(rr)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	for i, f := range rankCSVFields {
		s := string(m[f])
		if s == "null" {
			s = ""
		} else if strings.HasPrefix(s, `"`) {
			_ = json.Unmarshal(m[f], &s)
		}
		out[i] = s
	}
	return out
}
