package csvin

import (
	"strings"
	"testing"
)

func TestParseLinks(t *testing.T) {
	in := excel(`destination,Post_ID,slug,creator,campaign,utm
"https://shop.example.com/p/serum?color=red,blue",p1,ana-serum,@Ana,Summer Launch,"a,b
c"
HTTP://Shop.example.com,,Ana_Serum,ben_fit,Summer Launch,
`)
	got, errs, err := ParseLinks(strings.NewReader(in), opts("links.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Link{
		{Line: 2, Slug: "ana-serum", Destination: "https://shop.example.com/p/serum?color=red,blue", Creator: "ana", Campaign: "Summer Launch", PostID: "p1"},
		{Line: 4, Slug: "Ana_Serum", Destination: "HTTP://Shop.example.com", Creator: "ben_fit", Campaign: "Summer Launch"},
	})
}

func TestParseLinksErrors(t *testing.T) {
	in := `slug,destination,creator,campaign
ana,https://shop.example.com,ana,S
Admin,https://shop.example.com,ana,S
ana serum,https://shop.example.com,ana,S
x1,javascript:alert(1),ana,S
x2,ftp://shop.example.com/f,ana,S
x3,/products/serum,ana,S
ana,https://shop.example.com/2,ben,S
x4,https://shop.example.com@evil.example/,ana,S
x5,shop.example.com,ana,S
x6,,ana,S
`
	got, errs, err := ParseLinks(strings.NewReader(in), opts("links.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`links.csv: line 3: slug: "Admin" is a reserved slug`,
		`links.csv: line 4: slug: "ana serum" is not a slug (1 to 64 letters, digits, - or _)`,
		`links.csv: line 5: destination: "javascript:alert(1)" is not an absolute http or https URL`,
		`links.csv: line 6: destination: "ftp://shop.example.com/f" is not an absolute http or https URL`,
		`links.csv: line 7: destination: "/products/serum" is not an absolute http or https URL`,
		`links.csv: line 8: slug: duplicate slug "ana" (first on line 2)`,
		`links.csv: line 9: destination: "https://shop.example.com@evil.example/" must not hold a user name or password`,
		`links.csv: line 10: destination: "shop.example.com" is not an absolute http or https URL`,
		`links.csv: line 11: destination: required field is empty`,
	)
	checkRecords(t, got, []Link{{Line: 2, Slug: "ana", Destination: "https://shop.example.com", Creator: "ana", Campaign: "S"}})
}

func TestParseLinksMissingColumn(t *testing.T) {
	got, errs, err := ParseLinks(strings.NewReader("slug,creator,campaign\n"), opts("links.csv"))
	checkFatal(t, got, errs, err, `links.csv: line 1: missing required column "destination"`)
}

func TestCheckSlug(t *testing.T) {
	good := []string{"a", "ana-serum", "Ana_Serum_2", strings.Repeat("x", 64), "apis", "linksy"}
	for _, s := range good {
		if err := CheckSlug(s); err != nil {
			t.Errorf("CheckSlug(%q) = %v", s, err)
		}
	}
	bad := []string{"", "a b", "a/b", "é", strings.Repeat("x", 65), "../x", "a.b"}
	for _, s := range append(bad, ReservedSlugs...) {
		if CheckSlug(s) == nil {
			t.Errorf("CheckSlug(%q) accepted", s)
		}
	}
	for _, s := range []string{"API", "Webhooks", "HEALTHZ"} {
		if err := CheckSlug(s); err == nil || !strings.Contains(err.Error(), "reserved") {
			t.Errorf("CheckSlug(%q) = %v, want reserved", s, err)
		}
	}
}

func TestCheckDestination(t *testing.T) {
	good := []string{"https://shop.example.com", "http://shop.example.com:8080/a?b=c#d", "https://[::1]/x", "HTTPS://EXAMPLE.COM"}
	for _, s := range good {
		if err := CheckDestination(s); err != nil {
			t.Errorf("CheckDestination(%q) = %v", s, err)
		}
	}
	bad := []string{
		"", "javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,x", "ftp://example.com", "/relative",
		"//example.com/x", "example.com", "https://", "http:example.com", "https://exa mple.com", "https://example.com/a b",
		"https://user:pw@example.com", "https://:80/", "mailto:a@example.com",
		"https://example.com/" + strings.Repeat("a", MaxText), "https://example.com/\x00", "https://example.com/\u0085",
	}
	for _, s := range bad {
		if CheckDestination(s) == nil {
			t.Errorf("CheckDestination(%q) accepted", s)
		}
	}
}
