package report

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/uplift"
)

// UpliftOptions select the post groups of an uplift report and shape the
// method.
type UpliftOptions struct {
	PostID     string // only the group holding this post
	Campaign   string // only groups holding a post of this campaign
	PreDays    int    // 0 for uplift.DefaultPreDays
	WindowDays int    // 0 for uplift.DefaultWindowDays
	Until      time.Time
}

// UpliftRow is one post group's uplift and who made its posts.
type UpliftRow struct {
	uplift.Result
	Creators []string `json:"creators"`
}

// UpliftReport is the sales lift around posts.
type UpliftReport struct {
	Currency   string      `json:"currency"`
	Source     string      `json:"source"` // where daily sales came from: orders or daily-sales
	PreDays    int         `json:"pre_days"`
	WindowDays int         `json:"window_days"`
	Model      string      `json:"model"`  // the attribution behind "attributed"
	Window     string      `json:"window"` // its window
	Rows       []UpliftRow `json:"rows"`
}

// Uplift estimates the sales lift of the workspace's posts, grouped by
// the local day they went out. Every post takes part in keeping lifted
// days out of the baselines, whatever the options select.
func Uplift(ctx context.Context, st *store.Store, ws store.Workspace, opt UpliftOptions) (*UpliftReport, error) {
	if opt.PostID != "" && opt.Campaign != "" {
		return nil, fmt.Errorf("uplift: give a post or a campaign, not both")
	}
	posts, err := st.Posts(ctx, ws.ID)
	if err != nil {
		return nil, fmt.Errorf("uplift: %w", err)
	}
	keep, err := selector(ctx, st, ws.ID, posts, opt)
	if err != nil {
		return nil, err
	}
	daily, err := DailySales(ctx, st, ws, DailyOptions{Until: opt.Until})
	if err != nil {
		return nil, fmt.Errorf("uplift: %w", err)
	}
	var up []uplift.Post
	for _, p := range posts {
		up = append(up, uplift.Post{ID: p.PostID, Date: uplift.DateOf(p.PublishedAt.In(ws.Loc))})
	}
	uopt := uplift.Options{PreDays: opt.PreDays, WindowDays: opt.WindowDays}
	results := uplift.Estimate(uplift.Input{Series: daily.Days, Attributed: daily.Attributed, Groups: uplift.GroupPosts(up)}, uopt)
	r := &UpliftReport{Currency: ws.Currency, Source: daily.Source, PreDays: opt.PreDays, WindowDays: opt.WindowDays,
		Model: string(attribution.LastTouch), Window: attribution.FormatWindow(attribution.DefaultWindow), Rows: []UpliftRow{}}
	if r.PreDays <= 0 {
		r.PreDays = uplift.DefaultPreDays
	}
	if r.WindowDays <= 0 {
		r.WindowDays = uplift.DefaultWindowDays
	}
	creators, err := creatorsOf(ctx, st, ws.ID, posts)
	if err != nil {
		return nil, err
	}
	for _, res := range results {
		if slices.ContainsFunc(res.PostIDs, keep) {
			r.Rows = append(r.Rows, UpliftRow{Result: res, Creators: creators(res.PostIDs)})
		}
	}
	return r, nil
}

// selector returns which posts the options ask about, refusing a post or
// campaign the workspace does not have.
func selector(ctx context.Context, st *store.Store, ws int64, posts []store.Post, opt UpliftOptions) (func(string) bool, error) {
	switch {
	case opt.PostID != "":
		if !slices.ContainsFunc(posts, func(p store.Post) bool { return p.PostID == opt.PostID }) {
			return nil, fmt.Errorf("uplift: unknown post %q", opt.PostID)
		}
		return func(id string) bool { return id == opt.PostID }, nil
	case opt.Campaign != "":
		campaigns, err := st.Campaigns(ctx, ws)
		if err != nil {
			return nil, fmt.Errorf("uplift: %w", err)
		}
		var names []string
		for _, c := range campaigns {
			names = append(names, c.Name)
			if strings.EqualFold(c.Name, opt.Campaign) {
				return campaignPosts(posts, c.ID), nil
			}
		}
		return nil, fmt.Errorf("uplift: unknown campaign %q (campaigns: %s)", opt.Campaign, strings.Join(names, ", "))
	}
	return func(string) bool { return true }, nil
}

func campaignPosts(posts []store.Post, campaign int64) func(string) bool {
	in := map[string]bool{}
	for _, p := range posts {
		if p.CampaignID == campaign {
			in[p.PostID] = true
		}
	}
	return func(id string) bool { return in[id] }
}

// creatorsOf returns a function naming the creators of a group's posts,
// sorted, each once.
func creatorsOf(ctx context.Context, st *store.Store, ws int64, posts []store.Post) (func([]string) []string, error) {
	list, err := st.Creators(ctx, ws)
	if err != nil {
		return nil, fmt.Errorf("uplift: %w", err)
	}
	handles := map[int64]string{}
	for _, c := range list {
		handles[c.ID] = c.Handle
	}
	byPost := map[string]string{}
	for _, p := range posts {
		byPost[p.PostID] = handles[p.CreatorID]
	}
	return func(ids []string) []string {
		out := []string{}
		for _, id := range ids {
			if h := byPost[id]; h != "" && !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
		sort.Strings(out)
		return out
	}, nil
}
