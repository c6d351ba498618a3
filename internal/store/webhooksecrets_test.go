package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/testdb"
)

func TestWebhookSecretsPerWorkspace(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	a, _ := st.Workspace(ctx, "a", true)
	b, _ := st.Workspace(ctx, "b", true)
	if _, err := st.WebhookSecret(ctx, a.ID, "shopify"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no secret yet: %v", err)
	}
	if err := st.SetWebhookSecret(ctx, a.ID, "shopify", "shpss_one"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetWebhookSecret(ctx, a.ID, "shopify", "shpss_two"); err != nil {
		t.Fatal(err)
	}
	if got, err := st.WebhookSecret(ctx, a.ID, "shopify"); err != nil || got != "shpss_two" {
		t.Errorf("a's shopify secret = %q, %v; want the last one set", got, err)
	}
	if _, err := st.WebhookSecret(ctx, b.ID, "shopify"); !errors.Is(err, ErrNotFound) {
		t.Errorf("b has a's secret: %v", err)
	}
	if _, err := st.WebhookSecret(ctx, a.ID, "stripe"); !errors.Is(err, ErrNotFound) {
		t.Errorf("stripe has shopify's secret: %v", err)
	}
	set, err := st.WebhookSecrets(ctx, a.ID)
	if err != nil || len(set) != 1 || set[0].Provider != "shopify" || set[0].SetAt.IsZero() || set[0].Sealed {
		t.Errorf("listing: %+v %v", set, err)
	}
	for _, bad := range []string{"", "line\nbreak", strings.Repeat("x", MaxWebhookSecret+1)} {
		if err := st.SetWebhookSecret(ctx, a.ID, "stripe", bad); err == nil {
			t.Errorf("secret %.20q taken", bad)
		}
	}
	if ok, err := st.RemoveWebhookSecret(ctx, a.ID, "shopify"); !ok || err != nil {
		t.Errorf("remove: %v %v", ok, err)
	}
	if ok, _ := st.RemoveWebhookSecret(ctx, a.ID, "shopify"); ok {
		t.Error("removed twice")
	}
	if _, err := st.WebhookSecret(ctx, a.ID, "shopify"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed secret still there: %v", err)
	}
}

// With a master secret the database holds the webhook secret sealed: the
// stored text does not contain it, and only a store with the same master
// opens it.
func TestWebhookSecretSealedUnderMaster(t *testing.T) {
	ctx := context.Background()
	dsn := testdb.DSN(t)
	st, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	master := []byte(strings.Repeat("m", 32))
	st.UseMasterSecret(master)
	ws, _ := st.Workspace(ctx, "", false)
	const secret = "whsec_0123456789abcdef"
	if err := st.SetWebhookSecret(ctx, ws.ID, "stripe", secret); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := st.rd.QueryRowContext(ctx, `SELECT secret FROM webhook_secrets`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, secret) || !strings.HasPrefix(stored, sealedPrefix) {
		t.Errorf("stored as %q", stored)
	}
	if got, err := st.WebhookSecret(ctx, ws.ID, "stripe"); err != nil || got != secret {
		t.Errorf("with the master: %q %v", got, err)
	}
	if set, _ := st.WebhookSecrets(ctx, ws.ID); len(set) != 1 || !set[0].Sealed {
		t.Errorf("listing: %+v", set)
	}

	other, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.WebhookSecret(ctx, ws.ID, "stripe"); !errors.Is(err, ErrSealed) {
		t.Errorf("without the master: %v", err)
	}
	other.UseMasterSecret([]byte(strings.Repeat("n", 32)))
	if _, err := other.WebhookSecret(ctx, ws.ID, "stripe"); !errors.Is(err, ErrSealed) {
		t.Errorf("with another master: %v", err)
	}

	// Moved to another provider's row, the sealed secret no longer opens.
	if _, err := st.wr.ExecContext(ctx, `INSERT INTO webhook_secrets (workspace_id, provider, secret, set_at) VALUES (?, 'shopify', ?, 0)`,
		ws.ID, stored); err != nil {
		t.Fatal(err)
	}
	if _, err := st.WebhookSecret(ctx, ws.ID, "shopify"); !errors.Is(err, ErrSealed) {
		t.Errorf("moved to another provider: %v", err)
	}
}
