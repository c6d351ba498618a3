package bench

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// phase measures one part of a benchmark: wall time, the CPU time this
// process spent, and its peak resident memory. Where /proc offers it,
// the peak is the kernel's (VmHWM), reset when the phase starts; else the
// peak of the Go heap, sampled.
type phase struct {
	start   time.Time
	cpu     time.Duration
	heap    func() float64
	hwmFrom bool // VmHWM was reset at the start
}

// Usage is what a phase used.
type Usage struct {
	Seconds    float64 `json:"s"`
	CPUSeconds float64 `json:"cpu_s"` // user and system time of this process
	PeakMiB    float64 `json:"peak_rss_mib"`
	HeapMiB    float64 `json:"heap_peak_mib"`
	Load       float64 `json:"load1"` // the machine's load average at the end
}

func startPhase() *phase {
	runtime.GC()
	debug.FreeOSMemory()
	// "5" resets the peak resident set size to the current one.
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	return &phase{start: time.Now(), cpu: cpuTime(), heap: trackHeap(), hwmFrom: reset}
}

func (p *phase) end() Usage {
	u := Usage{Seconds: time.Since(p.start).Seconds(), CPUSeconds: (cpuTime() - p.cpu).Seconds(), HeapMiB: p.heap(), Load: load1()}
	if hwm, ok := vmHWM(); ok && p.hwmFrom {
		u.PeakMiB = hwm
	}
	return u
}

// Bound says what most likely limited a phase: its own CPU when it kept
// a core busy, else waiting (on the database server, the disk, or other
// processes on a loaded machine).
func (u Usage) Bound() string {
	share := u.CPUSeconds / u.Seconds
	switch {
	case share >= 0.85:
		return "CPU (" + strconv.FormatFloat(share, 'f', 2, 64) + " cores busy)"
	default:
		return "waiting: " + strconv.FormatFloat(share, 'f', 2, 64) + " cores busy in this process, load average " +
			strconv.FormatFloat(u.Load, 'f', 1, 64)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM is the process's peak resident set size in MiB.
func vmHWM() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

func load1() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	return f
}
