package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"rsc.io/qr"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

type linksPage struct {
	Links     *table
	Codes     *table
	Creators  []option
	Campaigns []string
	Posts     []option
	Link      linkForm
	Code      codeForm
	LinkError string
	CodeError string
	Created   string // the short link just created
	Generated []string
	Base      string
}

type option struct{ Value, Label string }

type linkForm struct{ Creator, Campaign, Destination, Slug, Post string }

type codeForm struct {
	Creator, Campaign, Pattern string
	Count                      int
}

var linkCols = []column{
	{Key: "short_link", Head: "Short link"}, {Key: "destination", Head: "Destination"}, {Key: "creator", Head: "Creator"},
	{Key: "campaign", Head: "Campaign"}, {Key: "post_id", Head: "Post"},
	{Key: "clicks", Head: "Clicks", Title: "tracked clicks, bots left out", Num: true},
	{Key: "unique_clicks", Head: "Unique", Title: "clicks of a visitor not seen on the link in the 24 hours before", Num: true},
	{Key: "qr", Head: "QR code"},
}

type linkRow struct {
	creatorID, campaignID int64
	short, dest, creator  cell
	campaign, post, qr    cell
	clicks, unique        cell
}

func (l linkRow) cells() []cell {
	return []cell{l.short, l.dest, l.creator, l.campaign, l.post, l.clicks, l.unique, l.qr}
}

// creatorLinkCols are the columns of a creator's own links, which share
// half the page: the destination waits behind "All columns".
var creatorLinkCols = []column{linkCols[0], linkCols[1], linkCols[3], linkCols[5], linkCols[6]}

var creatorLinkLead = []string{"short_link", "campaign", "clicks", "unique_clicks"}

// creatorCells are a link's cells on its creator's page, where the short
// link shows only its path; the whole link is on hover and copied.
func (l linkRow) creatorCells() []cell {
	short := l.short
	if i := strings.LastIndex(short.Copy, "/"); i >= 0 {
		short.Text, short.Hint = short.Copy[i:], short.Copy
	}
	return []cell{short, l.dest, l.campaign, l.clicks, l.unique}
}

