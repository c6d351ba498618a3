package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// Campaigns, creators and costs are added and corrected by hand on these
// pages. Each form is checked exactly as a one-row file of its kind would
// be (importer.SaveCampaign, SaveCreator, SaveCost), and its fields are
// named after that file's columns, so a problem names its field.

// setupPage lists the campaigns, creators and costs, each with its form.
type setupPage struct {
	Campaigns, Creators, Costs *table
}

// formPage is one add or edit form.
type formPage struct {
	Title    string
	Intro    string
	Action   string
	Submit   string
	Back     string
	Fields   []formField
	Problems []string // what the form got wrong, field by field
	noun     string
	anchor   string // where the setup page lists the kind
	name     func(importer.Fields) string
}

// formField is one input, named after its column in the kind's file.
type formField struct {
	Name, Label, Type string // Type: text, number, date, select or list (a searchable list)
	Value, Hint       string
	Placeholder, Mode string
	Required          bool
	Options           []option
	Error             string
}

// ID is the input's id in the page.
func (f formField) ID() string { return "f-" + strings.ReplaceAll(f.Name, "_", "-") }

func (h *Handler) setup(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	campaigns, err := h.st.Campaigns(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	creators, err := h.st.Creators(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	costs, err := h.st.Costs(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	p := &setupPage{Campaigns: campaignList(campaigns, rc.WS), Creators: creatorList(creators),
		Costs: costList(costs, creators, campaigns, rc.WS)}
	// Each list turns its own pages; the downloads hold every row.
	q := r.URL.Query()
	p.Campaigns.paginateBy(q, setupPerPage, "campaigns", "campaigns_page")
	p.Creators.paginateBy(q, setupPerPage, "creators", "creators_page")
	p.Costs.paginateBy(q, setupPerPage, "costs", "costs_page")
	return h.page(w, r, rc, "campaigns", view{Title: "Campaigns and creators", Nav: "campaigns", Page: p,
		Notice: h.notice(r, rc)}, p.Campaigns, p.Creators, p.Costs)
}

// setupPerPage is how many campaigns, creators or costs the campaigns
// page lists at once.
const setupPerPage = 100

func editCell(href string) cell { return cell{Text: "Edit", Href: href} }

// day is a date, kept on one line.
func day(s string) cell {
	c := text(s)
	c.Whole = true
	return c
}

func campaignList(cs []store.Campaign, ws store.Workspace) *table {
	t := &table{Name: "campaigns", Sticky: true, Cols: []column{{Key: "name", Head: "Campaign"},
		{Key: "starts", Head: "First day"}, {Key: "ends", Head: "Last day"}, {Key: "goal", Head: "Goal"},
		{Key: "budget", Head: "Budget", Num: true}, {Key: "edit", Head: ""}},
		Empty: "No campaign yet. Add one, or import a campaigns file.", EmptyURL: "/campaigns/new", EmptyCTA: "New campaign"}
	for _, c := range cs {
		first, _ := dayValue(c.Starts, ws.Loc, false)
		last, _ := dayValue(c.Ends, ws.Loc, true)
		goal := ""
		if c.GoalMetric != "" {
			goal = c.GoalMetric + " ≥ " + metrics.Decimal(c.GoalTarget)
		}
		var budget *money.Cents
		if c.Budget != nil {
			b := money.Cents(*c.Budget)
			budget = &b
		}
		bc := cashOf(budget, ws.Currency)
		if budget == nil {
			bc = text("—")
			bc.Num, bc.Muted, bc.Raw = true, true, ""
		}
		t.add(link(c.Name, fmt.Sprintf("/campaigns/%d", c.ID)), day(first), day(last), text(goal), bc, editCell(fmt.Sprintf("/campaigns/%d/edit", c.ID)))
	}
	return t
}

func creatorList(cs []store.Creator) *table {
	t := &table{Name: "creators", Sticky: true, Cols: []column{{Key: "creator", Head: "Creator"},
		{Key: "platform", Head: "Platform"}, {Key: "name", Head: "Name"}, {Key: "followers", Head: "Followers", Num: true},
		{Key: "commission_rate", Head: "Commission", Num: true}, {Key: "edit", Head: ""}},
		Empty: "No creator yet. Add one, or import a creators file.", EmptyURL: "/creators/new", EmptyCTA: "New creator"}
	for _, c := range cs {
		key := creatorRef(c)
		t.add(link(c.Handle, creatorPath(key)), text(c.Platform), text(c.Name), count(c.Followers), percent(c.CommissionRate),
			editCell(creatorPath(key)+"/edit"))
	}
	return t
}

func costList(costs []store.Cost, creators []store.Creator, campaigns []store.Campaign, ws store.Workspace) *table {
	t := &table{Name: "costs", Sticky: true, Cols: []column{{Key: "creator", Head: "Creator"},
		{Key: "campaign", Head: "Campaign"}, {Key: "kind", Head: "Kind"}, {Key: "amount", Head: "Amount", Num: true},
		{Key: "date", Head: "Date", Title: "empty: no date, spread over the campaign's days"}, {Key: "note", Head: "Note"},
		{Key: "edit", Head: ""}},
		Empty: "No cost yet. Add the fees, products and boosts you paid, or import a costs file.", EmptyURL: "/campaigns/costs/new", EmptyCTA: "New cost"}
	who, what := map[int64]string{}, map[int64]string{}
	for _, c := range creators {
		who[c.ID] = creatorRef(c)
	}
	for _, c := range campaigns {
		what[c.ID] = c.Name
	}
	for _, c := range costs {
		date := ""
		if c.Dated {
			date, _ = dayValue(c.Date, ws.Loc, false)
		}
		t.add(text(who[c.CreatorID]), text(what[c.CampaignID]), text(c.Kind), cash(c.Amount, ws.Currency), day(date),
			cell{Text: c.Note, Raw: c.Note, Clip: true}, editCell(fmt.Sprintf("/campaigns/costs/%d/edit", c.ID)))
	}
	return t
}

// dayValue is how a form shows a stored time: the day alone when it is a
// local midnight (for an exclusive end, the day before), else the day and
// time; date says which.
func dayValue(t time.Time, loc *time.Location, end bool) (v string, date bool) {
	l := t.In(loc)
	if l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 {
		return l.Format("2006-01-02 15:04"), false
	}
	if end {
		l = l.AddDate(0, 0, -1)
	}
	return l.Format(time.DateOnly), true
}

func dayField(name, label string, t time.Time, loc *time.Location, end bool, hint string) formField {
	f := formField{Name: name, Label: label, Type: "date", Required: true, Hint: hint, Placeholder: "YYYY-MM-DD"}
	if !t.IsZero() {
		var date bool
		if f.Value, date = dayValue(t, loc, end); !date {
			f.Type = "text" // a time of day, which a date picker would drop
		}
	}
	return f
}

func choices(values []string, blank string) []option {
	out := []option{{"", blank}}
	for _, v := range values {
		out = append(out, option{v, v})
	}
	return out
}

// campaignForm is the form of campaign c (zero: a new one).
func campaignForm(c store.Campaign, ws store.Workspace) *formPage {
	p := &formPage{Title: "New campaign", Action: "/campaigns/new", Submit: "Add campaign", noun: "Campaign", anchor: "campaigns",
		Intro: "A push with dates, and optionally a goal and a budget. The checks are those of a campaigns file."}
	if c.ID != 0 {
		p.Title, p.Action, p.Submit = "Edit "+c.Name, fmt.Sprintf("/campaigns/%d/edit", c.ID), "Save campaign"
	}
	target, budget := "", ""
	if c.GoalMetric != "" {
		target = strconv.FormatFloat(c.GoalTarget, 'f', -1, 64)
	}
	if c.Budget != nil {
		budget = money.Cents(*c.Budget).String()
	}
	p.Fields = []formField{
		{Name: "name", Label: "Name", Type: "text", Value: c.Name, Required: true, Placeholder: "Spring launch"},
		dayField("starts", "First day", c.Starts, ws.Loc, false, ""),
		dayField("ends", "Last day", c.Ends, ws.Loc, true, "included"),
		{Name: "goal_metric", Label: "Goal", Type: "select", Value: c.GoalMetric, Options: choices(csvin.GoalMetrics(), "No goal")},
		{Name: "goal_target", Label: "Goal target", Type: "text", Mode: "decimal", Value: target, Placeholder: "100",
			Hint: "reached at this number or above"},
		{Name: "budget", Label: "Budget", Type: "text", Mode: "decimal", Value: budget, Placeholder: "5000.00",
			Hint: "in " + ws.Currency},
	}
	p.name = func(f importer.Fields) string { return f["name"] }
	return p
}

// creatorForm is the form of creator c (zero: a new one).
func creatorForm(c store.Creator) *formPage {
	p := &formPage{Title: "New creator", Action: "/creators/new", Submit: "Add creator", noun: "Creator", anchor: "creators",
		Intro: "One creator on one platform. The checks are those of a creators file."}
	if c.ID != 0 {
		p.Title, p.Action, p.Submit = "Edit "+c.Handle+" ("+c.Platform+")", creatorPath(creatorRef(c))+"/edit", "Save creator"
	}
	followers, rate := "", ""
	if c.ID != 0 {
		followers = strconv.FormatInt(c.Followers, 10)
	}
	if c.CommissionRate != nil {
		rate = strconv.FormatFloat(*c.CommissionRate, 'f', -1, 64)
	}
	p.Fields = []formField{
		{Name: "handle", Label: "Handle", Type: "text", Value: c.Handle, Required: true, Placeholder: "ana.beauty", Hint: "with or without @"},
		{Name: "platform", Label: "Platform", Type: "select", Value: c.Platform, Required: true, Options: choices(csvin.Platforms(), "Choose…")},
		{Name: "followers", Label: "Followers", Type: "text", Mode: "numeric", Value: followers, Required: true, Placeholder: "15000"},
		{Name: "name", Label: "Name", Type: "text", Value: c.Name, Placeholder: "Ana Beauty"},
		{Name: "niche", Label: "Niche", Type: "text", Value: c.Niche, Placeholder: "skincare"},
		{Name: "commission_rate", Label: "Commission rate", Type: "text", Mode: "decimal", Value: rate, Placeholder: "10%",
			Hint: "of the revenue credited to them: 0.1 or 10%"},
	}
	p.name = func(f importer.Fields) string {
		return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(f["handle"]), "@"))
	}
	return p
}

// costForm is the form of cost c (zero: a new one), with the creators
// and campaigns to pick from.
func costForm(c store.Cost, ws store.Workspace, creators []store.Creator, campaigns []store.Campaign) *formPage {
	p := &formPage{Title: "New cost", Action: "/campaigns/costs/new", Submit: "Add cost", noun: "Cost", anchor: "costs",
		Intro: "Money spent on a creator in a campaign. The checks are those of a costs file."}
	if c.ID != 0 {
		p.Title, p.Action, p.Submit = "Edit cost", fmt.Sprintf("/campaigns/costs/%d/edit", c.ID), "Save cost"
	}
	var who, what, amount, date string
	var people []option
	for _, cr := range creators {
		people = append(people, creatorOption(cr))
		if cr.ID == c.CreatorID {
			who = creatorRef(cr)
		}
	}
	names := make([]string, 0, len(campaigns))
	for _, ca := range campaigns {
		names = append(names, ca.Name)
		if ca.ID == c.CampaignID {
			what = ca.Name
		}
	}
	if c.ID != 0 {
		amount = c.Amount.String()
	}
	if c.Dated {
		date, _ = dayValue(c.Date, ws.Loc, false)
	}
	date1 := dayField("date", "Date", time.Time{}, ws.Loc, false, "empty: spread over the campaign's days")
	date1.Value, date1.Required = date, false
	if date != "" && len(date) > len(time.DateOnly) {
		date1.Type = "text"
	}
	p.Fields = []formField{
		{Name: "creator", Label: "Creator", Type: "list", Value: who, Required: true, Options: people,
			Placeholder: "type a handle or a name", Hint: "handle, or handle/platform"},
		{Name: "campaign", Label: "Campaign", Type: "select", Value: what, Required: true, Options: choices(names, "Choose…")},
		{Name: "kind", Label: "Kind", Type: "select", Value: c.Kind, Required: true, Options: choices(csvin.CostKinds(), "Choose…")},
		{Name: "amount", Label: "Amount", Type: "text", Mode: "decimal", Value: amount, Required: true, Placeholder: "500.00",
			Hint: "in " + ws.Currency},
		date1,
		{Name: "note", Label: "Note", Type: "text", Value: c.Note, Placeholder: "second reel"},
	}
	p.name = func(f importer.Fields) string { return f["kind"] + " of " + f["creator"] }
	return p
}

func (h *Handler) showForm(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, p *formPage) error {
	p.Back = "/campaigns#" + p.anchor
	h.render(w, r, rc, status, "form", view{Title: p.Title, Nav: "campaigns", Page: p})
	return nil
}

// submit reads the form's fields, saves them, and goes back to the list;
// a refused form comes back with each problem under its field, and
// nothing saved.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request, rc *reqCtx, p *formPage,
	save func(importer.Fields) error) error {
	f := importer.Fields{}
	for i := range p.Fields {
		p.Fields[i].Value = r.PostFormValue(p.Fields[i].Name)
		f[p.Fields[i].Name] = p.Fields[i].Value
	}
	err := save(f)
	var refused *importer.RefusedError
	switch {
	case errors.As(err, &refused):
		p.refused(refused.Errors)
		return h.showForm(w, r, rc, http.StatusUnprocessableEntity, p)
	case errors.Is(err, store.ErrNotFound):
		return errNotFound("There is no such " + strings.ToLower(p.noun) + " in " + rc.WS.Name + ".")
	case err != nil:
		return err
	}
	http.Redirect(w, r, h.noticeURL(rc, "/campaigns#"+p.anchor, p.noun+" saved: "+p.name(f)+"."), http.StatusSeeOther)
	return nil
}

