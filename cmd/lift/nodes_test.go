package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/testdb"
	"github.com/liftmetrics/lift/internal/webhook"
)

// TestTwoNodesOnePostgres runs two real `lift serve` processes, A and B,
// on one PostgreSQL schema, as two nodes behind a load balancer would:
// a link created through A's API redirects on B; the same signed webhook
// delivered to both at once is stored once; clicks sent to both are each
// stored exactly once; A killed (SIGKILL) in the middle of a load loses no
// click it answered, B's loader moving what A left in the shared click
// log; and the dashboard of either node, A restarted, shows the same
// report.
func TestTwoNodesOnePostgres(t *testing.T) {
	db := testdb.PostgresDSN(t)
	workspaceFiles(t, db)
	const secret = "shp-two-nodes"
	env := []string{"LIFT_SHOPIFY_WEBHOOK_SECRET=" + secret}
	a, b := startServe(t, db, env), startServe(t, db, env)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bg := context.Background() // the load below has a ctx of its own
	rows := func() map[string]int64 {
		t.Helper()
		counts, err := st.RowCounts(bg)
		if err != nil {
			t.Fatal(err)
		}
		return counts
	}
	// clicks gives the stored clicks of the default workspace by id, each
	// id with every row that holds it.
	clicks := func() map[string][]store.Click {
		t.Helper()
		ws, err := st.Workspace(bg, "default", false)
		if err != nil {
			t.Fatal(err)
		}
		all, err := st.Clicks(bg, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string][]store.Click{}
		for _, c := range all {
			byID[c.ClickID] = append(byID[c.ClickID], c)
		}
		return byID
	}
	waiting := func() int64 {
		t.Helper()
		n, err := st.WaitingClicks(bg)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A link created through A's API redirects on B: B's poller reads
	// the change from the database (every 250 ms; its period is tested
	// in internal/tracking, so the wait is logged here, not asserted).
	out, err := liftCmd(t, db, "apikey", "create", "--name", "nodes")
	if err != nil {
		t.Fatal(out, err)
	}
	key := strings.Fields(out)[0]
	req, _ := http.NewRequest("POST", a.base+"/api/v1/links", strings.NewReader(
		`{"slug": "fresh", "destination": "https://b.example/", "creator": "ana", "campaign": "Spring Glow"}`))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a link through A: %d", resp.StatusCode)
	}
	created := time.Now()
	if r := get(t, a.base+"/fresh", browser); r.StatusCode != http.StatusFound {
		t.Fatalf("the link created through A: %d on A", r.StatusCode)
	}
	until(t, "a link created through A redirects on B", func() bool {
		return get(t, b.base+"/fresh", browser).StatusCode == http.StatusFound
	})
	t.Logf("a link created through A redirected on B %v later", time.Since(created).Round(time.Millisecond))

	// The same signed delivery, eight times to each node at once.
	order := `{"id": 5550001, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "120.00",
		"financial_status": "paid", "discount_codes": [], "line_items": [{"quantity": 3}],
		"refunds": [{"id": 61, "transactions": [{"kind": "refund", "status": "success", "amount": "20.00"}]}]}`
	sig := webhook.SignShopify(secret, []byte(order))
	answers := make(chan string, 16)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 16 {
		node := []*served{a, b}[i%2]
		wg.Go(func() {
			req, _ := http.NewRequest("POST", node.base+"/webhooks/shopify", strings.NewReader(order))
			req.Header.Set("X-Shopify-Topic", "orders/create")
			req.Header.Set("X-Shopify-Webhook-Id", "two-nodes-1")
			req.Header.Set("X-Shopify-Hmac-Sha256", sig)
			<-start
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				answers <- err.Error()
				return
			}
			defer resp.Body.Close()
			var got struct{ Result string }
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &got) != nil {
				answers <- resp.Status + " " + string(raw)
				return
			}
			answers <- got.Result
		})
	}
	close(start)
	wg.Wait()
	close(answers)
	tally := map[string]int{}
	for a := range answers {
		tally[a]++
	}
	if tally["stored"] != 1 || tally["duplicate"] != 15 {
		t.Errorf("one delivery sent 16 times to two nodes at once: answers %v, want stored once, duplicate 15 times", tally)
	}
	if n := rows(); n["orders"] != 1 || n["webhook_events"] != 1 || n["refunds"] != 1 {
		o, e, r := n["orders"], n["webhook_events"], n["refunds"]
		t.Errorf("stored %d orders, %d events, %d refunds; want one each", o, e, r)
	}

	// Clicks sent to both nodes, each visitor its own: every answered
	// click is stored exactly once, and is unique.
	client := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	}
	click := func(ctx context.Context, base, ua string) (string, bool) {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/ana1", nil)
		req.Header.Set("User-Agent", ua)
		resp, err := client.Do(req)
		if err != nil {
			return "", false
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			return "", false
		}
		u, _ := url.Parse(resp.Header.Get("Location"))
		return u.Query().Get("lift_cid"), true
	}
	var ids []string
	for i := range 200 {
		id, ok := click(context.Background(), []*served{a, b}[i%2].base, fmt.Sprintf("%s visitor-%d", browser, i))
		if !ok {
			t.Fatalf("click %d was not redirected", i)
		}
		ids = append(ids, id)
	}
	stored := func(ids []string) (once, unique int) {
		byID := clicks()
		for _, id := range ids {
			if len(byID[id]) == 1 {
				once++
			}
			for _, c := range byID[id] {
				if c.Unique {
					unique++
				}
			}
		}
		return once, unique
	}
	ana1, err := st.LinksNamed(bg, []string{"ana1"})
	if err != nil || len(ana1) != 1 {
		t.Fatalf("link ana1: %v, %v", ana1, err)
	}
	onAna1 := func() int {
		n := 0
		for _, cs := range clicks() {
			for _, c := range cs {
				if c.LinkID == ana1[0].ID {
					n++
				}
			}
		}
		return n
	}
	until(t, "the nodes' loaders store the 200 clicks", func() bool { return onAna1() >= len(ids) })
	if once, unique := stored(ids); once != len(ids) || unique != len(ids) || onAna1() != len(ids) {
		t.Errorf("200 clicks through two nodes: %d stored once, %d unique, %d rows; want 200 of each", once, unique, onAna1())
	}

	// A is killed in the middle of a load on both nodes. B's loader moves
	// what A logged but had not loaded; no answered click is lost.
	var answered sync.Map
	var onA atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var load sync.WaitGroup
	for w := range 16 {
		node := []*served{a, b}[w%2]
		load.Go(func() {
			for n := 0; ctx.Err() == nil && n < 2000; n++ {
				if id, ok := click(ctx, node.base, fmt.Sprintf("%s worker-%d", browser, w)); ok {
					answered.Store(id, true)
					if node == a {
						onA.Add(1)
					}
				}
			}
		})
	}
	until(t, "100 clicks answered by A before the kill", func() bool { return onA.Load() >= 100 })
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	a.cmd.Wait()
	left := waiting()
	time.Sleep(200 * time.Millisecond) // B goes on taking clicks alone
	cancel()
	load.Wait()
	var all []string
	answered.Range(func(k, _ any) bool { all = append(all, k.(string)); return true })
	until(t, "B's loader empties the click log", func() bool {
		return waiting() == 0
	})
	if once, _ := stored(all); once != len(all) {
		t.Fatalf("after A was killed: %d of %d answered clicks stored once (%d answered by A)", once, len(all), onA.Load())
	}
	t.Logf("under load: %d clicks answered, %d by A before its SIGKILL (%d waiting in the click log then); all stored once",
		len(all), onA.Load(), left)

	// A restarts; both dashboards, signed in once (the session is in the
	// database), show the same report.
	a = startServe(t, db, env)
	if out, err := liftStdin(t, db, "a long enough password\n", "user", "create", "--email", "ops@brand.com", "--password-stdin"); err != nil {
		t.Fatal(out, err)
	}
	jar, _ := cookiejar.New(nil)
	browse := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(base, path string) string {
		t.Helper()
		resp, err := browse.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s%s: %d", base, path, resp.StatusCode)
		}
		return string(body)
	}
	token := csrfRE.FindStringSubmatch(page(a.base, "/login"))
	if token == nil {
		t.Fatal("no csrf field on the sign-in page")
	}
	resp, err = browse.PostForm(a.base+"/login", url.Values{"csrf": {token[1]}, "email": {"ops@brand.com"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on A: %d", resp.StatusCode)
	}
	// The session cookie was set for A's address; B is on another port
	// of the same host, and cookies do not tell ports apart.
	for _, path := range []string{"/", "/creators"} {
		onA, onB := page(a.base, path), page(b.base, path)
		onA, onB = csrfRE.ReplaceAllString(onA, ""), csrfRE.ReplaceAllString(onB, "")
		if onA != onB {
			t.Errorf("dashboard %s differs between the nodes:\nA: %s\nB: %s", path, firstDiff(onA, onB), firstDiff(onB, onA))
		}
		if !strings.Contains(onA, "ana") {
			t.Errorf("dashboard %s names no creator", path)
		}
	}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// firstDiff is a's text from a little before where it first differs
// from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-80):min(len(a), i+120)]
}

// liftStdin runs the binary to completion with input on its standard input.
func liftStdin(t *testing.T, db, input string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(liftBinary(t), append(args, "--db", db)...)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
