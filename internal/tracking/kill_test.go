package tracking

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// childDB names the database a re-executed test binary serves redirects
// from; set only in the child.
const childDB = "TRACKING_TEST_CHILD_DB"

// TestKillLosesNoAnsweredClick serves redirects from a child process,
// kills it with SIGKILL under load, and checks that every redirect it
// answered has its click in the database.
func TestKillLosesNoAnsweredClick(t *testing.T) {
	if db := os.Getenv(childDB); db != "" {
		serveChild(db)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	db := storetest.DSN(t)
	st, ws := openAt(t, db)
	addLink(t, st, ws, "s", shop)
	st.Close()

	addr, cmd := startChild(t, db)
	ids := loadUntilKilled(t, addr, cmd)

	st, ws = openAt(t, db)
	defer st.Close()
	e := &env{st: st, ws: ws}
	stored := e.clicks(t)
	for _, id := range ids {
		if _, ok := stored[id]; !ok {
			t.Fatalf("click %s was answered but lost to SIGKILL", id)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no redirect answered before the kill")
	}
	t.Logf("%d answered clicks all stored; %d rows in all", len(ids), e.clickCount(t))
}

func openAt(t *testing.T, path string) (*store.Store, int64) {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.Workspace(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	return st, w.ID
}

// startChild re-runs this test binary as a redirect server and returns
// the address it listens on.
func startChild(t *testing.T, db string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillLosesNoAnsweredClick$")
	cmd.Env = append(os.Environ(), childDB+"="+db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child did not start: %v", err)
	}
	go io.Copy(io.Discard, out)
	var addr string
	if _, err := fmt.Sscanf(line, "listening %s", &addr); err != nil {
		t.Fatalf("child said %q", line)
	}
	return addr, cmd
}

// loadUntilKilled sends redirects from 16 goroutines, kills the child in
// the middle of them and returns the click ids of every 302 received.
func loadUntilKilled(t *testing.T, addr string, cmd *exec.Cmd) []string {
	var (
		mu  sync.Mutex
		ids []string
		wg  sync.WaitGroup
	)
	stop := make(chan struct{})
	for range 16 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := get("http://" + addr + "/s")
				if err != nil || resp.StatusCode != http.StatusFound {
					continue // the child is gone or going
				}
				mu.Lock()
				ids = append(ids, cid(resp))
				mu.Unlock()
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()
	return ids
}

// serveChild is the child's side: redirects from db until killed.
func serveChild(db string) {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	tr, err := New(ctx, st, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	http.Serve(ln, tr)
}
