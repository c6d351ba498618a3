package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/server"
)

type settingsPage struct {
	Model, Window  string
	Models         []attribution.Model
	Currency, Zone string
	Zones          []string
	CountPending   bool
	Webhooks       []webhookView
	Keys           *table
	NewKey         string
	NewKeyName     string
	Base           string
	Error          string
	Section        string // the form the error is about
}

type webhookView struct {
	Webhook
	URL      string
	StoredOn string // the day the stored secret was set, in the workspace's zone; "" when none is stored
	Sealed   bool
}

// webhookNames are the webhooks whose secrets the settings page sets.
var webhookNames = map[string]string{"shopify": "Shopify", "stripe": "Stripe", "woocommerce": "WooCommerce"}

// zones are suggested in the time zone field; any IANA name is taken.
var zones = []string{"UTC", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
	"America/Toronto", "America/Mexico_City", "America/Sao_Paulo", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
	"Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm",
	"Europe/Warsaw", "Europe/Istanbul", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
	"Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney", "Pacific/Auckland"}

func (h *Handler) settings(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	return h.showSettings(w, r, rc, http.StatusOK, &settingsPage{})
}

func (h *Handler) showSettings(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, p *settingsPage) error {
	ctx := r.Context()
	model, window, err := h.st.Attribution(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	if p.Model == "" {
		p.Model, p.Window = model, window
	}
	if p.Currency == "" {
		p.Currency, p.Zone, p.CountPending = rc.WS.Currency, rc.WS.Timezone, rc.WS.CountPending
	}
	p.Models, p.Zones, p.Base = attribution.Models, zones, h.shortBase(r)
	var hooks []Webhook
	if h.cfg.Webhooks != nil {
		hooks = h.cfg.Webhooks(rc.WS.Name)
	}
	stored, err := h.st.WebhookSecrets(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	for _, wh := range hooks {
		v := webhookView{Webhook: wh, URL: p.Base + "/webhooks/" + wh.Provider + "/" + url.PathEscape(rc.WS.Name)}
		for _, s := range stored {
			if s.Provider == wh.Provider {
				v.StoredOn, v.Sealed = s.SetAt.In(rc.WS.Loc).Format(time.DateOnly), s.Sealed
			}
		}
		p.Webhooks = append(p.Webhooks, v)
	}
	keys, err := h.st.APIKeys(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	p.Keys = &table{Name: "api-keys", Cols: []column{{Key: "name", Head: "Name"}, {Key: "prefix", Head: "Starts with"},
		{Key: "created", Head: "Created"}, {Key: "status", Head: "Status"}, {Key: "action", Head: ""}},
		Empty: "No API keys yet. Create one for each shop or script that sends orders to Lift."}
	for _, k := range keys {
		status, action := text("active"), cell{Text: "Revoke", Post: "/settings/apikeys/" + strconv.FormatInt(k.ID, 10) + "/revoke"}
		if k.Revoked {
			status, action = cell{Text: "revoked", Raw: "revoked", Muted: true}, text("")
		}
		created := text(k.CreatedAt.In(rc.WS.Loc).Format("2006-01-02 15:04"))
		created.Raw = k.CreatedAt.In(rc.WS.Loc).Format(time.RFC3339)
		t := text(k.Name)
		if k.Name == "" {
			t = cell{Text: "(no name)", Muted: true}
		}
		p.Keys.add(t, mono(k.Prefix+"…"), created, status, action)
	}
	v := view{Title: "Settings", Nav: "settings", Page: p, Notice: h.notice(r, rc)}
	if status != http.StatusOK || p.NewKey != "" {
		p.Keys.link(&url.URL{Path: "/settings"}, rc.Session.CSRF)
		h.render(w, r, rc, status, "settings", v)
		return nil
	}
	return h.page(w, r, rc, "settings", v, p.Keys)
}

func (h *Handler) setAttribution(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p := &settingsPage{Model: r.PostFormValue("model"), Window: strings.TrimSpace(r.PostFormValue("window")), Section: "attribution"}
	m, err := attribution.ParseModel(p.Model)
	if err == nil {
		var d time.Duration
		if d, err = attribution.ParseWindow(p.Window); err == nil {
			err = h.st.SetAttribution(r.Context(), rc.WS.ID, string(m), attribution.FormatWindow(d))
			if err == nil {
				http.Redirect(w, r, h.noticeURL(rc, "/settings", "Reports now use "+string(m)+" attribution over a "+
					attribution.FormatWindow(d)+" window."), http.StatusSeeOther)
				return nil
			}
			return err
		}
	}
	p.Error = err.Error()
	return h.showSettings(w, r, rc, http.StatusUnprocessableEntity, p)
}

func (h *Handler) setWorkspace(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p := &settingsPage{Currency: strings.TrimSpace(r.PostFormValue("currency")), Zone: strings.TrimSpace(r.PostFormValue("timezone")),
		CountPending: r.PostFormValue("count_pending") == "yes", Section: "workspace"}
	if err := h.st.SetWorkspace(r.Context(), rc.WS, p.Currency, p.Zone); err != nil {
		p.Error = err.Error()
		return h.showSettings(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	// The form always shows the box, so an unticked one means no.
	if err := h.st.SetCountPending(r.Context(), rc.WS.ID, p.CountPending); err != nil {
		return err
	}
	http.Redirect(w, r, h.noticeURL(rc, "/settings", "Workspace settings saved."), http.StatusSeeOther)
	return nil
}

// switchWorkspace moves the session to another of the user's workspaces.
func (h *Handler) switchWorkspace(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	name := r.PostFormValue("workspace")
	for _, ws := range rc.Workspaces {
		if ws.Name == name {
			if err := h.st.SetSessionWorkspace(r.Context(), rc.Session.ID, ws.ID); err != nil {
				return err
			}
			back := safeNext(r.PostFormValue("back"))
			if back == "" || strings.HasPrefix(back, "/creators/") {
				back = "/" // a creator page of one workspace means nothing in another
			}
			http.Redirect(w, r, back, http.StatusSeeOther)
			return nil
		}
	}
	return &httpError{http.StatusForbidden, "You do not belong to a workspace named " + strconv.Quote(name) + "."}
}

func (h *Handler) createAPIKey(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	key, err := server.CreateAPIKey(r.Context(), h.st, rc.WS, name)
	if err != nil {
		return err
	}
	// The key is shown in this answer only, never put in a URL.
	return h.showSettings(w, r, rc, http.StatusOK, &settingsPage{NewKey: key, NewKeyName: name})
}

func (h *Handler) revokeAPIKey(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound("There is no such API key.")
	}
	ok, err := h.st.RevokeAPIKey(r.Context(), rc.WS.ID, id)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound("There is no such API key in " + rc.WS.Name + ".")
	}
	http.Redirect(w, r, h.noticeURL(rc, "/settings#api-keys", "The API key is revoked: requests with it are refused from now on."), http.StatusSeeOther)
	return nil
}

// setWebhookSecret stores a webhook's signing secret for the workspace,
// where every node reads it. The secret is never shown back, not even
// when the form is refused.
func (h *Handler) setWebhookSecret(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	provider, name, err := webhookOf(r)
	if err != nil {
		return err
	}
	if err := h.st.SetWebhookSecret(r.Context(), rc.WS.ID, provider, strings.TrimSpace(r.PostFormValue("secret"))); err != nil {
		p := &settingsPage{Section: "webhooks", Error: name + ": " + err.Error() + "."}
		return h.showSettings(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	http.Redirect(w, r, h.noticeURL(rc, "/settings#webhooks", "The "+name+" webhook secret is set: every server uses it from the next delivery."), http.StatusSeeOther)
	return nil
}

// removeWebhookSecret forgets the workspace's stored secret for a
// webhook; servers fall back to their environment's, if any.
func (h *Handler) removeWebhookSecret(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	provider, name, err := webhookOf(r)
	if err != nil {
		return err
	}
	if _, err := h.st.RemoveWebhookSecret(r.Context(), rc.WS.ID, provider); err != nil {
		return err
	}
	http.Redirect(w, r, h.noticeURL(rc, "/settings#webhooks", "The "+name+" webhook secret is removed."), http.StatusSeeOther)
	return nil
}

// webhookOf reads the webhook a settings form is about from its path.
func webhookOf(r *http.Request) (provider, name string, err error) {
	provider = r.PathValue("provider")
	name, ok := webhookNames[provider]
	if !ok {
		return "", "", errNotFound("There is no such webhook.")
	}
	return provider, name, nil
}
