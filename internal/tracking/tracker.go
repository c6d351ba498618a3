// Package tracking is the redirect hot path: GET /{slug} answers 302 to
// the link's destination with UTM parameters and a click id, and stores
// the click.
//
// Links are served from an in-memory table that is swapped whole when the
// links change, so a redirect never reads the database. Clicks go to one
// writer goroutine that commits them in batches (group commit) to the
// click log, a file of its own beside the database; by default a redirect
// is answered only once its click is committed there, so a crash can never
// lose a click that a visitor was sent on with. A loader goroutine then
// moves logged clicks into the database in batches. The log is never
// locked by imports or reports, so no redirect waits for them; reports see
// a click once it is loaded (milliseconds later, unless the database's
// write lock is held: see LoaderLag).
package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

// Defaults for Options.
const (
	DefaultMaxBatch = 256
	DefaultMaxWait  = 2 * time.Millisecond
	// pollEvery keeps a link changed by another process redirecting
	// within a second, at the cost of one tiny query four times a second.
	pollEvery = 250 * time.Millisecond
)

// Options tune a Tracker; the zero value is the durable default.
type Options struct {
	MaxBatch       int           // most clicks per commit; default 256
	MaxWait        time.Duration // longest a batch stays open to take queued clicks; default 2ms
	Async          bool          // answer before the click is committed
	TrustedProxies []netip.Prefix
	Logger         *slog.Logger // nil: slog.Default(); never logs IPs or secrets
}

// Tracker serves redirects and records clicks.
type Tracker struct {
	st    *store.Store
	opt   Options
	log   *slog.Logger
	stats Stats
	// failing holds the error of the latest batch, nil once one commits.
	failing atomic.Pointer[error]
	salts   salts

	links     linkTable
	reloadMu  sync.Mutex // one reload at a time, so versions only move forward
	version   int64      // links version of the table in links, -1 before the first load; under reloadMu
	utms      utms       // shared by the routes; under reloadMu
	reloaded  int        // links read by the latest reload; under reloadMu
	pollStop  context.CancelFunc
	pollDone  chan struct{}
	closeOnce sync.Once

	// queueMu guards closing queue: senders hold it shared, Close holds
	// it exclusively, so nobody sends on a closed channel.
	queueMu    sync.RWMutex
	closed     bool
	queue      chan pending
	writerDone chan struct{}

	clog        *store.ClickLog
	nudge       chan struct{} // the writer logged clicks
	loadStop    context.CancelFunc
	loaderDone  chan struct{}
	loadFailing atomic.Pointer[error] // the latest load's error, nil once one succeeds
	clogClose   sync.Once
}

// ErrClosed is returned for clicks that arrive after Close.
var ErrClosed = errors.New("tracking: tracker closed")

// New loads the links and the visitor secret, opens the click log and
// loads what an earlier process left in it, and starts the writer, the
// loader and the links poller. They run until Close, not until ctx ends,
// so that a cancelled start-up context cannot stop clicks from being
// committed.
func New(ctx context.Context, st *store.Store, opt Options) (*Tracker, error) {
	opt = withDefaults(opt)
	secret, err := st.Secret(ctx, "visitor")
	if err != nil {
		return nil, fmt.Errorf("tracking: visitor secret: %w", err)
	}
	t := &Tracker{
		st: st, opt: opt, log: opt.Logger,
		salts:      salts{secret: []byte(secret)},
		queue:      make(chan pending, 4*opt.MaxBatch),
		pollDone:   make(chan struct{}),
		version:    -1,
		utms:       utms{},
		writerDone: make(chan struct{}),
		nudge:      make(chan struct{}, 1),
		loaderDone: make(chan struct{}),
	}
	if err := t.Reload(ctx); err != nil {
		return nil, err
	}
	if t.clog, err = st.OpenClickLog(ctx); err != nil {
		return nil, fmt.Errorf("tracking: %w", err)
	}
	if err := t.catchUp(ctx); err != nil {
		t.clog.Close()
		return nil, err
	}
	bg := context.WithoutCancel(ctx)
	var pollCtx, loadCtx context.Context
	pollCtx, t.pollStop = context.WithCancel(bg)
	loadCtx, t.loadStop = context.WithCancel(bg)
	go t.poll(pollCtx)
	go t.write(bg)
	go t.load(loadCtx)
	return t, nil
}

func withDefaults(opt Options) Options {
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = DefaultMaxBatch
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = DefaultMaxWait
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return opt
}

