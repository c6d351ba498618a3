package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
)

// cmdWebhook manages the webhooks' signing secrets in the database, where
// every node of it reads them. A secret is read from a file or standard
// input, never from the command line (where ps and shell history would
// show it), and never printed.
func cmdWebhook(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("webhook")
	provider := fs.String("provider", "", "shopify, stripe or woocommerce")
	file := fs.String("secret-file", "", "set: read the secret from this file instead of standard input")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	subs := []string{"set", "unset", "list"}
	usage := errors.New("webhook: usage: lift webhook secret set --provider P [--secret-file FILE] | " +
		"secret unset --provider P | secret list" + suggestSub(pos[min(1, len(pos)):], subs...))
	if len(pos) != 2 || pos[0] != "secret" || !slices.Contains(subs, pos[1]) {
		return usage
	}
	sub := pos[1]
	if sub != "list" && !slices.Contains(server.Providers, *provider) {
		return fmt.Errorf("webhook secret %s: --provider must be one of %s", sub, strings.Join(server.Providers, ", "))
	}
	if sub != "set" && *file != "" {
		return fmt.Errorf("webhook secret %s: --secret-file is for set", sub)
	}
	var secret string
	if sub == "set" {
		// Read before the database opens: a wrong file costs nothing.
		if secret, err = readSecret(stdout, *file, *provider); err != nil {
			return fmt.Errorf("webhook secret set: %w", err)
		}
	}
	st, ws, err := c.open(ctx, sub == "set")
	if err != nil {
		return err
	}
	defer st.Close()
	// Sealed under the master secret when there is one, as the nodes
	// expect: give the CLI the same LIFT_SECRET as them.
	if err := useMasterSecret(st); err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	switch sub {
	case "set":
		if err := st.SetWebhookSecret(ctx, ws.ID, *provider, secret); err != nil {
			return fmt.Errorf("webhook secret set: %w", err)
		}
		how := "stored as it is (set LIFT_SECRET to store it sealed)"
		if os.Getenv("LIFT_SECRET") != "" || os.Getenv("LIFT_SECRET_FILE") != "" {
			how = "sealed under the master secret"
		}
		fmt.Fprintf(stdout, "the %s webhook secret of workspace %s is set, %s; every node uses it from its next delivery\n",
			*provider, ws.Name, how)
		if env := server.SecretEnv(*provider, ws.Name); os.Getenv(env) != "" {
			fmt.Fprintf(stdout, "%s is set here too: the stored secret wins over it\n", env)
		}
	case "unset":
		ok, err := st.RemoveWebhookSecret(ctx, ws.ID, *provider)
		if err != nil {
			return fmt.Errorf("webhook secret unset: %w", err)
		}
		if !ok {
			return fmt.Errorf("webhook secret unset: workspace %s has no %s secret stored", ws.Name, *provider)
		}
		fmt.Fprintf(stdout, "the %s webhook secret of workspace %s is removed; nodes fall back to %s if they have it\n",
			*provider, ws.Name, server.SecretEnv(*provider, ws.Name))
	case "list":
		return listWebhookSecrets(ctx, st, ws, stdout)
	}
	return nil
}

// listWebhookSecrets tells, per provider, where the workspace's secret
// comes from, never the secret.
func listWebhookSecrets(ctx context.Context, st *store.Store, ws store.Workspace, stdout io.Writer) error {
	set, err := st.WebhookSecrets(ctx, ws.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tSECRET\tENVIRONMENT")
	for _, p := range server.Providers {
		where := "not stored"
		if i := slices.IndexFunc(set, func(w store.WebhookSecretSet) bool { return w.Provider == p }); i >= 0 {
			where = "set on " + set[i].SetAt.In(ws.Loc).Format(time.DateOnly)
			if set[i].Sealed {
				where += ", sealed"
			}
		}
		env := server.SecretEnv(p, ws.Name)
		if os.Getenv(env) == "" {
			env += " (not set)"
		} else {
			env += " (set)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p, where, env)
	}
	return tw.Flush()
}

// readSecret reads a webhook secret from a file, or from standard input:
// asked for without echo on a terminal, else all of it. Surrounding
// white space (the file's last line break) is dropped.
func readSecret(prompt io.Writer, file, provider string) (string, error) {
	var raw []byte
	var err error
	switch f, ok := stdin.(*os.File); {
	case file != "":
		if raw, err = readLimited(file); err != nil {
			return "", err
		}
	case ok && progress.IsTerminal(f):
		fmt.Fprintf(prompt, "%s signing secret: ", provider)
		echo(f, false)
		line, rerr := bufio.NewReader(f).ReadString('\n')
		echo(f, true)
		fmt.Fprintln(prompt)
		if rerr != nil && rerr != io.EOF {
			return "", rerr
		}
		raw = []byte(line)
	default:
		if raw, err = io.ReadAll(io.LimitReader(stdin, store.MaxWebhookSecret+2)); err != nil {
			return "", err
		}
	}
	secret := strings.TrimSpace(string(raw))
	if secret == "" {
		return "", errors.New("no secret given (pipe it in, or use --secret-file FILE)")
	}
	return secret, nil
}

// readLimited reads a secret file, refusing one far larger than a secret.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, store.MaxWebhookSecret+2))
}
