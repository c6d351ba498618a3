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
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/query"
	"github.com/liftmetrics/lift/internal/store"
)

// command is one `lift NAME …`: its usage lines (shown by `lift help` and
// `lift NAME --help`) and what runs it.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// out adapts a command that writes only to stdout.
func out(f func(context.Context, []string, io.Writer) error) func(context.Context, []string, io.Writer, io.Writer) error {
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error { return f(ctx, args, stdout) }
}

var commands = []command{
	{"demo", `lift demo     [--seed N] [--csv-dir DIR] [--scale N]  build a sample workspace in a new database and print its report`, out(cmdDemo)},
	{"import", `lift import   KIND FILE [--dry-run] [--skip-bad]   take in a CSV file; KIND is one of
                                                     campaigns creators posts costs codes links
                                                     clicks orders shopify-orders
                                                     amazon-attribution amazon-associates post-metrics daily-sales;
                                                     an amazon-associates summary without dates takes
                                                     --from DATE --to DATE (the days it covers)`, cmdImport},
	{"report", `lift report   [--by creator|platform|campaign|post|tier|day] [--campaign NAME]
              [--from DATE] [--to DATE] [--model last-touch|first-touch|linear|time-decay|position]
              [--window 30d] [--format table|csv|json] [--with-brb] [--rank]`, out(cmdReport)},
	{"uplift", `lift uplift   [--post ID | --campaign NAME] [--window-days 3] [--pre-days 28] [--format table|csv|json]
                                                     sales lift around posts against a weekday baseline, with halo`, out(cmdUplift)},
	{"customers", `lift customers [--campaign NAME] [--model M] [--window 30d] [--format table|csv|json]
                                                     LTV 30/60/90 days, new vs returning, payback`, out(cmdCustomers)},
	{"leaks", `lift leaks    [--campaign NAME] [--window 30d] [--format table|json]
                                                     codes redeemed without clicks, from coupon sites, in bursts`, out(cmdLeaks)},
	{"goals", `lift goals    [--campaign NAME] [--model M] [--window 30d] [--format table|json]
                                                     each campaign's goal: progress, pace, when it is reached`, out(cmdGoals)},
	{"serve", `lift serve    [--addr :8080] [--click-durability sync|async] [--trusted-proxies CIDRs]
              [--public-url URL] [--batch-size 256] [--batch-wait 2ms] [--secure-cookies]
                                                     dashboard at /, redirects, API, webhooks, /lift.js
              --click-durability sync (default) answers a redirect only after its click is
              committed, so a killed process loses no answered click; async answers
              first (faster, a killed process may lose the last batch)`, out(cmdServe)},
	{"link", `lift link     create --destination URL --creator H --campaign C [--slug S] [--post ID] [--replace] | list
lift link     create --amazon-tag TAG --creator H --campaign C [--destination URL …]
                                                     map an Amazon ad group or tracking id to a creator`, out(cmdLink)},
	{"code", `lift code     generate --creator H --campaign C [--pattern 'ANA{NN}'] [--count N] | list`, out(cmdCode)},
	{"apikey", `lift apikey   create [--name N] | list | revoke ID   the key alone on stdout, shown once; stored hashed`, cmdAPIKey},
	{"webhook", `lift webhook  secret set --provider shopify|stripe|woocommerce [--secret-file FILE] | secret unset --provider P | secret list
                                                     a webhook's signing secret in the database, read from FILE or standard input`, out(cmdWebhook)},
	{"user", `lift user     create --email E [--password-stdin] | grant --email E | password --email E | list
                                                     accounts of the dashboard (lift serve, at /)`, out(cmdUser)},
	{"workspace", `lift workspace create NAME | list | set [--currency EUR] [--timezone Europe/Berlin] [--brb-rate 0.1]
               [--count-pending yes|no]`, out(cmdWorkspace)},
	{"benchmarks", `lift benchmarks list [--format table|json]         the figures reports mark KPIs against, with sources
lift benchmarks set --metric M --low L --high H [--platform P] [--tier T] [--source TEXT]
lift benchmarks reset --metric M [--platform P] [--tier T] | reset --all`, out(cmdBenchmarks)},
	{"bench", `lift bench    import [--orders 1000000] [--db postgres://…] [--format table|json]
                                                     time importing and reporting on a large file
lift bench    redirect [--duration 20s] [--connections 64] [--click-durability sync|async] [--db postgres://…] [--format table|json]
                                                     redirects per second with durable click logging
lift bench    stall [--orders N] [--base-orders N] [--connections 8] [--db postgres://…] [--format table|json]
                                                     redirects while a large import writes: do they wait?
lift bench    report [--scale 10] [--db DB] [--tenth-db DB] [--model linear] [--format table|json]
                                                     every report, customers, leaks and uplift on the demo ×N,
                                                     cold and warm, against the demo ×N/10
lift bench    pages [--scale 10] [--db DB] [--format table|json]
                                                     every dashboard page on the demo ×N, timed in the server
lift bench    attribution [--orders 1000000] [--format table|json]
                                                     orders/s and allocations of attribution alone`, out(cmdBench)},
	{"db", `lift db       copy --from DB --to DB              copy every workspace, user, key, setting and fact into an
                                                     empty database, SQLite or PostgreSQL (postgres://…) either
                                                     side, in one transaction: the target ends complete or unchanged`, cmdDB},
	{"migrate", `lift migrate                                       apply the database's missing migrations and name them
                                                     (lift serve and every command do it on open too)`, out(cmdMigrate)},
	{"version", `lift version                                       print the version`, nil},
	{"help", `lift help [COMMAND]                                this text, or one command's usage and flags`, nil},
}

