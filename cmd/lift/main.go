// Command lift measures what influencer campaigns earn.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/liftmetrics/lift/internal/attribution"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

const usage = `lift measures what influencer campaigns earn.

Usage:
  lift demo     [--seed N] [--csv-dir DIR]           build a sample workspace and print its report
  lift import   KIND FILE [--dry-run] [--skip-bad]   take in a CSV file; KIND is one of
                                                     campaigns creators posts costs codes links
                                                     clicks orders shopify-orders
                                                     amazon-attribution amazon-associates post-metrics daily-sales;
                                                     an amazon-associates summary without dates takes
                                                     --from DATE --to DATE (the days it covers)
  lift report   [--by creator|platform|campaign|post|tier|day] [--campaign NAME]
                [--from DATE] [--to DATE] [--model last-touch|first-touch|linear|time-decay|position]
                [--window 30d] [--format table|csv|json] [--with-brb] [--rank]
  lift uplift   [--post ID | --campaign NAME] [--window-days 3] [--pre-days 28] [--format table|csv|json]
                                                     sales lift around posts against a weekday baseline, with halo
  lift customers [--campaign NAME] [--model M] [--window 30d] [--format table|csv|json]
                                                     LTV 30/60/90 days, new vs returning, payback
  lift leaks    [--campaign NAME] [--window 30d] [--format table|json]
                                                     codes redeemed without clicks, from coupon sites, in bursts
  lift serve    [--addr :8080] [--click-durability sync|async] [--trusted-proxies CIDRs]
                [--public-url URL] [--batch-size 256] [--batch-wait 2ms] [--secure-cookies]
                                                     dashboard at /, redirects, API, webhooks, /lift.js
                --click-durability sync (default) answers a redirect only after its click is
                committed, so a killed process loses no answered click; async answers
                first (faster, a killed process may lose the last batch)
  lift link     create --destination URL --creator H --campaign C [--slug S] [--post ID] | list
  lift link     create --amazon-tag TAG --creator H --campaign C [--destination URL …]
                                                     map an Amazon ad group or tracking id to a creator
  lift code     generate --creator H --campaign C [--pattern 'ANA{NN}'] [--count N] | list
  lift apikey   create [--name N]                    prints a key once; stored hashed
  lift user     create --email E [--password-stdin] | grant --email E | password --email E | list
                                                     accounts of the dashboard (lift serve, at /)
  lift workspace list | set [--currency EUR] [--timezone Europe/Berlin] [--brb-rate 0.1] [--count-pending yes|no]
  lift goals    [--campaign NAME] [--format table|json]
                                                     each campaign's goal: progress, pace, when it is reached
  lift benchmarks list [--format table|json]         the figures reports mark KPIs against, with sources
  lift benchmarks set --metric M --low L --high H [--platform P] [--tier T] [--source TEXT]
  lift benchmarks reset --metric M [--platform P] [--tier T] | reset --all
  lift bench    import [--orders 1000000] [--format table|json]
                                                     time importing and reporting on a large file
  lift version
  lift help

Every command takes --db FILE (default lift.db, or $LIFT_DB) and
--workspace NAME (default "default", or $LIFT_WORKSPACE). Flags may stand
anywhere on the line.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "lift:", err)
		os.Exit(1)
	}
}

// run dispatches a command line; it is main without the process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return cmdDemo(ctx, rest, stdout)
	case "import":
		return cmdImport(ctx, rest, stdout)
	case "report":
		return cmdReport(ctx, rest, stdout)
	case "uplift":
		return cmdUplift(ctx, rest, stdout)
	case "customers":
		return cmdCustomers(ctx, rest, stdout)
	case "leaks":
		return cmdLeaks(ctx, rest, stdout)
	case "workspace":
		return cmdWorkspace(ctx, rest, stdout)
	case "bench":
		return cmdBench(ctx, rest, stdout)
	case "serve":
		return cmdServe(ctx, rest, stdout)
	case "link":
		return cmdLink(ctx, rest, stdout)
	case "code":
		return cmdCode(ctx, rest, stdout)
	case "apikey":
		return cmdAPIKey(ctx, rest, stdout)
	case "user":
		return cmdUser(ctx, rest, stdout)
	case "benchmarks":
		return cmdBenchmarks(ctx, rest, stdout)
	case "goals":
		return cmdGoals(ctx, rest, stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, "lift", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// common are the flags every command has.
type common struct {
	db        string
	workspace string
}

func newFlags(name string) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet("lift "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &common{}
	fs.StringVar(&c.db, "db", env("LIFT_DB", "lift.db"), "database: a SQLite file")
	fs.StringVar(&c.workspace, "workspace", env("LIFT_WORKSPACE", store.DefaultWorkspace), "workspace (brand) to work in")
	return fs, c
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parseArgs parses flags wherever they stand and returns the other
// arguments in order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, fmt.Errorf("%s: see `lift help`", fs.Name())
			}
			return nil, fmt.Errorf("%s: %w", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open opens the database and the workspace; create lets commands that
// write make a new workspace.
func (c *common) open(ctx context.Context, create bool) (*store.Store, store.Workspace, error) {
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return nil, store.Workspace{}, err
	}
	ws, err := st.Workspace(ctx, strings.TrimSpace(c.workspace), create)
	if err != nil {
		st.Close()
		return nil, store.Workspace{}, err
	}
	return st, ws, nil
}

// attributionOf reads --model and --window, each falling back to the
// workspace's setting, so the terminal and the dashboard agree.
func attributionOf(ctx context.Context, st *store.Store, ws store.Workspace, model, window string) (attribution.Model, time.Duration, error) {
	if model == "" || window == "" {
		m, w, err := st.Attribution(ctx, ws.ID)
		if err != nil {
			return "", 0, err
		}
		model, window = cmp.Or(model, m), cmp.Or(window, w)
	}
	mo, err := attribution.ParseModel(model)
	if err != nil {
		return "", 0, fmt.Errorf("--model: %w", err)
	}
	wi, err := attribution.ParseWindow(window)
	if err != nil {
		return "", 0, fmt.Errorf("--window: %w", err)
	}
	return mo, wi, nil
}
