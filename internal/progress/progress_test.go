package progress

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// TestLineOnATerminal follows a file import: first the input is read
// (share of bytes, time left from bytes/s), then its rows are written
// (rows done of all, rows/s, time left from rows/s).
func TestLineOnATerminal(t *testing.T) {
	var c Counter
	in := c.Reader(strings.NewReader(strings.Repeat("x", 4<<20)), 4<<20)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var w bytes.Buffer
	r := newReporter(&w, "import orders.csv", &c)

	if _, err := io.CopyN(io.Discard, in, 1<<20); err != nil {
		t.Fatal(err)
	}
	r.draw(t0.Add(time.Second))
	if _, err := io.CopyN(io.Discard, in, 1<<20); err != nil {
		t.Fatal(err)
	}
	r.draw(t0.Add(3 * time.Second)) // 1 MiB in 2 s since reading began: 2 MiB left take 4 s
	c.SetTotal(1000)
	c.Add(100)
	r.draw(t0.Add(4 * time.Second))
	c.Add(200)
	r.draw(t0.Add(6 * time.Second)) // 200 rows in 2 s: 700 left take 7 s

	want := "\rimport orders.csv: reading 25% of 4.0 MiB\x1b[K" +
		"\rimport orders.csv: reading 50% of 4.0 MiB, 4s left\x1b[K" +
		"\rimport orders.csv: 100 of 1000 rows\x1b[K" +
		"\rimport orders.csv: 300 of 1000 rows, 100 rows/s, 7s left\x1b[K"
	if got := w.String(); got != want {
		t.Errorf("terminal got\n%q\nwant\n%q", got, want)
	}
}

// TestLineWithoutTotal: work that never learns its size shows rows and
// rows/s, and no time left.
func TestLineWithoutTotal(t *testing.T) {
	var c Counter
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newReporter(io.Discard, "demo", &c)
	c.Add(50)
	r.line(t0)
	c.Add(150)
	if got, want := r.line(t0.Add(time.Second)), "demo: 200 rows, 150 rows/s"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

// TestLineWritingAsItReads: work that writes rows as it reads its input
// learns their number only at the end, so the share of the input read
// tells the time left beside rows and rows/s.
func TestLineWritingAsItReads(t *testing.T) {
	var c Counter
	in := c.Reader(strings.NewReader(strings.Repeat("x", 4<<20)), 4<<20)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newReporter(io.Discard, "import orders_export.csv", &c)
	if _, err := io.CopyN(io.Discard, in, 1<<20); err != nil {
		t.Fatal(err)
	}
	c.Add(1000)
	r.line(t0)
	if _, err := io.CopyN(io.Discard, in, 1<<20); err != nil {
		t.Fatal(err)
	}
	c.Add(1000)
	// 1 MiB and 1,000 rows in 2 s: the 2 MiB left take 4 s.
	want := "import orders_export.csv: 2000 rows, 500 rows/s, 50% of 4.0 MiB read, 4s left"
	if got := r.line(t0.Add(2 * time.Second)); got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

// TestSilentWhenNotATerminal: off a terminal nothing is written, however
// much work is counted.
func TestSilentWhenNotATerminal(t *testing.T) {
	var c Counter
	var w bytes.Buffer
	stop := Start(&w, false, "import", &c)
	c.SetTotal(10)
	c.Add(10)
	stop()
	if w.Len() != 0 {
		t.Errorf("not a terminal, yet wrote %q", w.String())
	}
}

// TestTerminalLineDrawnAtOnceAndCleared: on a terminal the line shows as
// soon as the work starts and is wiped when it stops, leaving the
// terminal to the summary line.
func TestTerminalLineDrawnAtOnceAndCleared(t *testing.T) {
	var c Counter
	var w bytes.Buffer
	stop := Start(&w, true, "import", &c)
	stop()
	s := w.String()
	if !strings.HasPrefix(s, "\rimport: 0 rows\x1b[K") || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("terminal got %q", s)
	}
}

func TestNilCounterCountsNothing(t *testing.T) {
	var c *Counter
	c.Add(1)
	c.SetTotal(1)
	in := strings.NewReader("abc")
	if c.Reader(in, 3) != io.Reader(in) {
		t.Error("a nil counter should hand the reader back unwrapped")
	}
}
