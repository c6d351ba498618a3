package main

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// lift webhook secret sets a workspace's secrets from standard input or a
// file, never prints them, seals them under LIFT_SECRET when it is set,
// and lists only where each comes from.
func TestWebhookSecretCommands(t *testing.T) {
	db := newDB(t)
	if out, err := lift(t, "workspace", "create", "acme", "--db", db); err != nil {
		t.Fatal(out, err)
	}
	const shopify, stripe = "shpss_from_stdin_0123", "whsec_from_file_4567"
	file := write(t, t.TempDir(), "stripe.secret", stripe+"\n")
	steps := []struct {
		name, stdin string
		master      bool
		args        []string
		ok          bool
		want        string
	}{
		{"stdin", shopify + "\n", false, []string{"webhook", "secret", "set", "--provider", "shopify", "--workspace", "acme"}, true,
			"the shopify webhook secret of workspace acme is set, stored as it is"},
		{"file, sealed", "", true, []string{"webhook", "secret", "set", "--provider", "stripe", "--secret-file", file, "--workspace", "acme"}, true,
			"the stripe webhook secret of workspace acme is set, sealed under the master secret"},
		{"nothing", "", false, []string{"webhook", "secret", "set", "--provider", "woocommerce", "--workspace", "acme"}, false,
			"no secret given"},
		{"two lines", "one\ntwo\n", false, []string{"webhook", "secret", "set", "--provider", "woocommerce", "--workspace", "acme"}, false,
			"control character"},
		{"provider", "x\n", false, []string{"webhook", "secret", "set", "--provider", "paypal"}, false,
			"--provider must be one of shopify, stripe, woocommerce"},
		{"usage", "", false, []string{"webhook", "secret", "show", "--provider", "shopify"}, false, "usage: lift webhook secret set"},
		{"list", "", false, []string{"webhook", "secret", "list", "--workspace", "acme"}, true, "LIFT_STRIPE_WEBHOOK_SECRET_ACME (not set)"},
		{"unset", "", false, []string{"webhook", "secret", "unset", "--provider", "shopify", "--workspace", "acme"}, true,
			"the shopify webhook secret of workspace acme is removed"},
		{"unset again", "", false, []string{"webhook", "secret", "unset", "--provider", "shopify", "--workspace", "acme"}, false,
			"has no shopify secret stored"},
	}
	master := strings.Repeat("s", 32)
	var all strings.Builder
	for _, s := range steps {
		stdin = strings.NewReader(s.stdin)
		if s.master {
			t.Setenv("LIFT_SECRET", master)
		}
		out, err := lift(t, append(s.args, "--db", db)...)
		t.Setenv("LIFT_SECRET", "")
		if (err == nil) != s.ok {
			t.Errorf("%s: err = %v\n%s", s.name, err, out)
		}
		if err != nil {
			out += err.Error()
		}
		if !strings.Contains(out, s.want) {
			t.Errorf("%s: %q lacks %q", s.name, out, s.want)
		}
		all.WriteString(out)
	}
	if strings.Contains(all.String(), shopify) || strings.Contains(all.String(), stripe) {
		t.Errorf("a secret was printed:\n%s", all.String())
	}

	st := storetest.Open(t, db)
	ctx := context.Background()
	ws, err := st.FindWorkspace(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.WebhookSecrets(ctx, ws.ID)
	if err != nil || len(set) != 1 || set[0].Provider != "stripe" || !set[0].Sealed {
		t.Fatalf("stored: %+v %v", set, err)
	}
	if _, err := st.WebhookSecret(ctx, ws.ID, "stripe"); err != store.ErrSealed {
		t.Errorf("opened without the master: %v", err)
	}
	st.UseMasterSecret([]byte(master))
	if got, err := st.WebhookSecret(ctx, ws.ID, "stripe"); err != nil || got != stripe {
		t.Errorf("stripe secret = %q, %v; want the file's first line", got, err)
	}
}
