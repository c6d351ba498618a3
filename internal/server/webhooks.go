package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/webhook"
)

// webhook takes one delivery: verify, parse, store once. The workspace is
// the path's, or the default one; each workspace has its own secrets, so
// one brand's secret can never write into another brand's workspace.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) error {
	provider := r.PathValue("provider")
	if !slices.Contains(Providers, provider) {
		// Before anything is counted: a path's text never becomes a
		// metric label, or anyone could grow /metrics without bound.
		s.metrics.webhook("unknown", "unknown_provider")
		return errNotFound("unknown webhook provider " + provider + " (shopify, stripe, woocommerce)")
	}
	body, err := readBody(w, r)
	if err != nil {
		s.metrics.webhook(provider, "too_large")
		return err
	}
	ws, err := s.cfg.Store.Workspace(r.Context(), r.PathValue("workspace"), false)
	if errors.Is(err, store.ErrNoWorkspace) {
		s.metrics.webhook(provider, "unknown_workspace")
		return errNotFound("no such workspace")
	}
	if err != nil {
		return err
	}
	secret, err := s.secretFor(r.Context(), ws, provider)
	if errors.Is(err, store.ErrSealed) {
		s.metrics.webhook(provider, "no_secret")
		s.log.LogAttrs(r.Context(), slog.LevelError, "webhook secret sealed under another master secret",
			slog.String("provider", provider), slog.String("workspace", ws.Name))
		return &httpError{http.StatusServiceUnavailable, "the " + provider + " webhook is off: " + err.Error(), nil}
	}
	if err != nil {
		return err
	}
	ev, err := s.verify(provider, secret, r, body)
	if err == nil {
		err = ev.Check()
	}
	if err != nil {
		return s.webhookError(provider, ws.Name, err)
	}
	outcome, err := s.storeEvent(r.Context(), ws, ev)
	if err != nil {
		var he *httpError
		if errors.As(refusal(err), &he) {
			s.metrics.webhook(provider, "refused")
			return &httpError{http.StatusUnprocessableEntity, he.msg, he.detail}
		}
		if errors.Is(err, errNoOrder) {
			s.metrics.webhook(provider, "order_unknown")
			return &httpError{http.StatusConflict, "the refunded order is not stored yet; deliver again later", nil}
		}
		s.metrics.webhook(provider, "error")
		return err
	}
	s.metrics.webhook(provider, outcome)
	writeJSON(w, http.StatusOK, map[string]string{"result": outcome})
	return nil
}

// Providers are the webhooks Lift takes.
var Providers = []string{"shopify", "stripe", "woocommerce"}

// secretFor returns a workspace's signing secret for a provider: the one
// stored in the database (lift webhook secret set, or the dashboard's
// settings) when there is one, else the one the environment gives (the
// server's own Secrets for the default workspace, WorkspaceSecrets for
// any other); "" when neither has one. It is read on every delivery, so a
// secret set through any node holds on every node at once.
func (s *Server) secretFor(ctx context.Context, ws store.Workspace, provider string) (string, error) {
	secret, err := s.cfg.Store.WebhookSecret(ctx, ws.ID, provider)
	if !errors.Is(err, store.ErrNotFound) {
		return secret, err
	}
	sec := s.cfg.Secrets
	if ws.Name != store.DefaultWorkspace {
		sec = Secrets{}
		if s.cfg.WorkspaceSecrets != nil {
			sec = s.cfg.WorkspaceSecrets(ws.Name)
		}
	}
	return sec.of(provider), nil
}

// of returns the secret of one provider.
func (sec Secrets) of(provider string) string {
	switch provider {
	case "shopify":
		return sec.Shopify
	case "stripe":
		return sec.Stripe
	case "woocommerce":
		return sec.WooCommerce
	}
	return ""
}

func (s *Server) verify(provider, secret string, r *http.Request, body []byte) (webhook.Event, error) {
	switch provider {
	case "shopify":
		return webhook.Shopify(secret, r.Header.Get, body)
	case "stripe":
		return webhook.Stripe(secret, r.Header.Get, body, s.cfg.Now())
	case "woocommerce":
		return webhook.WooCommerce(secret, r.Header.Get, body)
	}
	return webhook.Event{}, errNotFound("unknown webhook provider " + provider + " (shopify, stripe, woocommerce)")
}