// shortBase is where short links answer: the public URL, or this host.
func (h *Handler) shortBase(r *http.Request) string {
	if h.cfg.PublicURL != "" {
		return strings.TrimSuffix(h.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// linkRows lists a workspace's links with their counted clicks.
func (h *Handler) linkRows(ctx context.Context, r *http.Request, ws store.Workspace) ([]linkRow, error) {
	links, err := importer.ListLinks(ctx, h.st, ws)
	if err != nil {
		return nil, err
	}
	stored, err := h.st.Links(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	counts, err := h.st.ClickCounts(ctx, ws.ID, time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false)
	if err != nil {
		return nil, err
	}
	clicks, unique := map[int64]int64{}, map[int64]int64{}
	for _, c := range counts {
		clicks[c.LinkID] += c.Clicks
		unique[c.LinkID] += c.Unique
	}
	bySlug := map[string]store.Link{}
	for _, l := range stored {
		if !l.Live() {
			continue // its clicks stay its creator's; the list shows live links
		}
		bySlug[l.Slug] = l
	}
	base := h.shortBase(r)
	out := make([]linkRow, 0, len(links))
	for _, l := range links {
		s := bySlug[l.Slug]
		short := base + "/" + l.Slug
		sc := mono(short)
		sc.Copy = short
		dest := text(l.Destination)
		dest.Href, dest.Clip = l.Destination, true
		qrc := cell{Text: "QR", Raw: "", QR: "/links/" + url.PathEscape(l.Slug) + "/qr.png", Alt: "QR code of " + short}
		out = append(out, linkRow{creatorID: s.CreatorID, campaignID: s.CampaignID, short: sc, dest: dest,
			creator: link(l.Creator, creatorPath(l.Creator)), campaign: text(l.Campaign), post: text(l.PostID),
			clicks: count(clicks[s.ID]), unique: count(unique[s.ID]), qr: qrc})
	}
	return out, nil
}

func (h *Handler) links(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q := r.URL.Query()
	p := &linksPage{Link: linkForm{Creator: q.Get("creator"), Campaign: q.Get("campaign")},
		Code: codeForm{Creator: q.Get("creator"), Campaign: q.Get("campaign"), Count: 1}}
	p.Created = q.Get("created") // a slug, checked in fillLinks
	if g := q.Get("generated"); g != "" {
		p.Generated = strings.Split(g, ",")
	}
	return h.showLinks(w, r, rc, http.StatusOK, p)
}

func (h *Handler) showLinks(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, p *linksPage) error {
	if err := h.fillLinks(r, rc, p); err != nil {
		return err
	}
	v := view{Title: "Links and codes", Nav: "links", Page: p}
	if status != http.StatusOK {
		h.render(w, r, rc, status, "links", v)
		return nil
	}
	return h.page(w, r, rc, "links", v, p.Links, p.Codes)
}

func (h *Handler) fillLinks(r *http.Request, rc *reqCtx, p *linksPage) error {
	ctx := r.Context()
	rows, err := h.linkRows(ctx, r, rc.WS)
	if err != nil {
		return err
	}
	p.Base = h.shortBase(r)
	p.Links = &table{Name: "links", Cols: linkCols, Sortable: true,
		Empty: "No tracked links yet. Create one above for each creator: they share it, and every click is counted."}
	// Created and Generated come from the URL: only this workspace's own
	// links and codes are shown, never text someone put in a link.
	created := p.Created
	p.Created = ""
	for _, l := range rows {
		p.Links.add(l.cells()...)
		if created != "" && l.short.Copy == p.Base+"/"+created {
			p.Created = l.short.Copy
		}
	}
	p.Links.sortFromQuery(r.URL.Query(), "clicks", true)
	codes, err := importer.ListCodes(ctx, h.st, rc.WS)
	if err != nil {
		return err
	}
	p.Codes = &table{Name: "codes", Cols: []column{{Key: "code", Head: "Code"}, {Key: "creator", Head: "Creator"}, {Key: "campaign", Head: "Campaign"}},
		Empty: "No promo codes yet. Generate a few for each creator above; an order that redeems one is credited to them."}
	p.Generated = slices.DeleteFunc(p.Generated, func(g string) bool {
		return !slices.ContainsFunc(codes, func(c importer.CodeInfo) bool { return c.Code == g })
	})
	for _, c := range codes {
		p.Codes.add(mono(c.Code), link(c.Creator, creatorPath(c.Creator)), text(c.Campaign))
	}
	return h.fillChoices(ctx, rc.WS, p)
}

// fillChoices lists the creators, campaigns and posts the forms offer.
func (h *Handler) fillChoices(ctx context.Context, ws store.Workspace, p *linksPage) error {
	creators, err := h.st.Creators(ctx, ws.ID)
	if err != nil {
		return err
	}
	who := map[int64]string{}
	for _, c := range creators {
		p.Creators = append(p.Creators, creatorOption(c))
		who[c.ID] = c.Handle
		if c.Name != "" {
			who[c.ID] += " (" + c.Name + ")"
		}
	}
	campaigns, err := h.st.Campaigns(ctx, ws.ID)
	if err != nil {
		return err
	}
	what := map[int64]string{}
	for _, c := range campaigns {
		p.Campaigns = append(p.Campaigns, c.Name)
		what[c.ID] = c.Name
	}
	posts, err := h.st.Posts(ctx, ws.ID)
	if err != nil {
		return err
	}
	for _, x := range posts {
		p.Posts = append(p.Posts, postOption(x, who[x.CreatorID], what[x.CampaignID], ws.Loc))
	}
	return nil
}

// postOption offers a post by its id, named by whose it is, where and
// when, so that it can be found by any of them.
func postOption(x store.Post, creator, campaign string, loc *time.Location) option {
	return option{x.PostID, creator + " · " + x.Platform + " " + x.Format + " · " + campaign + " · " +
		x.PublishedAt.In(loc).Format(time.DateOnly)}
}

func (h *Handler) createLink(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	f := linkForm{Creator: r.PostFormValue("creator"), Campaign: r.PostFormValue("campaign"),
		Destination: strings.TrimSpace(r.PostFormValue("destination")), Slug: strings.TrimSpace(r.PostFormValue("slug")),
		Post: r.PostFormValue("post")}
	l, err := importer.CreateLink(r.Context(), h.st, rc.WS, importer.NewLink{Slug: f.Slug, Destination: f.Destination,
		Creator: f.Creator, Campaign: f.Campaign, PostID: f.Post})
	if err != nil {
		p := &linksPage{Link: f, Code: codeForm{Count: 1}, LinkError: "The link was not created: " + err.Error()}
		return h.showLinks(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	// The link redirects from this node at once, not at the next poll:
	// people create a link and try it straight away.
	if h.cfg.LinksChanged != nil {
		if err := h.cfg.LinksChanged(r.Context()); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/links?created="+url.QueryEscape(l.Slug), http.StatusSeeOther)
	return nil
}

func (h *Handler) generateCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	f := codeForm{Creator: r.PostFormValue("creator"), Campaign: r.PostFormValue("campaign"),
		Pattern: strings.TrimSpace(r.PostFormValue("pattern"))}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("count")))
	f.Count = n
	if err == nil {
		var codes []string
		codes, err = importer.GenerateCodes(r.Context(), h.st, rc.WS, f.Creator, f.Campaign, f.Pattern, n)
		if err == nil {
			http.Redirect(w, r, "/links?generated="+url.QueryEscape(strings.Join(codes, ","))+"#codes", http.StatusSeeOther)
			return nil
		}
	} else {
		err = errBadRequest("count must be a whole number")
	}
	p := &linksPage{Link: linkForm{}, Code: f, CodeError: "No codes were generated: " + err.Error()}
	return h.showLinks(w, r, rc, http.StatusUnprocessableEntity, p)
}

func (h *Handler) codesRedirect(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	http.Redirect(w, r, "/links#codes", http.StatusSeeOther)
	return nil
}

// linkQR is a PNG QR code of a short link of the workspace.
func (h *Handler) linkQR(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	slug := r.PathValue("slug")
	links, err := h.st.Links(r.Context(), rc.WS.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Slug != slug {
			continue
		}
		code, err := qr.Encode(h.shortBase(r)+"/"+slug, qr.M)
		if err != nil {
			return err
		}
		code.Scale = 8
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "private, max-age=300")
		w.Header().Set("Content-Disposition", `inline; filename="`+fileName(slug)+`-qr.png"`)
		w.Write(code.PNG())
		return nil
	}
	return errNotFound("There is no link /" + slug + " in " + rc.WS.Name + ".")
}
