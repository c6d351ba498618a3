package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// ReportOptions say what `lift bench report` measures.
type ReportOptions struct {
	Scale int    // copies of the demo in the workspace measured
	Seed  uint64 // of the demo
	// DB is the database to measure: reused when it holds the demo
	// workspace already, else the demo at Scale is built into it. ""
	// builds it in a temporary file under Dir.
	DB string
	// TenthDB is the same for the workspace at a tenth of the scale
	// (at least 1), whose reports the figures are compared with.
	TenthDB string
	Dir     string
	// Other is the model measured beside the workspace's own.
	Other    attribution.Model
	Progress *progress.Counter
}

// Timing is one measured piece of work.
type Timing struct {
	Name  string  `json:"name"`  // "report by creator", "customers", …
	Model string  `json:"model"` // attribution model, when it has one
	ColdS float64 `json:"cold_s"`
	WarmS float64 `json:"warm_s"`
	// TenthS is the warm figure at a tenth of the scale, and Ratio
	// WarmS/TenthS, both from the same run.
	TenthS float64 `json:"tenth_s"`
	Ratio  float64 `json:"ratio"`
	// CPURatio is the same ratio of the CPU times: on a machine other
	// work keeps busy, the wall times wait for cores, the CPU times less.
	CPURatio float64 `json:"cpu_ratio"`
	HeapMiB  float64 `json:"heap_peak_mib"` // sampled live heap, the larger of the two runs
	RSSMiB   float64 `json:"rss_peak_mib"`  // the process's peak resident set during the cold run; 0 where unknown
	// CPUS is the process's CPU time in the warm run (it may pass WarmS
	// when the collector runs on another core); QueueS is the time its
	// threads were ready to run but waited for a core the machine's
	// other work held (Linux; 0 elsewhere).
	CPUS   float64 `json:"cpu_s"`
	QueueS float64 `json:"queue_s"`
	Bound  string  `json:"bound"`
}

// ReportResult is what `lift bench report` prints.
type ReportResult struct {
	Scale      int      `json:"scale"`
	TenthScale int      `json:"tenth_scale"`
	Orders     int64    `json:"orders"`
	Clicks     int64    `json:"clicks"`
	BuiltS     float64  `json:"built_s,omitempty"` // building the demo at Scale, when this run built it
	Model      string   `json:"default_model"`
	Timings    []Timing `json:"timings"`
}

// job is one piece of work measured in both workspaces.
type job struct {
	name, model string
	run         func(context.Context, *store.Store, store.Workspace) error
}

// ReportJobs is how many pieces of work Report measures: every grouping
// under two models, then customers, leaks and uplift.
func ReportJobs() int { return 2*len(report.Groupings) + 3 }

// Report measures, in a workspace holding the demo opt.Scale times over,
// every grouping of the report under the workspace's model and
// opt.Other, cold (the first build in a freshly opened store) and warm
// (the same again), then customers, leaks and uplift; and each again,
// warm, in the workspace at a tenth of the scale, for the ratio.
func Report(ctx context.Context, opt ReportOptions) (ReportResult, error) {
	res := ReportResult{Scale: opt.Scale, TenthScale: max(1, opt.Scale/10)}
	path, built, err := DemoDB(ctx, opt.DB, filepath.Join(opt.Dir, "scale.db"), opt.Seed, opt.Scale)
	if err != nil {
		return res, err
	}
	res.BuiltS = built
	tenth, _, err := DemoDB(ctx, opt.TenthDB, filepath.Join(opt.Dir, "tenth.db"), opt.Seed, res.TenthScale)
	if err != nil {
		return res, err
	}
	st, ws, err := openDemo(ctx, path)
	if err != nil {
		return res, err
	}
	m, _, err := st.Attribution(ctx, ws.ID)
	if err != nil {
		st.Close()
		return res, err
	}
	model, err := attribution.ParseModel(m)
	if err != nil {
		st.Close()
		return res, err
	}
	res.Model = string(model)
	if res.Orders, err = st.CountOrders(ctx, ws.ID); err == nil {
		res.Clicks, err = st.CountClicks(ctx)
	}
	st.Close()
	if err != nil {
		return res, err
	}
	other := opt.Other
	if other == "" || other == model {
		other = attribution.Linear
		if model == attribution.Linear {
			other = attribution.LastTouch
		}
	}
	var jobs []job
	for _, mo := range []attribution.Model{model, other} {
		for _, by := range report.Groupings {
			jobs = append(jobs, job{name: "report by " + by, model: string(mo),
				run: func(ctx context.Context, st *store.Store, ws store.Workspace) error {
					_, err := report.Build(ctx, st, ws, report.Options{By: by, Model: mo})
					return err
				}})
		}
	}
	jobs = append(jobs,
		job{name: "customers", model: string(model), run: func(ctx context.Context, st *store.Store, ws store.Workspace) error {
			_, err := report.Customers(ctx, st, ws, report.CustomerOptions{Model: model})
			return err
		}},
		job{name: "leaks", run: func(ctx context.Context, st *store.Store, ws store.Workspace) error {
			_, err := report.Leaks(ctx, st, ws, report.LeakOptions{})
			return err
		}},
		job{name: "uplift", run: func(ctx context.Context, st *store.Store, ws store.Workspace) error {
			_, err := report.Uplift(ctx, st, ws, report.UpliftOptions{Until: time.Now()})
			return err
		}})
	for _, j := range jobs {
		t, err := measure(ctx, path, tenth, j)
		if err != nil {
			return res, fmt.Errorf("%s (%s): %w", j.name, j.model, err)
		}
		res.Timings = append(res.Timings, t)
		opt.Progress.Add(1)
	}
	return res, nil
}

