package tracking

import "sync/atomic"

// Stats are counters for /metrics; read them with atomic loads, or all at
// once with Snapshot.
type Stats struct {
	Redirects    atomic.Int64 // 302s answered
	NotFound     atomic.Int64 // requests for unknown slugs
	ClicksStored atomic.Int64 // clicks committed to the click log
	Bots         atomic.Int64 // committed clicks flagged as bots
	Batches      atomic.Int64 // batches committed
	BatchClicks  atomic.Int64 // clicks in committed batches
	CommitErrors atomic.Int64 // batches that failed to commit
	CommitNanos  atomic.Int64 // total time spent committing, in nanoseconds
	MaxBatchSeen atomic.Int64 // largest batch committed
	ClicksLoaded atomic.Int64 // logged clicks moved into the database
	LoadErrors   atomic.Int64 // loads that failed (the clicks wait in the log)
}

// Snapshot is a copy of the Stats counters at one moment.
type Snapshot struct {
	Redirects, NotFound, ClicksStored, Bots, Batches, BatchClicks, CommitErrors int64
	CommitNanos, MaxBatchSeen, ClicksLoaded, LoadErrors                         int64
}

// Snapshot loads every counter. Each load is atomic; the set is not, which
// is fine for monitoring.
func (s *Stats) Snapshot() Snapshot {
	return Snapshot{
		Redirects:    s.Redirects.Load(),
		NotFound:     s.NotFound.Load(),
		ClicksStored: s.ClicksStored.Load(),
		Bots:         s.Bots.Load(),
		Batches:      s.Batches.Load(),
		BatchClicks:  s.BatchClicks.Load(),
		CommitErrors: s.CommitErrors.Load(),
		CommitNanos:  s.CommitNanos.Load(),
		MaxBatchSeen: s.MaxBatchSeen.Load(),
		ClicksLoaded: s.ClicksLoaded.Load(),
		LoadErrors:   s.LoadErrors.Load(),
	}
}

// committed records one batch that reached the database.
func (s *Stats) committed(clicks, bots int, nanos int64) {
	n := int64(clicks)
	s.Batches.Add(1)
	s.BatchClicks.Add(n)
	s.ClicksStored.Add(n)
	s.Bots.Add(int64(bots))
	s.CommitNanos.Add(nanos)
	for {
		m := s.MaxBatchSeen.Load()
		if n <= m || s.MaxBatchSeen.CompareAndSwap(m, n) {
			return
		}
	}
}
