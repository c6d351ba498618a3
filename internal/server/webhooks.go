package server

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
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
	ev, err := s.verify(provider, s.secretsFor(ws.Name), r, body)
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

// secretsFor returns a workspace's webhook secrets: the server's own for
// the default workspace, the workspace's for any other.
func (s *Server) secretsFor(workspace string) Secrets {
	if workspace == store.DefaultWorkspace {
		return s.cfg.Secrets
	}
	if s.cfg.WorkspaceSecrets == nil {
		return Secrets{}
	}
	return s.cfg.WorkspaceSecrets(workspace)
}

func (s *Server) verify(provider string, sec Secrets, r *http.Request, body []byte) (webhook.Event, error) {
	switch provider {
	case "shopify":
		return webhook.Shopify(sec.Shopify, r.Header.Get, body)
	case "stripe":
		return webhook.Stripe(sec.Stripe, r.Header.Get, body, s.cfg.Now())
	case "woocommerce":
		return webhook.WooCommerce(sec.WooCommerce, r.Header.Get, body)
	}
	return webhook.Event{}, errNotFound("unknown webhook provider " + provider + " (shopify, stripe, woocommerce)")
}

func (s *Server) webhookError(provider, workspace string, err error) error {
	switch {
	case errors.Is(err, webhook.ErrNoSecret):
		s.metrics.webhook(provider, "no_secret")
		return &httpError{http.StatusServiceUnavailable, "the " + provider + " webhook is off: set " + SecretEnv(provider, workspace), nil}
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
		return "ignored", nil
	case ev.Order != nil:
		// A redelivered event stores nothing: an old copy of an order must
		// not undo what came since (a refund, say).
		if seen, err := s.cfg.Store.EventSeen(ctx, ws.ID, ev.Provider, ev.ID); err != nil || seen {
			return "duplicate", err
		}
		res, err := importer.ImportOrders(ctx, s.cfg.Store, ws, []csvin.Order{*ev.Order},
			importer.Options{File: ev.Provider, NoLog: true, KeepRefunds: true})
		if err != nil {
			return "", err
		}
		if err := s.markEvent(ctx, ws, ev); err != nil {
			return "", err
		}
		if res.Unchanged == 1 {
			return "duplicate", nil
		}
		return "stored", nil
	case ev.Refund != nil:
		return s.refund(ctx, ws, ev)
	}
	return "ignored", nil
}

func (s *Server) markEvent(ctx context.Context, ws store.Workspace, ev webhook.Event) error {
	tx, err := s.cfg.Store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.MarkEvent(ctx, ws.ID, ev.Provider, ev.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// refund applies a refund and records its event in one transaction. An
// absolute amount (Stripe's amount_refunded) is the total; a single refund
// (Shopify's refunds/create) counts through the sum of the order's refund
// events. Either way the refunded total never goes down, so a refund that
// an order payload already included is not counted twice.
func (s *Server) refund(ctx context.Context, ws store.Workspace, ev webhook.Event) (string, error) {
	tx, err := s.cfg.Store.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	rf := ev.Refund
	single := int64(0)
	if !rf.Absolute {
		single = int64(rf.Amount)
	}
	fresh, err := tx.MarkRefund(ctx, ws.ID, ev.Provider, ev.ID, rf.ExternalID, single)
	if err != nil || !fresh {
		return "duplicate", err
	}
	var revenue, refunded int64
	err = tx.QueryRow(ctx, `SELECT revenue, refunded FROM orders WHERE workspace_id = ? AND source = ? AND external_id = ?`,
		ws.ID, rf.Source, rf.ExternalID).Scan(&revenue, &refunded)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoOrder
	}
	if err != nil {
		return "", err
	}
	amount := int64(rf.Amount)
	if !rf.Absolute {
		if amount, err = tx.RefundEvents(ctx, ws.ID, ev.Provider, rf.ExternalID); err != nil {
			return "", err
		}
	}
	amount = min(max(amount, refunded), revenue) // refunds may include tax and shipping, which revenue leaves out
	if _, err := tx.SetRefunded(ctx, ws.ID, rf.Source, rf.ExternalID, amount); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	return "refunded", nil
}