// Health is nil while clicks are committed, and the reason of the last
// failure while the latest batch failed: a database that still answers a
// ping may refuse writes (a full disk, a read-only file), and then every
// redirect answers 503. While it fails, the writer probes the click log
// every second, so Health turns nil again without waiting for a click.
func (t *Tracker) Health() error {
	if err := t.failing.Load(); err != nil {
		return fmt.Errorf("clicks cannot be committed: %w", *err)
	}
	return nil
}

// Stats returns the live counters.
func (t *Tracker) Stats() *Stats { return &t.stats }

// Lookup returns the link a slug redirects through.
func (t *Tracker) Lookup(slug string) (store.LinkTarget, bool) {
	r, ok := t.links.get(slug)
	if !ok {
		return store.LinkTarget{}, false
	}
	return r.target(), true
}

// Reload reads the links changed since the last load now. The API calls
// it after creating a link, so that the link redirects at once on this
// node.
func (t *Tracker) Reload(ctx context.Context) error {
	t.reloadMu.Lock()
	defer t.reloadMu.Unlock()
	return t.reloadLocked(ctx)
}

// reloadLocked reads the version before the links: a change committed in
// between is then in the table or makes the next poll reload again, never
// lost. Only the links changed or removed after the version the table
// holds are read; the first load reads them all.
func (t *Tracker) reloadLocked(ctx context.Context) error {
	v, err := t.st.LinksVersion(ctx)
	if err != nil {
		return fmt.Errorf("tracking: links version: %w", err)
	}
	removed, err := t.st.LinksRemoved(ctx, t.version)
	if err != nil {
		return fmt.Errorf("tracking: removed links: %w", err)
	}
	ed := t.links.edit()
	for _, slug := range removed {
		ed.remove(slug)
	}
	n := 0
	err = t.st.EachLinkTarget(ctx, t.version, func(l store.LinkTarget) error {
		n++
		r, err := newRoute(l, t.utms)
		if err != nil {
			t.log.Warn("link skipped: bad destination", "slug", l.Slug, "link_id", l.ID, "err", err)
			ed.remove(l.Slug)
			return nil
		}
		ed.put(r)
		return nil
	})
	if err != nil {
		return fmt.Errorf("tracking: load links: %w", err)
	}
	ed.publish()
	t.version, t.reloaded = v, n
	return nil
}

// poll reloads the links whenever their version moves. Errors are logged
// when they start and when they end, not four times a second.
func (t *Tracker) poll(ctx context.Context) {
	defer close(t.pollDone)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var failing bool
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		err := t.pollOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil && !failing {
			t.log.Error("links poll failing; serving the links loaded before", "err", err)
		} else if err == nil && failing {
			t.log.Info("links poll recovered")
		}
		failing = err != nil
	}
}

func (t *Tracker) pollOnce(ctx context.Context) error {
	v, err := t.st.LinksVersion(ctx)
	if err != nil {
		return err
	}
	t.reloadMu.Lock()
	defer t.reloadMu.Unlock()
	if v == t.version {
		return nil
	}
	return t.reloadLocked(ctx)
}

// Close stops polling, stops taking clicks, and returns once every queued
// click is committed to the log and the log is loaded into the database,
// or ctx ends, whichever is first. Clicks left in the log then are loaded
// by the next New on the same database. It may be called more than once.
func (t *Tracker) Close(ctx context.Context) error {
	t.closeOnce.Do(func() {
		t.pollStop()
		t.queueMu.Lock()
		t.closed = true
		close(t.queue)
		t.queueMu.Unlock()
	})
	for _, done := range []chan struct{}{t.pollDone, t.writerDone, t.loaderDone} {
		select {
		case <-done:
		case <-ctx.Done():
			// The loader's transaction is abandoned whole; the log
			// keeps its clicks for the next start.
			t.loadStop()
			<-t.loaderDone
			t.closeLog()
			return fmt.Errorf("tracking: close: %w", ctx.Err())
		}
	}
	t.loadStop()
	t.closeLog()
	if p := t.loadFailing.Load(); p != nil && *p != nil {
		return fmt.Errorf("tracking: close: clicks left in the click log: %w", *p)
	}
	return nil
}

// closeLog closes the click log once the writer and the loader are done
// with it, or the loader is.
func (t *Tracker) closeLog() {
	t.clogClose.Do(func() { t.clog.Close() })
}
