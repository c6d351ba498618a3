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

// UpliftRow is one post group's uplift and who made its posts. The
// estimate and its Outcome belong to the group as a whole: the posts of
// one day cannot be told apart, so a group that lifted sales does not
// mean that each of its posts did.
type UpliftRow struct {
	uplift.Result
	Creators []string       `json:"creators"`
	Members  []UpliftMember `json:"members"` // the posts that share the result
	Outcome  string         `json:"result"`  // UpliftLifted, …, of the group
}

// UpliftMember is one post of a group.
type UpliftMember struct {
	PostID  string `json:"post_id"`
	Creator string `json:"creator"`
}

// The result of a post group, as its excess's 95% interval reads.
const (
	UpliftLifted  = "lifted"  // the whole interval is above zero
	UpliftLowered = "lowered" // the whole interval is below zero
	UpliftNoise   = "noise"   // the interval holds zero
	UpliftNone    = "none"    // no estimate
)

// UpliftOutcome reads a group's result from its interval.
func UpliftOutcome(r uplift.Result) string {
	switch {
	case r.Low == nil:
		return UpliftNone
	case *r.Low > 0:
		return UpliftLifted
	case *r.High < 0:
		return UpliftLowered
	}
	return UpliftNoise
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
	// What the estimates were made of, for Chart.
	input uplift.Input
	opt   uplift.Options
}

// Chart lays out the days around the post group of date, with after
// more days past its window (uplift.Chart).
func (r *UpliftReport) Chart(date uplift.Date, after int) []uplift.ChartDay {
	return uplift.Chart(r.input, r.opt, date, after)
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
	in := uplift.Input{Series: daily.Days, Attributed: daily.Attributed, Groups: uplift.GroupPosts(up)}
	results := uplift.Estimate(in, uopt)
	r := &UpliftReport{Currency: ws.Currency, Source: daily.Source, PreDays: opt.PreDays, WindowDays: opt.WindowDays,
		Model: string(attribution.LastTouch), Window: attribution.FormatWindow(attribution.DefaultWindow), Rows: []UpliftRow{},
		input: in, opt: uopt}
	if r.PreDays <= 0 {
		r.PreDays = uplift.DefaultPreDays
	}
	if r.WindowDays <= 0 {
		r.WindowDays = uplift.DefaultWindowDays
	}
	creatorOf, err := creatorsOf(ctx, st, ws.ID, posts)
	if err != nil {
		return nil, err
	}
	for _, res := range results {
		if !slices.ContainsFunc(res.PostIDs, keep) {
			continue
		}
		row := UpliftRow{Result: res, Outcome: UpliftOutcome(res), Creators: []string{}, Members: []UpliftMember{}}
		for _, id := range res.PostIDs {
			h := creatorOf[id]
			row.Members = append(row.Members, UpliftMember{PostID: id, Creator: h})
			if h != "" && !slices.Contains(row.Creators, h) {
				row.Creators = append(row.Creators, h)
			}
		}
		sort.Strings(row.Creators)
		r.Rows = append(r.Rows, row)
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

// creatorsOf names each post's creator by handle.
func creatorsOf(ctx context.Context, st *store.Store, ws int64, posts []store.Post) (map[string]string, error) {
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
	return byPost, nil
}