func (s *Server) webhookError(provider, workspace string, err error) error {
	switch {
	case errors.Is(err, webhook.ErrNoSecret):
		s.metrics.webhook(provider, "no_secret")
		return &httpError{http.StatusServiceUnavailable, "the " + provider + " webhook is off: set its secret with `lift webhook secret set --provider " +
			provider + " --workspace " + workspace + "`, on the dashboard's settings page, or in " + SecretEnv(provider, workspace), nil}
	case errors.Is(err, webhook.ErrSignature):
		s.metrics.webhook(provider, "bad_signature")
		return &httpError{http.StatusUnauthorized, "missing or invalid signature", nil}
	case errors.Is(err, webhook.ErrPayload):
		s.metrics.webhook(provider, "malformed")
		return errBadRequest(err.Error(), nil)
	}
	var he *httpError
	if errors.As(err, &he) {
		s.metrics.webhook(provider, "unknown_provider")
	}
	return err
}

// SecretEnv names the environment variable holding a workspace's webhook
// secret: LIFT_SHOPIFY_WEBHOOK_SECRET for the default workspace,
// LIFT_SHOPIFY_WEBHOOK_SECRET_ACME_EU for workspace "acme-eu".
func SecretEnv(provider, workspace string) string {
	name := "LIFT_" + strings.ToUpper(provider) + "_WEBHOOK_SECRET"
	if workspace == store.DefaultWorkspace {
		return name
	}
	return name + "_" + strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return '_'
	}, workspace)
}

var errNoOrder = errors.New("order not stored")

// storeEvent stores what an event carries, once: a redelivered event
// changes nothing.
func (s *Server) storeEvent(ctx context.Context, ws store.Workspace, ev webhook.Event) (string, error) {
	switch {
	case ev.Ignored != "":
		// Logged so that a shop can tell why an event it sent counts for
		// nothing (a Stripe session without amount_subtotal, say).
		s.log.LogAttrs(ctx, slog.LevelInfo, "webhook ignored", slog.String("provider", ev.Provider),
			slog.String("workspace", ws.Name), slog.String("event", ev.ID), slog.String("reason", ev.Ignored))
		return "ignored", nil
	case ev.Order != nil:
		return s.storeOrder(ctx, ws, ev)
	case ev.Refund != nil:
		return s.refund(ctx, ws, ev)
	case len(ev.Promotions) > 0:
		return "stored", s.inTx(ctx, func(tx *store.Tx) error { return learnPromotions(ctx, tx, ws, ev.Promotions) })
	}
	return "ignored", nil
}

