package web

import (
	"context"
	"sync"

	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// A page that shows several reports (the overview: the creators, the
// goals, the budgets, the chart, the previous period) reads the
// workspace's facts once: the first report of the request loads them,
// and the others are built from what it loaded.

type factsKey struct{}

// sharedFacts are the facts of one request, loaded when first needed.
type sharedFacts struct {
	once  sync.Once
	ws    int64
	facts *report.Facts
	err   error
}

// withSharedFacts gives a GET request's context in which the reports of
// the workspace share one load of its facts.
func withSharedFacts(ctx context.Context, ws store.Workspace) context.Context {
	return context.WithValue(ctx, factsKey{}, &sharedFacts{ws: ws.ID})
}

// facts gives the request's facts of ws, loading them the first time;
// nil when the request does not share them.
func (h *Handler) facts(ctx context.Context, ws store.Workspace) (*report.Facts, error) {
	sf, ok := ctx.Value(factsKey{}).(*sharedFacts)
	if !ok || sf.ws != ws.ID {
		return nil, nil
	}
	sf.once.Do(func() { sf.facts, sf.err = report.Load(ctx, h.st, ws) })
	return sf.facts, sf.err
}

// build is report.Build, from the request's shared facts when it has them.
func (h *Handler) build(ctx context.Context, ws store.Workspace, opt report.Options) (*report.Report, error) {
	switch f, err := h.facts(ctx, ws); {
	case err != nil:
		return nil, err
	case f != nil:
		return f.Build(ctx, opt)
	}
	return report.Build(ctx, h.st, ws, opt)
}

// byCampaignDay is report.ByCampaignDay, from the request's shared facts
// when it has them.
func (h *Handler) byCampaignDay(ctx context.Context, ws store.Workspace, opt report.Options) (map[int64]report.CampaignDays, error) {
	switch f, err := h.facts(ctx, ws); {
	case err != nil:
		return nil, err
	case f != nil:
		return f.ByCampaignDay(ctx, opt)
	}
	return report.ByCampaignDay(ctx, h.st, ws, opt)
}
