// Package metrics turns the summed counts of one report row into the
// numbers of the product contract: counts, rates and money per unit.
//
// A rate is a fraction (0.025, shown to people as "2.50%"). A rate or an
// amount per unit whose denominator is zero is undefined: it is a nil
// pointer (JSON null, "—" for people), never 0 and never infinite, because
// "no impressions yet" and "nobody clicked" are different facts.
//
// Denominators are never negative: counts only grow, refunds lower revenue
// rather than orders, and cost is what was paid. Only == 0 is treated as
// undefined, so a tiny fractional order credit (1e-9) still divides.
package metrics

import (
	"math"

	"github.com/liftmetrics/lift/internal/money"
)

// Inputs are the summed counts of one report row.
type Inputs struct {
	Impressions, Reach, Views, Likes, Comments, Shares, Saves int64
	// Followers is Σ followers at post time over the row's posts, so a
	// creator who grew later is not credited with an audience they lacked.
	Followers int64
	// LinkClicks are the clicks the platforms report, kept apart from
	// tracked clicks because the two never agree.
	LinkClicks                                       int64
	ProductImpressions, ProductClicks, ProductOrders int64
	// Clicks and UniqueClicks are tracked non-bot clicks, plus imported
	// click-throughs.
	Clicks, UniqueClicks int64
	// Orders is the sum of attribution credits, fractional under linear
	// and other split models.
	Orders float64
	// ClickOrders are the orders credited through a click (its id, or a
	// touch of the same customer), each click counting at most one order;
	// the caller puts them on the click's row, so ClickOrders ≤ Clicks.
	// CodeOrders are the credits of promo codes, which need no click.
	ClickOrders, CodeOrders float64
	Units                   float64
	NewCustomers            float64
	// Revenue is the net revenue credited to the row.
	Revenue money.Cents
	// Cost is costs plus commission, computed by the caller.
	Cost money.Cents
	// Conversions are the credited non-order conversions, in all and by
	// type (in the order of ConversionTypes); ConversionValue is their
	// credited value, never part of revenue.
	Conversions       float64
	ConversionsByType [len(ConversionTypes)]float64
	ConversionValue   money.Cents
}

// ConversionTypes are the kinds of non-order conversions the API takes.
var ConversionTypes = [...]string{"signup", "lead", "install", "download", "other"}

// Values is one row's numbers under the JSON names of the product
// contract, in the contract's order.
type Values struct {
	Impressions        int64 `json:"impressions"`
	Reach              int64 `json:"reach"`
	Views              int64 `json:"views"`
	Likes              int64 `json:"likes"`
	Comments           int64 `json:"comments"`
	Shares             int64 `json:"shares"`
	Saves              int64 `json:"saves"`
	Engagements        int64 `json:"engagements"`
	Followers          int64 `json:"followers"`
	LinkClicks         int64 `json:"link_clicks"`
	ProductImpressions int64 `json:"product_impressions"`
	ProductClicks      int64 `json:"product_clicks"`
	ProductOrders      int64 `json:"product_orders"`
	Clicks             int64 `json:"clicks"`
	UniqueClicks       int64 `json:"unique_clicks"`

	// Orders, Units and NewCustomers are kept unrounded; rounding for
	// display is the caller's choice.
	Orders       float64     `json:"orders"`
	ClickOrders  float64     `json:"click_orders"`
	CodeOrders   float64     `json:"code_orders"`
	Units        float64     `json:"units"`
	Revenue      money.Cents `json:"revenue"`
	NewCustomers float64     `json:"new_customers"`
	Cost         money.Cents `json:"cost"`

	Conversions         float64     `json:"conversions"`
	ConversionValue     money.Cents `json:"conversion_value"`
	ConversionsSignup   float64     `json:"conversions_signup"`
	ConversionsLead     float64     `json:"conversions_lead"`
	ConversionsInstall  float64     `json:"conversions_install"`
	ConversionsDownload float64     `json:"conversions_download"`
	ConversionsOther    float64     `json:"conversions_other"`

	EngagementRate      *float64     `json:"engagement_rate"`
	EngagementRateReach *float64     `json:"engagement_rate_reach"`
	CTR                 *float64     `json:"ctr"`
	PlatformCTR         *float64     `json:"platform_ctr"`
	ProductCTR          *float64     `json:"product_ctr"`
	CTOR                *float64     `json:"ctor"`
	ConversionRate      *float64     `json:"conversion_rate"`
	AOV                 *money.Cents `json:"aov"`
	ROI                 *float64     `json:"roi"`
	ROAS                *float64     `json:"roas"`
	CAC                 *money.Cents `json:"cac"`
	CPA                 *money.Cents `json:"cpa"`
	CPE                 *money.Cents `json:"cpe"`
	CPM                 *money.Cents `json:"cpm"`
	CPC                 *money.Cents `json:"cpc"`
}

