package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/store"
)

// BenchmarkServeMillionLinks starts `lift serve` on a database of
// 1,000,000 links (see bench.Links) and reports its resident memory once
// it listens (every link loaded) and the time it took to start.
//
//	go test ./cmd/lift -run '^$' -bench ServeMillionLinks -benchtime 1x
func BenchmarkServeMillionLinks(b *testing.B) {
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "lift.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	ws, err := st.Workspace(ctx, "", false)
	if err == nil {
		err = bench.Links(ctx, st, ws.ID, 1_000_000)
	}
	st.Close()
	if err != nil {
		b.Fatal(err)
	}
	bin := liftBinary(b)
	for b.Loop() {
		start := time.Now()
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		lines := bufio.NewScanner(out)
		var addr string
		for addr == "" && lines.Scan() {
			if a, ok := strings.CutPrefix(lines.Text(), "lift serve: listening on "); ok {
				addr = strings.Fields(a)[0]
			}
		}
		if addr == "" {
			b.Fatal("lift serve did not start")
		}
		ready := time.Since(start)
		go io.Copy(io.Discard, out)
		resp, err := noFollow.Get("http://" + addr + "/k999999")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			b.Fatalf("redirect: %d", resp.StatusCode)
		}
		b.ReportMetric(residentMiB(b, cmd.Process.Pid), "MiB-RSS")
		b.ReportMetric(ready.Seconds(), "s-to-listen")
	}
}

// residentMiB reads a process's resident set (VmRSS).
func residentMiB(b *testing.B, pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