// measure runs j cold and warm on the database at path, then warm on the
// one at tenth.
func measure(ctx context.Context, path, tenth string, j job) (Timing, error) {
	t := Timing{Name: j.name, Model: j.model}
	st, ws, err := openDemo(ctx, path)
	if err != nil {
		return t, err
	}
	cold, err := run(ctx, st, ws, j, true)
	if err != nil {
		st.Close()
		return t, err
	}
	warm, err := run(ctx, st, ws, j, false)
	st.Close()
	if err != nil {
		return t, err
	}
	t.ColdS, t.WarmS, t.CPUS, t.QueueS = cold.wall.Seconds(), warm.wall.Seconds(), warm.cpu, warm.queue
	t.HeapMiB, t.RSSMiB = max(cold.heap, warm.heap), cold.rss
	if st, ws, err = openDemo(ctx, tenth); err != nil {
		return t, err
	}
	defer st.Close()
	if _, err := run(ctx, st, ws, j, false); err != nil { // warms the tenth's store
		return t, err
	}
	small, err := run(ctx, st, ws, j, false)
	if err != nil {
		return t, err
	}
	t.TenthS = small.wall.Seconds()
	if t.TenthS > 0 {
		t.Ratio = t.WarmS / t.TenthS
	}
	if small.cpu > 0 {
		t.CPURatio = t.CPUS / small.cpu
	}
	t.Bound = bound(t.HeapMiB, t.RSSMiB, t.WarmS, t.CPUS, t.QueueS)
	return t, nil
}

// bound names what limits a piece of work: memory above the 300 MB the
// targets allow; else the CPU when the process computed, or waited for a
// core, most of the time (and then whether the machine's other work held
// the cores more than the work used them); else waiting on files or on
// PostgreSQL.
func bound(heap, rss, wall, cpu, queue float64) string {
	var s string
	switch {
	case (cpu+queue)/wall < 0.75:
		s = "waiting (database)"
	case queue > cpu:
		s = "CPU (a busy machine's)"
	default:
		s = "CPU"
	}
	if heap > 300 || rss > 300 {
		s = "memory, " + s
	}
	return s
}

type sample struct {
	wall       time.Duration
	cpu, queue float64 // seconds
	heap, rss  float64
}

// run runs j once: with fresh, the process's peak resident set is reset
// first, so that it tells this run's peak.
func run(ctx context.Context, st *store.Store, ws store.Workspace, j job, fresh bool) (sample, error) {
	runtime.GC()
	if fresh {
		debug.FreeOSMemory()
		resetPeakRSS()
	}
	peak := trackHeap()
	cpu0, queue0 := cpuTime(), queueTime()
	t0 := time.Now()
	err := j.run(ctx, st, ws)
	s := sample{wall: time.Since(t0)}
	s.cpu, s.queue = (cpuTime() - cpu0).Seconds(), (queueTime() - queue0).Seconds()
	s.heap = peak()
	if fresh {
		s.rss = peakRSS()
	}
	return s, err
}

// queueTime is how long the process's threads have waited, ready to
// run, for a core (the second figure of each thread's schedstat, Linux);
// 0 where unknown.
func queueTime() time.Duration {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join("/proc/self/task", t.Name(), "schedstat"))
		if err != nil {
			continue // the thread ended
		}
		if f := strings.Fields(string(b)); len(f) >= 2 {
			ns, _ := strconv.ParseInt(f[1], 10, 64)
			sum += time.Duration(ns)
		}
	}
	return sum
}

// resetPeakRSS resets the kernel's record of the process's peak resident
// set (Linux; elsewhere it does nothing and peakRSS gives 0).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident set in MiB since the last reset.
func peakRSS() float64 {
	mib, _ := vmHWM()
	return mib
}

// DemoDB gives a database holding the demo scale times over: db itself
// when it holds it already (built by an earlier run, or by `lift demo
// --scale`), else db (or, when db is "", fallback) with the demo built
// into it now, and how long that took.
func DemoDB(ctx context.Context, db, fallback string, seed uint64, scale int) (string, float64, error) {
	if db == "" {
		db = fallback
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		return "", 0, err
	}
	defer st.Close()
	held, err := st.Contents(ctx)
	if err != nil {
		return "", 0, err
	}
	if held != "" {
		if _, err := st.Workspace(ctx, store.DefaultWorkspace, false); err != nil {
			return "", 0, fmt.Errorf("%s holds data but no %q workspace: give a database built by lift demo --scale", db, store.DefaultWorkspace)
		}
		return db, 0, nil
	}
	ws, err := st.CreateWorkspace(ctx, store.DefaultWorkspace, fmt.Sprintf("demo-%d", seed))
	if err != nil {
		return "", 0, err
	}
	t0 := time.Now()
	if _, err := demo.ImportScale(ctx, st, ws, seed, scale, nil); err != nil {
		return "", 0, fmt.Errorf("building the demo ×%d in %s: %w", scale, db, err)
	}
	return db, time.Since(t0).Seconds(), nil
}

// openDemo opens the database at path and its demo workspace.
func openDemo(ctx context.Context, path string) (*store.Store, store.Workspace, error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, store.Workspace{}, err
	}
	ws, err := st.Workspace(ctx, store.DefaultWorkspace, false)
	if err != nil {
		st.Close()
		return nil, ws, errors.Join(fmt.Errorf("%s: no demo workspace", path), err)
	}
	return st, ws, nil
}
