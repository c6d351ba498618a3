// Package progress draws one updating line on a terminal while long work
// runs (rows done, rows/s, time left) and stays silent otherwise, so that
// a command's output, when piped or captured, is only its summary line.
//
// The work only adds to atomic counters; a ticker goroutine reads them a
// few times a second and draws, so a parser is never slowed by locks or
// printing per row.
package progress

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Counter is what long work reports: rows done, and when known the rows
// in all and the bytes read of an input of known size. A nil Counter
// counts nothing, so work can take one without checking.
type Counter struct {
	done, total atomic.Int64
	read, size  atomic.Int64
	unit        string // what is counted; "rows" when not set
}

// SetUnit names what the counter counts ("reports", "pages"), in the
// plural; it is set before the line starts.
func (c *Counter) SetUnit(unit string) {
	if c != nil {
		c.unit = unit
	}
}

// Add counts n more rows done.
func (c *Counter) Add(n int64) {
	if c != nil {
		c.done.Add(n)
	}
}

// SetTotal says how many rows the work has in all, once it knows.
func (c *Counter) SetTotal(n int64) {
	if c != nil {
		c.total.Store(n)
	}
}

// Rows is how many rows are done and, once known, how many there are.
func (c *Counter) Rows() (done, total int64) { return c.done.Load(), c.total.Load() }

// Reader counts the bytes read through it against size, the input's
// length: before the rows are known, the share of the input read is what
// tells the time left.
func (c *Counter) Reader(r io.Reader, size int64) io.Reader {
	if c == nil {
		return r
	}
	c.size.Store(size)
	return &countingReader{r: r, c: c}
}

type countingReader struct {
	r io.Reader
	c *Counter
}

func (cr *countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	cr.c.read.Add(int64(n))
	return n, err
}

// File readies a line on w for work that reads f: it returns the reader
// to read f through, the counter to hand the work, and the function that
// stops the line. When w is not a terminal it draws nothing.
func File(f *os.File, w io.Writer, label string) (io.Reader, *Counter, func()) {
	c := new(Counter)
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	term, _ := w.(*os.File)
	return c.Reader(f, size), c, Start(w, term != nil && IsTerminal(term), label, c)
}

// Interval is how often a terminal line is redrawn.
const Interval = 250 * time.Millisecond

// Reporter draws a Counter's line on a terminal until stopped.
type Reporter struct {
	w     io.Writer
	label string
	c     *Counter
	// where the rows and bytes stood when each first moved: rates are
	// measured from there, not from the start, so a phase that counts
	// nothing (parsing before writing) does not drag the rate down.
	rowsAt, bytesAt     time.Time
	rowsFrom, bytesFrom int64
	stop                chan struct{}
	wg                  sync.WaitGroup
}

// Start draws c's line on w every Interval when terminal is true, and
// does nothing otherwise. The returned stop clears the line.
func Start(w io.Writer, terminal bool, label string, c *Counter) (stop func()) {
	if !terminal {
		return func() {}
	}
	r := newReporter(w, label, c)
	r.stop = make(chan struct{})
	r.wg.Add(1)
	go r.run()
	return func() {
		close(r.stop)
		r.wg.Wait()
		fmt.Fprint(r.w, "\r\x1b[K") // leave the terminal to the summary line
	}
}

func newReporter(w io.Writer, label string, c *Counter) *Reporter {
	return &Reporter{w: w, label: label, c: c}
}

func (r *Reporter) run() {
	defer r.wg.Done()
	r.draw(time.Now()) // at once, so the user sees the work has begun
	t := time.NewTicker(Interval)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case now := <-t.C:
			r.draw(now)
		}
	}
}

// draw writes the line as it stands at now, over the previous one.
func (r *Reporter) draw(now time.Time) {
	fmt.Fprint(r.w, "\r"+r.line(now)+"\x1b[K")
}

// line is the text of the progress line at now.
func (r *Reporter) line(now time.Time) string {
	done, total := r.c.done.Load(), r.c.total.Load()
	read, size := r.c.read.Load(), r.c.size.Load()
	if done > 0 && r.rowsAt.IsZero() {
		r.rowsAt, r.rowsFrom = now, done
	}
	if read > 0 && r.bytesAt.IsZero() {
		r.bytesAt, r.bytesFrom = now, read
	}
	s := r.label + ": "
	if done == 0 && size > 0 {
		s += fmt.Sprintf("reading %d%% of %s", read*100/size, mib(size))
		return s + left(size-read, rate(read-r.bytesFrom, now.Sub(r.bytesAt)))
	}
	perSec := rate(done-r.rowsFrom, now.Sub(r.rowsAt))
	unit := cmp.Or(r.c.unit, "rows")
	if total > 0 {
		s += fmt.Sprintf("%d of %d %s", done, total, unit)
	} else {
		s += fmt.Sprintf("%d %s", done, unit)
	}
	switch {
	case perSec >= 10:
		s += fmt.Sprintf(", %.0f %s/s", perSec, unit)
	case perSec > 0:
		s += fmt.Sprintf(", %.2f %s/s", perSec, unit)
	}
	switch {
	case total > 0:
		s += left(total-done, perSec)
	case size > 0:
		// Work that writes as it reads learns its rows only at the end:
		// the share of the input read tells the time left.
		s += fmt.Sprintf(", %d%% of %s read", read*100/size, mib(size))
		s += left(size-read, rate(read-r.bytesFrom, now.Sub(r.bytesAt)))
	}
	return s
}

// rate is n per second over d; zero until there is something to measure.
func rate(n int64, d time.Duration) float64 {
	if n <= 0 || d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// left is the time-left part of a line: what remains at the rate seen.
func left(remaining int64, perSec float64) string {
	if perSec <= 0 || remaining < 0 {
		return ""
	}
	d := time.Duration(float64(remaining) / perSec * float64(time.Second))
	return ", " + d.Round(time.Second).String() + " left"
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// IsTerminal reports whether f is a terminal (a character device), where
// an updating line can be drawn.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