// refused puts each problem under the field of its column, and lists
// them all above the form by the fields' labels.
func (p *formPage) refused(errs []csvin.Error) {
	for _, e := range errs {
		label := ""
		for i := range p.Fields {
			if f := &p.Fields[i]; f.Name == e.Column {
				f.Error = strings.TrimPrefix(f.Error+"; "+e.Problem, "; ")
				label = f.Label
			}
		}
		if label == "" {
			p.Problems = append(p.Problems, e.Problem)
			continue
		}
		p.Problems = append(p.Problems, label+": "+e.Problem)
	}
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound("There is no such page.")
	}
	return id, nil
}

// campaignByID finds campaign id of the workspace (zero: a new one).
func (h *Handler) campaignByID(ctx context.Context, ws store.Workspace, id int64) (store.Campaign, error) {
	if id == 0 {
		return store.Campaign{}, nil
	}
	cs, err := h.st.Campaigns(ctx, ws.ID)
	if err != nil {
		return store.Campaign{}, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return store.Campaign{}, errNotFound("There is no such campaign in " + ws.Name + ".")
}

// campaignPage serves the new and edit forms of a campaign, and saves
// them when posted.
func (h *Handler) campaignPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	c, err := h.campaignByID(r.Context(), rc.WS, id)
	if err != nil {
		return err
	}
	p := campaignForm(c, rc.WS)
	if r.Method != http.MethodPost {
		return h.showForm(w, r, rc, http.StatusOK, p)
	}
	return h.submit(w, r, rc, p, func(f importer.Fields) error {
		return importer.SaveCampaign(r.Context(), h.st, rc.WS, id, f)
	})
}

