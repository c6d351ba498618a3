package tracking

import (
	"context"
	"fmt"
	"time"
)

// loadEvery is how often the loader looks at the log when the writer has
// not nudged it: the writer nudges after every append, so this only
// matters when a load failed.
const loadEvery = time.Second

// catchUp loads the whole log, batch after batch: at start, what an
// earlier process logged and did not load (a crash, a shutdown whose
// budget ran out); at Close, what is left.
func (t *Tracker) catchUp(ctx context.Context) error {
	n, err := t.st.CatchUp(ctx, t.clog)
	t.stats.ClicksLoaded.Add(int64(n))
	if err != nil {
		return fmt.Errorf("tracking: %w", err)
	}
	return nil
}

// load is the loader goroutine: it moves logged clicks into the database
// whenever the writer nudges it, until Close, and then loads what is
// left. Failures are logged when they start and when they end; the clicks
// stay in the log meanwhile, so a failing load delays reports but loses
// nothing and never holds up a redirect.
func (t *Tracker) load(ctx context.Context) {
	defer close(t.loaderDone)
	tick := time.NewTicker(loadEvery)
	defer tick.Stop()
	var failing bool
	for {
		var last bool
		select {
		case <-t.nudge:
		case <-tick.C:
		case <-t.writerDone:
			last = true
		}
		err := t.catchUp(ctx)
		if err != nil {
			t.stats.LoadErrors.Add(1)
		}
		t.loadFailing.Store(&err)
		if err != nil && !failing {
			t.log.Error("logged clicks not loaded; they wait in the click log", "log", t.clog.Path(), "err", err)
		} else if err == nil && failing {
			t.log.Info("click loader recovered")
		}
		failing = err != nil
		if last || ctx.Err() != nil {
			return
		}
	}
}

// poke tells the loader that clicks were logged, without waiting.
func (t *Tracker) poke() {
	select {
	case t.nudge <- struct{}{}:
	default:
	}
}

// LoaderLag says how far reports are behind the redirects: clicks logged
// but not yet in the database, how long the oldest of them has waited,
// and the loader's latest failure (nil while it loads).
func (t *Tracker) LoaderLag(ctx context.Context) (waiting int64, age time.Duration, failure error, err error) {
	waiting, oldest, err := t.st.ClickLogLag(ctx, t.clog)
	if err != nil {
		return 0, 0, nil, err
	}
	if !oldest.IsZero() {
		age = max(time.Since(oldest), 0)
	}
	if p := t.loadFailing.Load(); p != nil {
		failure = *p
	}
	return waiting, age, failure, nil
}