// storeOrder stores an order event: its event record, the order, the
// refunds it lists and the promotion codes it names, in one transaction.
// The event record comes first: the same delivery taken by two nodes at
// once meets the record's unique key, and the second finds the first's
// record (PostgreSQL's write lock, SQLite's one writer and the key itself
// each make it wait until the first commits) and stores nothing. A
// failure stores nothing either, not even the record, so the provider's
// retry is taken in full.
func (s *Server) storeOrder(ctx context.Context, ws store.Workspace, ev webhook.Event) (string, error) {
	od := *ev.Order
	if ev.CheckClick && od.ClickID != "" {
		// client_reference_id may be the shop's own user id that happens
		// to look like a click id: only a click of this workspace counts.
		ok, err := s.cfg.Store.ClickExists(ctx, ws.ID, od.ClickID)
		if err != nil {
			return "", err
		}
		if !ok {
			od.ClickID = ""
		}
	}
	tx, err := s.cfg.Store.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	// A redelivered event stores nothing: an old copy of an order must not
	// undo what came since (a refund, say).
	if fresh, err := tx.MarkEvent(ctx, ws.ID, ev.Provider, ev.ID); err != nil || !fresh {
		return "duplicate", err
	}
	if err := learnPromotions(ctx, tx, ws, ev.Promotions); err != nil {
		return "", err
	}
	if err := promotionCodes(ctx, tx, ws, &od, ev.PromotionIDs); err != nil {
		return "", err
	}
	res, err := importer.ImportOrdersIn(ctx, s.cfg.Store, tx, ws, []csvin.Order{od},
		importer.Options{File: ev.Provider, NoLog: true, KeepRefunds: true})
	if err != nil {
		return "", err
	}
	changed := res.Unchanged != 1
	if len(ev.Refunds) > 0 {
		more, err := applyRefunds(ctx, tx, ws, od.Source, od.ExternalID, ev.Refunds, true)
		if err != nil {
			return "", err
		}
		changed = changed || more
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	if !changed {
		return "duplicate", nil
	}
	return "stored", nil
}

// inTx runs fn in a write transaction, committed when fn succeeds.
func (s *Server) inTx(ctx context.Context, fn func(*store.Tx) error) error {
	tx, err := s.cfg.Store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// promotionCodes adds to an order the codes learnt for the promotion code
// ids it redeemed; the ids not known yet stay on the order, to be given
// their codes when Stripe tells them (learnPromotions).
func promotionCodes(ctx context.Context, tx *store.Tx, ws store.Workspace, od *csvin.Order, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	known, err := tx.PromotionCodes(ctx, ws.ID, ids)
	if err != nil {
		return err
	}
	od.Codes = slices.Clone(od.Codes)
	for _, id := range ids {
		if code, ok := known[id]; ok {
			od.Codes = csvin.Codes(append(od.Codes, code)...)
		} else {
			od.PromotionIDs = append(od.PromotionIDs, id)
		}
	}
	return nil
}

// learnPromotions remembers Stripe promotion codes' codes, and credits the
// orders that redeemed them before.
func learnPromotions(ctx context.Context, tx *store.Tx, ws store.Workspace, ps []webhook.Promotion) error {
	for _, p := range ps {
		if _, err := tx.PutPromotion(ctx, ws.ID, p.ID, p.Code); err != nil {
			return err
		}
	}
	return nil
}

// refund applies a refund event. It is recorded by the refund's own id,
// which the signature covers, so a replayed body counts nothing whatever
// delivery id it comes with.
func (s *Server) refund(ctx context.Context, ws store.Workspace, ev webhook.Event) (string, error) {
	rf := ev.Refund
	changed := false
	err := s.inTx(ctx, func(tx *store.Tx) (err error) {
		changed, err = applyRefunds(ctx, tx, ws, rf.Source, rf.ExternalID, []webhook.Refund{*rf}, false)
		return err
	})
	if err != nil || !changed {
		return "duplicate", err
	}
	return "refunded", nil
}

// applyRefunds records an order's refunds by id and sets its refunded
// amount to their sum, never less than what it was (an order payload may
// have counted refunds the table does not list) and never more than the
// order's revenue. It reports whether a refund was new. all says rfs
// are every refund of the order (an order payload lists them all): the
// refunds known only by their delivery then are among them under their
// ids, and are dropped so as not to count twice.
//
// It writes into tx, which the caller commits.
func applyRefunds(ctx context.Context, tx *store.Tx, ws store.Workspace, source, order string, rfs []webhook.Refund, all bool) (bool, error) {
	held, err := tx.HeldOrder(ctx, ws.ID, source, order)
	if errors.Is(err, store.ErrNotFound) {
		return false, errNoOrder
	}
	if err != nil {
		return false, err
	}
	fresh := false
	if all {
		if fresh, err = tx.DropDeliveryRefunds(ctx, ws.ID, source, order); err != nil {
			return false, err
		}
	}
	for _, rf := range rfs {
		ok, err := tx.PutRefund(ctx, ws.ID, store.Refund{Source: source, RefundID: rf.RefundID, OrderID: order, Amount: int64(rf.Amount)})
		if err != nil {
			return false, err
		}
		fresh = fresh || ok
	}
	if !fresh {
		return false, nil
	}
	sum, err := tx.RefundTotal(ctx, ws.ID, source, order)
	if err != nil {
		return false, err
	}
	if _, err := tx.SetRefunded(ctx, ws.ID, source, order, min(max(sum, held.Refunded), held.Revenue)); err != nil {
		return false, err
	}
	return true, nil
}
