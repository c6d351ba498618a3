package uplift

import (
	"math"
	"time"
)

// obs is one usable day before a post.
type obs struct {
	wd time.Weekday
	y  float64
}

// fit is the baseline of one window and the uncertainty of actual − baseline.
type fit struct {
	baseline float64 // expected window sum had there been no post
	se       float64 // standard error of the excess
	df       int     // degrees of freedom of the noise estimate
}

// minWithinDF is the fewest residual degrees of freedom with which
// weekday means are worth estimating; below it the days are pooled.
const minWithinDF = 3

// weekdays sums the usable days by day of the week.
type weekdays struct {
	n    int
	cnt  [7]int
	sum  [7]float64
	mean float64
}

func tally(pre []obs) weekdays {
	var w weekdays
	for _, o := range pre {
		w.cnt[o.wd]++
		w.sum[o.wd] += o.y
		w.mean += o.y
	}
	w.n = len(pre)
	w.mean /= float64(w.n)
	return w
}

// shrinkage is how the weekday factors were estimated: noise variance s2
// with df degrees of freedom, spread tau2 of the true weekday levels
// around the overall mean, and lambda = s2/tau2, the number of average
// days each weekday's mean is pulled toward the overall mean by.
type shrinkage struct {
	s2, tau2, lambda float64
	df               int
}

// estimateShrinkage is a one-way analysis of variance by weekday with an
// empirical-Bayes reading: the within-weekday spread is the day-level
// noise, and whatever the between-weekday spread has beyond that noise is
// a real weekly pattern (tau2). When there is none, or too few days to
// tell, every weekday gets the overall mean (factors of 1).
func estimateShrinkage(pre []obs, w weekdays) shrinkage {
	groups := 0
	var within float64
	for _, o := range pre {
		d := o.y - w.sum[o.wd]/float64(w.cnt[o.wd])
		within += d * d
	}
	var between, sumSq float64
	for k := range 7 {
		if w.cnt[k] == 0 {
			continue
		}
		groups++
		d := w.sum[k]/float64(w.cnt[k]) - w.mean
		between += float64(w.cnt[k]) * d * d
		sumSq += float64(w.cnt[k] * w.cnt[k])
	}
	dfWithin := w.n - groups
	if groups < 2 || dfWithin < minWithinDF {
		var total float64
		for _, o := range pre {
			total += (o.y - w.mean) * (o.y - w.mean)
		}
		return shrinkage{s2: total / float64(w.n-1), lambda: math.Inf(1), df: w.n - 1}
	}
	sh := shrinkage{s2: within / float64(dfWithin), df: dfWithin}
	msb := between / float64(groups-1)
	n0 := (float64(w.n) - sumSq/float64(w.n)) / float64(groups-1)
	sh.tau2 = math.Max(0, (msb-sh.s2)/n0)
	switch {
	case sh.tau2 == 0:
		sh.lambda = math.Inf(1)
	case sh.s2 == 0:
		sh.lambda = 0
	default:
		sh.lambda = sh.s2 / sh.tau2
	}
	return sh
}

// pull is the weight of the overall mean in weekday k's baseline: 0 for
// a weekday whose own mean is trusted fully, 1 for one not seen at all.
func (sh shrinkage) pull(w weekdays, k time.Weekday) float64 {
	if w.cnt[k] == 0 || math.IsInf(sh.lambda, 1) {
		return 1
	}
	return sh.lambda / (float64(w.cnt[k]) + sh.lambda)
}

// level is the expected sales of a day on weekday k.
func (sh shrinkage) level(w weekdays, k time.Weekday) float64 {
	b := sh.pull(w, k)
	own := w.mean
	if w.cnt[k] > 0 {
		own = w.sum[k] / float64(w.cnt[k])
	}
	return (1-b)*own + b*w.mean
}

// estimate predicts the window's sum from the usable days before the post
// and the uncertainty of actual − prediction. The variance has three
// parts: the baseline's estimation error (each weekday level is a linear
// combination of the pre-days, so its variance is s2 × Σ weight²), the
// bias that pulling weekdays toward the mean may bring (tau2 per pulled
// weekday), and the noise of the window's own days: the pre-days' noise
// on each day, plus the noise of the extra orders a post brings, which
// arrive one by one (Poisson) with unit the value of one order. A unit of
// 0 (orders unknown) lets the window's noise grow in proportion to its
// sales instead.
func estimate(pre []obs, window []time.Weekday, actual, unit float64) fit {
	w := tally(pre)
	sh := estimateShrinkage(pre, w)
	var g [7]float64 // window days per weekday
	for _, k := range window {
		g[k]++
	}
	var baseline, biasVar float64
	for k := range time.Weekday(7) {
		b := sh.pull(w, k)
		baseline += g[k] * sh.level(w, k)
		biasVar += sh.tau2 * (g[k] * b) * (g[k] * b)
	}
	noise := sh.s2 * float64(len(window))
	if excess := actual - baseline; excess > 0 {
		switch {
		case unit > 0:
			noise += excess * unit
		case baseline > 0:
			noise *= actual / baseline
		}
	}
	return fit{baseline: baseline, se: math.Sqrt(sh.s2*sh.weightSq(w, g) + biasVar + noise), df: sh.df}
}

// weightSq is Σ over the pre-days of the squared weight each has in the
// baseline of a window with g days per weekday. A pre-day on weekday k
// counts through its own weekday's mean (unpulled share over its count)
// and through the overall mean that every pulled window day leans on.
func (sh shrinkage) weightSq(w weekdays, g [7]float64) float64 {
	var pulled float64
	for k := range time.Weekday(7) {
		pulled += g[k] * sh.pull(w, k)
	}
	var sum float64
	for k := range time.Weekday(7) {
		if w.cnt[k] == 0 {
			continue
		}
		c := g[k]*(1-sh.pull(w, k))/float64(w.cnt[k]) + pulled/float64(w.n)
		sum += float64(w.cnt[k]) * c * c
	}
	return sum
}
