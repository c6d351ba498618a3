package tracking

import (
	"net/url"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

func TestDestination(t *testing.T) {
	const ours = "utm_source=instagram&utm_medium=influencer&utm_campaign=Spring+Glow&utm_content=glowbyjess"
	cases := []struct {
		name, dest, want string
	}{
		{"plain", "https://shop.example/serum",
			"https://shop.example/serum?" + ours + "&lift_cid=CID"},
		{"host only", "https://shop.example",
			"https://shop.example?" + ours + "&lift_cid=CID"},
		{"existing parameters kept in order", "https://shop.example/p?variant=2&color=red&a=%2F",
			"https://shop.example/p?variant=2&color=red&a=%2F&" + ours + "&lift_cid=CID"},
		{"their utm_source wins", "https://shop.example/p?utm_source=newsletter&x=1",
			"https://shop.example/p?utm_source=newsletter&x=1&utm_medium=influencer&utm_campaign=Spring+Glow&utm_content=glowbyjess&lift_cid=CID"},
		{"their escaped utm name wins too", "https://shop.example/?utm%5Fmedium=paid",
			"https://shop.example/?utm%5Fmedium=paid&utm_source=instagram&utm_campaign=Spring+Glow&utm_content=glowbyjess&lift_cid=CID"},
		{"all four theirs", "https://shop.example/?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d",
			"https://shop.example/?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d&lift_cid=CID"},
		{"fragment stays last", "https://shop.example/p?x=1#reviews",
			"https://shop.example/p?x=1&" + ours + "&lift_cid=CID#reviews"},
		{"fragment without query", "https://shop.example/p#top",
			"https://shop.example/p?" + ours + "&lift_cid=CID#top"},
		{"empty query", "https://shop.example/p?",
			"https://shop.example/p?" + ours + "&lift_cid=CID"},
		{"trailing ampersand", "https://shop.example/p?x=1&",
			"https://shop.example/p?x=1&" + ours + "&lift_cid=CID"},
		{"stale lift_cid replaced", "https://shop.example/p?lift_cid=old&x=1",
			"https://shop.example/p?x=1&" + ours + "&lift_cid=CID"},
		{"http allowed", "http://shop.example/",
			"http://shop.example/?" + ours + "&lift_cid=CID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Destination(target(c.dest), "CID")
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestDestinationEscapesValues(t *testing.T) {
	l := target("https://shop.example/")
	l.Campaign, l.Creator, l.Platform = "Spring Glow & Co/50%", "jess+glow", "tik tok"
	got, err := Destination(l, "CID")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://shop.example/?utm_source=tik+tok&utm_medium=influencer&utm_campaign=Spring+Glow+%26+Co%2F50%25&utm_content=jess%2Bglow&lift_cid=CID"
	if got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
}

func TestDestinationSkipsEmptyValues(t *testing.T) {
	l := target("https://shop.example/")
	l.Campaign = ""
	got, _ := Destination(l, "CID")
	if strings.Contains(got, "utm_campaign") {
		t.Fatalf("empty campaign added: %s", got)
	}
}

func TestDestinationRefusesUnsafeTargets(t *testing.T) {
	for _, dest := range []string{
		"javascript:alert(1)", "data:text/html,hi", "//evil.example/", "/relative", "ftp://files.example/",
		"https:///no-host", "https://shop.example/a b", "https://shop.example/\r\nSet-Cookie: x=1",
		"mailto:a@b.example", "", "https:opaque",
	} {
		if got, err := Destination(target(dest), "CID"); err == nil {
			t.Errorf("%q accepted as %q", dest, got)
		}
	}
}

func TestDestinationSchemeCaseInsensitive(t *testing.T) {
	if _, err := Destination(target("HTTPS://shop.example/"), "CID"); err != nil {
		t.Fatal(err)
	}
}

func target(dest string) store.LinkTarget {
	return store.LinkTarget{ID: 1, WorkspaceID: 1, Slug: "s", Destination: dest,
		Platform: "instagram", Campaign: "Spring Glow", Creator: "glowbyjess"}
}

// Destination builds, as the tracker does, the redirect URL for a target and click id: the
// stored destination with its query kept as written and in order, the
// UTM parameters the destination does not set already, lift_cid, and the
// fragment last.
func Destination(l store.LinkTarget, clickID string) (string, error) {
	r, err := newRoute(l, utms{})
	if err != nil {
		return "", err
	}
	return r.location(url.QueryEscape(clickID)), nil
}
