package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

// pending is a click on its way to the writer. done, when set, receives
// the commit's outcome; it is buffered so the writer never waits for a
// request that has gone away.
type pending struct {
	click store.NewClick
	done  chan error
}

// donePool recycles the per-request result channels of sync mode, which
// would otherwise be an allocation on every redirect.
var donePool = sync.Pool{New: func() any { return make(chan error, 1) }}

// record hands a click to the writer and, in sync mode, waits for its
// commit. It returns ErrClosed after Close, the commit error when the
// batch failed, or ctx's error when the request ended first (the click is
// still committed then).
func (t *Tracker) record(ctx context.Context, c store.NewClick) error {
	p := pending{click: c}
	if !t.opt.Async {
		p.done = donePool.Get().(chan error)
	}
	if err := t.enqueue(p); err != nil {
		if p.done != nil {
			donePool.Put(p.done)
		}
		return err
	}
	if p.done == nil {
		return nil
	}
	select {
	case err := <-p.done:
		donePool.Put(p.done)
		return err
	case <-ctx.Done():
		// The writer will still send on done; it is left to the
		// collector rather than recycled with a stale result in it.
		return ctx.Err()
	}
}

func (t *Tracker) enqueue(p pending) error {
	t.queueMu.RLock()
	defer t.queueMu.RUnlock()
	if t.closed {
		return ErrClosed
	}
	t.queue <- p
	return nil
}

// write is the only goroutine that stores clicks. Funnelling every click
// through one writer turns many small transactions into few large ones:
// SQLite commits one transaction at a time, and each commit has a fixed
// cost (beginning, writing the WAL, the occasional checkpoint) that a
// batch pays once for all its clicks.
func (t *Tracker) write(ctx context.Context) {
	defer close(t.writerDone)
	batch := make([]pending, 0, t.opt.MaxBatch)
	clicks := make([]store.NewClick, 0, t.opt.MaxBatch)
	for {
		first, ok := t.next(ctx)
		if !ok {
			return
		}
		var open bool
		batch, open = t.collect(append(batch[:0], first))
		clicks = t.commit(ctx, batch, clicks[:0])
		clear(batch) // drop references to finished requests
		if !open {
			t.drain(ctx, batch, clicks)
			return
		}
	}
}

// probeEvery is how often the writer tries the click log while commits
// fail and no click comes to try it.
const probeEvery = time.Second

// next waits for the next click. While commits fail, it probes the log
// every probeEvery meanwhile: a node whose /healthz answers 503 gets no
// clicks from a load balancer, so it must find out by itself that the log
// takes writes again.
func (t *Tracker) next(ctx context.Context) (pending, bool) {
	for {
		if t.failing.Load() == nil {
			p, ok := <-t.queue
			return p, ok
		}
		select {
		case p, ok := <-t.queue:
			return p, ok
		case <-time.After(probeEvery):
			t.probe(ctx)
		}
	}
}

// probe clears the failure once a write to the log commits again.
func (t *Tracker) probe(ctx context.Context) {
	if err := t.clog.Probe(ctx); err != nil {
		t.failing.Store(&err)
		return
	}
	t.failing.Store(nil)
	t.log.Info("click log takes writes again")
}

// collect adds what is already queued to the batch, up to MaxBatch, and
// for at most MaxWait. It does not wait for clicks yet to come: commits
// are cheap in WAL mode (no fsync), and clicks queue up by themselves
// while the previous batch commits, so batches grow with the load. Waiting
// on an empty queue was measured to cost both throughput and latency
// with 64 clients: each of them is blocked in the open batch, so nothing
// arrives while it waits. It reports false once the queue is closed.
func (t *Tracker) collect(batch []pending) ([]pending, bool) {
	deadline := time.Now().Add(t.opt.MaxWait)
	for len(batch) < t.opt.MaxBatch {
		select {
		case p, ok := <-t.queue:
			if !ok {
				return batch, false
			}
			batch = append(batch, p)
		default:
			return batch, true
		}
		// A queue that never empties (async mode under a flood) must
		// not keep the batch open forever; checking every 16 clicks
		// keeps the clock off the per-click path.
		if len(batch)%16 == 0 && time.Now().After(deadline) {
			return batch, true
		}
	}
	return batch, true
}

// drain commits what is left in the closed queue, in full batches.
func (t *Tracker) drain(ctx context.Context, batch []pending, clicks []store.NewClick) {
	batch = batch[:0]
	for p := range t.queue {
		batch = append(batch, p)
		if len(batch) == t.opt.MaxBatch {
			clicks = t.commit(ctx, batch, clicks[:0])
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		t.commit(ctx, batch, clicks[:0])
	}
}

// commit logs one batch in one transaction and tells every waiting
// request the outcome. On failure nothing of the batch is stored, so each
// of its requests answers 503 and none redirects with a lost click.
func (t *Tracker) commit(ctx context.Context, batch []pending, clicks []store.NewClick) []store.NewClick {
	bots := 0
	for _, p := range batch {
		clicks = append(clicks, p.click)
		if p.click.Bot {
			bots++
		}
	}
	start := time.Now()
	err := t.clog.Append(ctx, clicks)
	if err == nil {
		t.poke()
	}
	if err != nil {
		t.stats.CommitErrors.Add(1)
		t.failing.Store(&err)
		t.log.Error("click batch not stored", "clicks", len(batch), "err", err)
	} else {
		t.failing.Store(nil)
		t.stats.committed(len(batch), bots, time.Since(start).Nanoseconds())
	}
	for _, p := range batch {
		if p.done != nil {
			p.done <- err
		}
	}
	clear(clicks)
	return clicks
}
