package main

import (
	"log/slog"
	"net/netip"
	"strings"

	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
	"github.com/liftmetrics/lift/internal/web"
)

// dashboard builds the web dashboard of `lift serve`. It is told only
// whether each webhook secret is set, never the secret.
func dashboard(st *store.Store, tr *tracking.Tracker, trusted []netip.Prefix, public string, secure bool, log *slog.Logger) (*web.Handler, error) {
	return web.New(web.Config{
		Store:        st,
		LinksChanged: tr.Reload,
		PublicURL:    public,
		Webhooks: func(ws string) []web.Webhook {
			s := webhookSecrets(ws)
			return []web.Webhook{
				{Provider: "shopify", Name: "Shopify", Env: server.SecretEnv("shopify", ws), Set: s.Shopify != ""},
				{Provider: "stripe", Name: "Stripe", Env: server.SecretEnv("stripe", ws), Set: s.Stripe != ""},
				{Provider: "woocommerce", Name: "WooCommerce", Env: server.SecretEnv("woocommerce", ws), Set: s.WooCommerce != ""},
			}
		},
		TrustedProxies: trusted,
		SecureCookies:  secure || strings.HasPrefix(public, "https://"),
		Logger:         log,
	})
}