// Compute derives every metric of the contract from one row's sums.
func Compute(in Inputs) Values {
	v := counts(in)
	eng := float64(v.Engagements)
	v.EngagementRate = ratio(eng, float64(in.Followers))
	v.EngagementRateReach = ratio(eng, float64(in.Reach))
	v.CTR = ratio(float64(in.Clicks), float64(in.Impressions))
	v.PlatformCTR = ratio(float64(in.LinkClicks), float64(in.Impressions))
	v.ProductCTR = ratio(float64(in.ProductClicks), float64(in.ProductImpressions))
	v.CTOR = ratio(float64(in.ProductOrders), float64(in.ProductClicks))
	// Only orders that came through a click divide by clicks: a code
	// order needs no click, and counting it would let the rate pass 100%.
	v.ConversionRate = ratio(in.ClickOrders, float64(in.Clicks))
	v.ROI = ratio(float64(in.Revenue-in.Cost), float64(in.Cost))
	v.ROAS = ratio(float64(in.Revenue), float64(in.Cost))
	cost := float64(in.Cost)
	v.AOV = perUnit(float64(in.Revenue), in.Orders)
	v.CAC = perUnit(cost, in.NewCustomers)
	v.CPA = perUnit(cost, in.Orders)
	v.CPE = perUnit(cost, eng)
	v.CPM = perUnit(cost*1000, float64(in.Impressions))
	v.CPC = perUnit(cost, float64(in.Clicks))
	return v
}

func counts(in Inputs) Values {
	return Values{
		Impressions:         in.Impressions,
		Reach:               in.Reach,
		Views:               in.Views,
		Likes:               in.Likes,
		Comments:            in.Comments,
		Shares:              in.Shares,
		Saves:               in.Saves,
		Engagements:         in.Likes + in.Comments + in.Shares,
		Followers:           in.Followers,
		LinkClicks:          in.LinkClicks,
		ProductImpressions:  in.ProductImpressions,
		ProductClicks:       in.ProductClicks,
		ProductOrders:       in.ProductOrders,
		Clicks:              in.Clicks,
		UniqueClicks:        in.UniqueClicks,
		Orders:              in.Orders,
		ClickOrders:         in.ClickOrders,
		CodeOrders:          in.CodeOrders,
		Units:               in.Units,
		Revenue:             in.Revenue,
		NewCustomers:        in.NewCustomers,
		Cost:                in.Cost,
		Conversions:         in.Conversions,
		ConversionValue:     in.ConversionValue,
		ConversionsSignup:   in.ConversionsByType[0],
		ConversionsLead:     in.ConversionsByType[1],
		ConversionsInstall:  in.ConversionsByType[2],
		ConversionsDownload: in.ConversionsByType[3],
		ConversionsOther:    in.ConversionsByType[4],
	}
}

// Inputs gives back the sums a row's values were computed from, so that
// rows can be added up and their rates computed again, never averaged.
func (v Values) Inputs() Inputs {
	return Inputs{
		Impressions: v.Impressions, Reach: v.Reach, Views: v.Views, Likes: v.Likes, Comments: v.Comments,
		Shares: v.Shares, Saves: v.Saves, Followers: v.Followers, LinkClicks: v.LinkClicks,
		ProductImpressions: v.ProductImpressions, ProductClicks: v.ProductClicks, ProductOrders: v.ProductOrders,
		Clicks: v.Clicks, UniqueClicks: v.UniqueClicks, Orders: v.Orders, ClickOrders: v.ClickOrders,
		CodeOrders: v.CodeOrders, Units: v.Units, NewCustomers: v.NewCustomers, Revenue: v.Revenue, Cost: v.Cost,
		Conversions: v.Conversions, ConversionValue: v.ConversionValue,
		ConversionsByType: [len(ConversionTypes)]float64{v.ConversionsSignup, v.ConversionsLead,
			v.ConversionsInstall, v.ConversionsDownload, v.ConversionsOther},
	}
}

// Add adds another row's sums to in.
func (in *Inputs) Add(x Inputs) {
	in.Impressions += x.Impressions
	in.Reach += x.Reach
	in.Views += x.Views
	in.Likes += x.Likes
	in.Comments += x.Comments
	in.Shares += x.Shares
	in.Saves += x.Saves
	in.Followers += x.Followers
	in.LinkClicks += x.LinkClicks
	in.ProductImpressions += x.ProductImpressions
	in.ProductClicks += x.ProductClicks
	in.ProductOrders += x.ProductOrders
	in.Clicks += x.Clicks
	in.UniqueClicks += x.UniqueClicks
	in.Orders += x.Orders
	in.ClickOrders += x.ClickOrders
	in.CodeOrders += x.CodeOrders
	in.Units += x.Units
	in.NewCustomers += x.NewCustomers
	in.Revenue += x.Revenue
	in.Cost += x.Cost
	in.Conversions += x.Conversions
	in.ConversionValue += x.ConversionValue
	for i := range in.ConversionsByType {
		in.ConversionsByType[i] += x.ConversionsByType[i]
	}
}

func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	r := num / den
	return &r
}

// perUnit divides an amount in cents by a count and rounds to the cent, so
// money is only ever fractional inside this one expression. A quotient too
// large for Cents (reachable only with absurdly small fractional
// denominators) is undefined rather than a wrapped, meaningless amount.
func perUnit(cents, den float64) *money.Cents {
	if den == 0 {
		return nil
	}
	x := cents / den
	if math.IsNaN(x) || math.Abs(x) >= math.MaxInt64 {
		return nil
	}
	m := money.Round(x)
	return &m
}

// Tiers lists the creator tiers from smallest to largest audience.
var Tiers = []string{"nano", "micro", "macro", "mega"}

// Tier classifies a creator by followers: nano < 10k ≤ micro < 100k ≤
// macro < 1M ≤ mega.
func Tier(followers int64) string {
	switch {
	case followers < 10_000:
		return "nano"
	case followers < 100_000:
		return "micro"
	case followers < 1_000_000:
		return "macro"
	default:
		return "mega"
	}
}
