package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
)

func cmdServe(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("serve")
	addr := fs.String("addr", env("LIFT_ADDR", ":8080"), "address to listen on")
	durability := fs.String("click-durability", env("LIFT_CLICK_DURABILITY", "sync"),
		"sync: answer a redirect only once its click is committed (a killed process loses no answered click); "+
			"async: answer before the commit (faster; a killed process may lose the last batch)")
	batch := fs.Int("batch-size", 256, "clicks committed together at most")
	wait := fs.Duration("batch-wait", 2*time.Millisecond, "longest a click waits for its batch")
	proxies := fs.String("trusted-proxies", env("LIFT_TRUSTED_PROXIES", ""), "comma-separated CIDRs whose X-Forwarded-For / X-Real-IP is believed")
	public := fs.String("public-url", env("LIFT_PUBLIC_URL", ""), "base URL of short links, e.g. https://go.brand.com")
	secureCookies := fs.Bool("secure-cookies", env("LIFT_SECURE_COOKIES", "") == "1",
		"mark the dashboard's session cookie Secure on plain HTTP too (behind a proxy that terminates TLS); on when --public-url is https")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("serve: unexpected argument %q", pos[0])
	}
	if *durability != "sync" && *durability != "async" {
		return fmt.Errorf("serve: --click-durability must be sync or async, not %q", *durability)
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return fmt.Errorf("serve: --trusted-proxies: %w", err)
	}
	st, ws, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := useMasterSecret(st); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	_ = ws // the default workspace exists from here on; webhooks default to it
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	tr, err := tracking.New(ctx, st, tracking.Options{MaxBatch: *batch, MaxWait: *wait, Async: *durability == "async",
		TrustedProxies: trusted, Logger: log})
	if err != nil {
		return err
	}
	// Loading every link leaves as much garbage as the table it built;
	// give it back to the system now instead of holding it while idle.
	debug.FreeOSMemory()
	secrets := webhookSecrets(store.DefaultWorkspace)
	dash, err := dashboard(st, tr, trusted, *public, *secureCookies, log)
	if err != nil {
		return err
	}
	h := server.New(server.Config{Store: st, Tracker: tr, TrustedProxies: trusted, PublicURL: *public, Logger: log,
		Secrets: secrets, WorkspaceSecrets: webhookSecrets, Web: dash, MetricsToken: os.Getenv("LIFT_METRICS_TOKEN")})
	err = server.Serve(ctx, *addr, h, tr, func(a string) {
		fmt.Fprintf(stdout, "lift serve: listening on %s (clicks: %s)\n", a, *durability)
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stdout, "lift serve: stopped; every answered click is stored")
	return nil
}

func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			a, err := netip.ParseAddr(p)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pf, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, err
		}
		out = append(out, pf.Masked())
	}
	return out, nil
}

// webhookSecrets reads a workspace's webhook secrets from the environment
// (see server.SecretEnv for the names).
func webhookSecrets(workspace string) server.Secrets {
	return server.Secrets{
		Shopify:     os.Getenv(server.SecretEnv("shopify", workspace)),
		Stripe:      os.Getenv(server.SecretEnv("stripe", workspace)),
		WooCommerce: os.Getenv(server.SecretEnv("woocommerce", workspace)),
	}
}

// minSecret is the shortest master secret taken: 32 bytes, the size of
// the HMAC-SHA-256 key it stands for.
const minSecret = 32

// useMasterSecret reads the master secret from LIFT_SECRET or the file
// named by LIFT_SECRET_FILE. Without one the server keeps its secrets in
// the database, where a copy of the file carries them along.
func useMasterSecret(st *store.Store) error {
	secret := os.Getenv("LIFT_SECRET")
	if path := os.Getenv("LIFT_SECRET_FILE"); path != "" {
		if secret != "" {
			return errors.New("set LIFT_SECRET or LIFT_SECRET_FILE, not both")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("LIFT_SECRET_FILE: %w", err)
		}
		secret = strings.TrimSpace(string(b))
	}
	if secret == "" {
		return nil
	}
	if len(secret) < minSecret {
		return fmt.Errorf("the master secret must be at least %d bytes (e.g. openssl rand -hex 32)", minSecret)
	}
	st.UseMasterSecret([]byte(secret))
	return nil
}