// creatorRoute serves /creators/KEY: the creator's page, or its edit
// form at /creators/KEY/edit, and the new creator form at /creators/new
// (a creator whose handle is "new" is at /creators/new/PLATFORM).
func (h *Handler) creatorRoute(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	key := r.PathValue("key")
	var c store.Creator
	switch {
	case key == "new":
	case strings.HasSuffix(key, "/edit"):
		var err error
		if c, err = h.findCreator(r.Context(), rc.WS, strings.TrimSuffix(key, "/edit")); err != nil {
			return err
		}
	case r.Method == http.MethodGet:
		return h.creator(w, r, rc)
	default:
		return errNotFound("There is no such page.")
	}
	p := creatorForm(c)
	if r.Method != http.MethodPost {
		return h.showForm(w, r, rc, http.StatusOK, p)
	}
	return h.submit(w, r, rc, p, func(f importer.Fields) error {
		return importer.SaveCreator(r.Context(), h.st, rc.WS, c.ID, f)
	})
}

// costPage serves the new and edit forms of a cost, and saves them when
// posted.
func (h *Handler) costPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	var c store.Cost
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if c, err = h.costByID(ctx, rc.WS, id); err != nil {
			return err
		}
	}
	creators, err := h.st.Creators(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	campaigns, err := h.st.Campaigns(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	p := costForm(c, rc.WS, creators, campaigns)
	if r.Method != http.MethodPost {
		return h.showForm(w, r, rc, http.StatusOK, p)
	}
	return h.submit(w, r, rc, p, func(f importer.Fields) error {
		return importer.SaveCost(ctx, h.st, rc.WS, c.ID, f)
	})
}

func (h *Handler) costByID(ctx context.Context, ws store.Workspace, id int64) (store.Cost, error) {
	costs, err := h.st.Costs(ctx, ws.ID)
	if err != nil {
		return store.Cost{}, err
	}
	for _, c := range costs {
		if c.ID == id {
			return c, nil
		}
	}
	return store.Cost{}, errNotFound("There is no such cost in " + ws.Name + ".")
}