const usageFooter = `
Every command takes --db FILE (default lift.db, or $LIFT_DB) and
--workspace NAME (default "default", or $LIFT_WORKSPACE). Flags may stand
anywhere on the line. lift COMMAND --help shows a command's flags.
`

// usage is the whole of `lift help`.
func usage() string {
	var b strings.Builder
	b.WriteString("lift measures what influencer campaigns earn.\n\nUsage:\n")
	for _, c := range commands {
		for _, line := range strings.Split(c.usage, "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	b.WriteString(usageFooter)
	return b.String()
}

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
	args = globalFlagsLast(args)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return errors.New("no command given")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "version", "--version":
		fmt.Fprintln(stdout, "lift", version())
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			fmt.Fprint(stdout, usage())
			return nil
		}
		name, rest = rest[0], []string{"--help"}
	}
	c, ok := lookup(name)
	if !ok || c.run == nil {
		return fmt.Errorf("unknown command %q%s (lift help lists them)", name, suggest(name, commandNames()))
	}
	err := c.run(ctx, rest, stdout, stderr)
	var help *helpRequest
	if errors.As(err, &help) {
		printHelp(stdout, c, help.fs)
		return nil
	}
	return err
}

// globalFlagsLast moves --db and --workspace written before the command
// (lift --db x.db report) behind it, where every command reads them: flags
// may stand anywhere on the line.
func globalFlagsLast(args []string) []string {
	var moved []string
	for len(args) > 0 {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if !strings.HasPrefix(args[0], "-") || (name != "db" && name != "workspace") {
			break
		}
		n := 1
		if !hasValue && len(args) > 1 {
			n = 2
		}
		moved = append(moved, args[:n]...)
		args = args[n:]
	}
	return append(slices.Clone(args), moved...)
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

// printHelp prints a command's usage and its flags with their defaults.
func printHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintln(w, "Usage:")
	for _, line := range strings.Split(c.usage, "\n") {
		fmt.Fprintln(w, "  "+line)
	}
	if fs == nil {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// helpRequest is returned by parseArgs for -h or --help: run prints the
// command's usage and flags.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return h.fs.Name() + ": help requested" }

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
				return nil, &helpRequest{fs}
			}
			return nil, fmt.Errorf("%s: %w%s", fs.Name(), err, suggestFlag(fs, err))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open opens the database and the workspace. A command that only reads
// (write false) needs a database that exists and never creates anything;
// one that writes may create the database and the default workspace, but
// any other workspace must have been made by `lift workspace create`, so
// that a mistyped --workspace is not a new, empty brand.
func (c *common) open(ctx context.Context, write bool) (*store.Store, store.Workspace, error) {
	if !write {
		if err := mustExist(c.db); err != nil {
			return nil, store.Workspace{}, err
		}
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return nil, store.Workspace{}, err
	}
	name := cmp.Or(strings.TrimSpace(c.workspace), store.DefaultWorkspace)
	var ws store.Workspace
	if write {
		ws, err = st.Workspace(ctx, name, false)
	} else {
		ws, err = st.FindWorkspace(ctx, name)
	}
	if errors.Is(err, store.ErrNoWorkspace) && name != store.DefaultWorkspace {
		err = fmt.Errorf("%w%s; create it with `lift workspace create %s`", err, suggestWorkspace(ctx, st, name), name)
	}
	if err != nil {
		st.Close()
		return nil, store.Workspace{}, err
	}
	return st, ws, nil
}

// mustExist refuses a database file that is not there, so that a read
// does not leave an empty database behind a mistyped --db.
func mustExist(db string) error {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") || db == "" {
		return nil // store.Open says what is wrong
	}
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no database at %s (run lift demo, or lift import, to make one; or give --db FILE)", db)
	} else if err != nil {
		return err
	}
	return nil
}

func suggestWorkspace(ctx context.Context, st *store.Store, name string) string {
	names, err := st.WorkspaceNames(ctx)
	if err != nil {
		return ""
	}
	return suggest(name, names)
}

// attributionOf reads --model and --window, each falling back to the
// workspace's setting.
func attributionOf(ctx context.Context, st *store.Store, ws store.Workspace, model, window string) (attribution.Model, time.Duration, error) {
	m, w, err := query.Attribution(ctx, st, ws, model, window)
	if pe, ok := query.IsParam(err); ok {
		return "", 0, fmt.Errorf("--%s: %w", pe.Param, pe.Err)
	}
	return m, w, err
}

// flagError names a refused option by its flag: "report: --from: …".
func flagError(cmd string, err error) error {
	if pe, ok := query.IsParam(err); ok {
		return fmt.Errorf("%s: --%s: %w", cmd, pe.Param, pe.Err)
	}
	return err
}
