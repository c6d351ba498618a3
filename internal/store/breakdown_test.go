package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// breakdownFixture stores two creators' links and seven clicks around
// New York's change to summer time (2026-03-08 07:00 UTC), two of them
// bots, and a click of another workspace that must never count.
func breakdownFixture(t *testing.T) (st *Store, ws, ana, ben, spring int64) {
	t.Helper()
	st = testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	other, _ := st.Workspace(ctx, "other", true)
	tx, _ := st.Begin(ctx)
	_, ana, _ = tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ben, _ = tx.PutCreator(ctx, w.ID, Creator{Handle: "ben", Platform: "instagram"})
	_, spring, _ = tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
	_, summer, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Summer", Starts: time.Now(), Ends: time.Now()})
	_, la, _ := tx.PutLink(ctx, w.ID, Link{Slug: "ana1", Destination: "https://a.example/", CreatorID: ana, CampaignID: spring})
	_, lb, _ := tx.PutLink(ctx, w.ID, Link{Slug: "ben1", Destination: "https://a.example/", CreatorID: ben, CampaignID: summer})
	_, ocr, _ := tx.PutCreator(ctx, other.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, oca, _ := tx.PutCampaign(ctx, other.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
	_, lo, _ := tx.PutLink(ctx, other.ID, Link{Slug: "x1", Destination: "https://a.example/", CreatorID: ocr, CampaignID: oca})
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { return mustTime(t, s) }
	clicks := []NewClick{
		// New York hour in the comments.
		{w.ID, Click{ClickID: "1", LinkID: la, Time: at("2026-03-07T15:30:00Z"), Device: "mobile", Referrer: "tiktok.com"}},    // 10 (EST)
		{w.ID, Click{ClickID: "2", LinkID: la, Time: at("2026-03-09T15:30:00Z"), Device: "mobile", Referrer: "tiktok.com"}},    // 11 (EDT)
		{w.ID, Click{ClickID: "3", LinkID: la, Time: at("2026-03-09T03:10:00Z"), Device: "desktop"}},                           // 23 the day before
		{w.ID, Click{ClickID: "4", LinkID: la, Time: at("2026-03-09T15:45:00Z"), Device: "bot", Bot: true}},                    // 11
		{w.ID, Click{ClickID: "5", LinkID: lb, Time: at("2026-03-08T06:59:00Z"), Device: "mobile", Referrer: "instagram.com"}}, // 1 (EST)
		{w.ID, Click{ClickID: "6", LinkID: lb, Time: at("2026-03-08T07:00:00Z"), Device: "tablet", Referrer: "instagram.com"}}, // 3 (EDT)
		{w.ID, Click{ClickID: "7", LinkID: lb, Time: at("2026-03-08T07:30:00Z"), Device: "bot", Referrer: "t.co", Bot: true}},  // 3
		{other.ID, Click{ClickID: "8", LinkID: lo, Time: at("2026-03-08T07:30:00Z"), Device: "mobile", Referrer: "tiktok.com"}},
	}
	if err := st.InsertClicks(ctx, clicks); err != nil {
		t.Fatal(err)
	}
	return st, w.ID, ana, ben, spring
}

// groups prints a breakdown as "key:clicks/bots" for comparison.
func groups(gs []ClickGroup, key func(ClickGroup) string) string {
	var b []string
	for _, g := range gs {
		b = append(b, fmt.Sprintf("%s:%d/%d", key(g), g.Clicks, g.Bots))
	}
	return strings.Join(b, " ")
}

func TestClickBreakdown(t *testing.T) {
	st, ws, ana, ben, spring := breakdownFixture(t)
	ctx := context.Background()
	ny := mustZone(t, "America/New_York")
	device := func(g ClickGroup) string { return g.Device }
	referrer := func(g ClickGroup) string { return g.Referrer }
	hour := func(g ClickGroup) string { return fmt.Sprint(g.Hour) }
	names := map[int64]string{ana: "ana", ben: "ben"}
	for _, tt := range []struct {
		name string
		sc   ClickScope
		dims []ClickDim
		key  func(ClickGroup) string
		want string
	}{
		{"device", ClickScope{}, []ClickDim{ByDevice}, device, "bot:0/2 desktop:1/0 mobile:3/0 tablet:1/0"},
		{"referrer", ClickScope{}, []ClickDim{ByReferrer}, referrer, ":1/1 instagram.com:2/0 t.co:0/1 tiktok.com:2/0"},
		{"hour in New York", ClickScope{Loc: ny}, []ClickDim{ByHour}, hour, "1:1/0 3:1/1 10:1/0 11:1/1 23:1/0"},
		{"hour in UTC", ClickScope{}, []ClickDim{ByHour}, hour, "3:1/0 6:1/0 7:1/1 15:2/1"},
		// India is 5:30 ahead all year: 15:30 UTC is 21:00, 03:10 is 08:40.
		{"hour in Kolkata", ClickScope{Loc: mustZone(t, "Asia/Kolkata")}, []ClickDim{ByHour}, hour, "8:1/0 12:2/0 13:0/1 21:2/1"},
		{"creator and device", ClickScope{}, []ClickDim{ByCreator, ByDevice},
			func(g ClickGroup) string { return names[g.CreatorID] + "," + g.Device },
			"ana,bot:0/1 ana,desktop:1/0 ana,mobile:2/0 ben,bot:0/1 ben,mobile:1/0 ben,tablet:1/0"},
		{"one campaign", ClickScope{CampaignID: spring}, []ClickDim{ByCreator},
			func(g ClickGroup) string { return names[g.CreatorID] }, "ana:3/1"},
		{"one creator's hours", ClickScope{CreatorID: ben, Loc: ny}, []ClickDim{ByHour}, hour, "1:1/0 3:1/1"},
		// [Mar 8 00:00, Mar 9 00:00) in New York is [05:00Z, 04:00Z next day).
		{"one local day", ClickScope{From: time.Date(2026, 3, 8, 0, 0, 0, 0, ny), To: time.Date(2026, 3, 9, 0, 0, 0, 0, ny), Loc: ny},
			[]ClickDim{ByHour}, hour, "1:1/0 3:1/1 23:1/0"},
		{"nothing in scope", ClickScope{From: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Loc: ny}, []ClickDim{ByHour}, hour, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gs, err := st.ClickBreakdown(ctx, ws, tt.sc, tt.dims...)
			if err != nil {
				t.Fatal(err)
			}
			if got := groups(gs, tt.key); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// mustTime reads an RFC 3339 time.
func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// Offsets follow the zone's rules across several changes, and a span
// without any change is one offset.
func TestZoneSpans(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	spans := zoneSpans(ny, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, s := range spans {
		got = append(got, fmt.Sprintf("%s %v", s.Until.UTC().Format(time.RFC3339), s.Offset))
	}
	want := "[2026-03-08T07:00:00Z -5h0m0s 2026-11-01T06:00:00Z -4h0m0s 2027-03-14T07:00:00Z -5h0m0s 0001-01-01T00:00:00Z -4h0m0s]"
	if fmt.Sprint(got) != want {
		t.Fatalf("spans = %v\nwant    %s", got, want)
	}
	if s := zoneSpans(nil, time.Unix(0, 0), time.Now()); len(s) != 1 || s[0].Offset != 0 {
		t.Fatalf("UTC spans = %+v", s)
	}
}
