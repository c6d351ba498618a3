package csvin

import (
	"strings"
	"testing"
	"time"
)

func TestParseClicks(t *testing.T) {
	in := excel(`user_agent,Clicked At,slug,visitor,referrer,click_id,ip
"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X), ""quoted""
second",2024-06-02T18:01:02Z,ana-serum,v1,https://WWW.Instagram.com:443/stories/x?y=1,c1,1.2.3.4
curl/8.0,2024-06-02 20:00:00,ana-serum,,l.instagram.com/path,c2,
,2024-06-02 20:00,ana-serum,,-,,
,2024-06-02 20:00,ana-serum,,,,
`)
	got, errs, err := ParseClicks(strings.NewReader(in), opts("clicks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Click{
		{Line: 2, Slug: "ana-serum", Time: time.Date(2024, 6, 2, 18, 1, 2, 0, time.UTC), ClickID: "c1", Visitor: "v1",
			Referrer: "www.instagram.com", UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X), \"quoted\"\nsecond"},
		{Line: 4, Slug: "ana-serum", Time: ny(2024, 6, 2, 20, 0, 0), ClickID: "c2", Referrer: "l.instagram.com", UserAgent: "curl/8.0"},
		{Line: 5, Slug: "ana-serum", Time: ny(2024, 6, 2, 20, 0, 0)},
		{Line: 6, Slug: "ana-serum", Time: ny(2024, 6, 2, 20, 0, 0)},
	})
}

func TestParseClicksErrors(t *testing.T) {
	in := `slug,clicked_at,click_id,referrer
ana,2024-06-02,c1,
ana,2024-06-02,c1,
ana!,2024-06-02,c2,
ana,,c3,
ana,2024-06-02,c4,not a host
api,2024-06-02,c5,
`
	got, errs, err := ParseClicks(strings.NewReader(in), opts("clicks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`clicks.csv: line 3: click_id: duplicate click "c1" (first on line 2)`,
		`clicks.csv: line 4: slug: "ana!" is not a slug (1 to 64 letters, digits, - or _)`,
		`clicks.csv: line 5: clicked_at: required field is empty`,
		`clicks.csv: line 6: referrer: "not a host" is not a URL or a host`,
	)
	// A click is history: a slug reserved later still reads.
	checkRecords(t, got, []Click{
		{Line: 2, Slug: "ana", Time: ny(2024, 6, 2, 0, 0, 0), ClickID: "c1"},
		{Line: 7, Slug: "api", Time: ny(2024, 6, 2, 0, 0, 0), ClickID: "c5"},
	})
}

func TestParseClicksMissingColumn(t *testing.T) {
	got, errs, err := ParseClicks(strings.NewReader("slug,click_id\n"), opts("clicks.csv"))
	checkFatal(t, got, errs, err, `clicks.csv: line 1: missing required column "clicked_at"`)
}
