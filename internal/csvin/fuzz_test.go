package csvin

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fuzzFile is the name fuzzed parsers are given; every Error must carry it.
const fuzzFile = "fuzz.csv"

// checkContract holds for every input, however broken: a fatal error comes
// alone; records and errors carry real lines; records come in file order;
// no record comes from a line that has a problem.
func checkContract[T any](t *testing.T, data []byte, recs []T, errs []Error, err error) {
	t.Helper()
	if err != nil {
		if recs != nil || errs != nil {
			t.Fatalf("fatal error %v returned with %d records and %d errors", err, len(recs), len(errs))
		}
		return
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	bad := map[int]bool{}
	for _, e := range errs {
		if e.File != fuzzFile || e.Line <= 0 || e.Line > lines || e.Problem == "" {
			t.Fatalf("bad Error %#v", e)
		}
		bad[e.Line] = true
	}
	prev := 0
	for _, r := range recs {
		line := int(reflect.ValueOf(r).FieldByName("Line").Int())
		if line <= prev || line > lines {
			t.Fatalf("record line %d after %d (file has %d lines)", line, prev, lines)
		}
		if bad[line] {
			t.Fatalf("record on line %d, which has a problem", line)
		}
		prev = line
	}
}

func fuzzOpts() Options { return Options{File: fuzzFile, Loc: newYork} }

func fuzzParser[T any](f *testing.F, seeds []string, parse func(io.Reader, Options) ([]T, []Error, error), check func(*testing.T, T)) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, errs, err := parse(bytes.NewReader(data), fuzzOpts())
		checkContract(t, data, recs, errs, err)
		for _, r := range recs {
			check(t, r)
		}
	})
}

func FuzzParseCampaigns(f *testing.F) {
	fuzzParser(f, []string{
		"name,starts,ends,goal_metric,goal_target,budget\nA,2024-06-01,2024-06-30,orders,>= 100,\"1,500\"\n",
		"budget,ends,name,starts\n-1,2024-01-01,A,2024-02-01\n,,,\na,x,y,z\n",
	}, ParseCampaigns, func(t *testing.T, c Campaign) {
		if c.Name == "" || !c.Ends.After(c.Starts) || c.Budget < 0 || (c.GoalMetric == "" && c.GoalTarget != 0) {
			t.Fatalf("bad campaign %+v", c)
		}
	})
}

func FuzzParseCreators(f *testing.F) {
	fuzzParser(f, []string{
		"handle,platform,followers,name,niche,commission_rate\n@Ana,IG,\"12,345\",Ana,beauty,10%\n",
		"HANDLE,Platform,followers\nana,tiktok,1.5k\nana,tiktok,3\n\"a\nb\",yt,-1\n",
	}, ParseCreators, func(t *testing.T, c Creator) {
		if c.Handle == "" || strings.HasPrefix(c.Handle, "@") || c.Handle != strings.ToLower(c.Handle) ||
			c.Followers < 0 || c.CommissionRate < 0 || c.CommissionRate > 1 {
			t.Fatalf("bad creator %+v", c)
		}
	})
}

func FuzzParsePosts(f *testing.F) {
	fuzzParser(f, []string{
		"post_id,creator,campaign,platform,format,published_at,likes,url,followers\np1,@ana,S,ig,Reel,2024-06-02 18:00,\"1,200\",https://x.com/p,0\n",
		"post_id,creator,campaign,platform,format,published_at\np1,ana,S,instagram,carousel,2024-06-02\np1,ana,S,tiktok,video,bad\n",
	}, ParsePosts, func(t *testing.T, p Post) {
		if p.PostID == "" || p.Creator == "" || p.Platform == "" || p.Format == "" || p.PublishedAt.IsZero() || p.Likes < 0 {
			t.Fatalf("bad post %+v", p)
		}
	})
}

func FuzzParseCosts(f *testing.F) {
	fuzzParser(f, []string{
		"creator,campaign,kind,amount,date,note\nana,S,fee,500.00,2024-06-01,\"a, b\"\nana,S,fee,500,2024-06-01,\"a, b\"\n",
		"kind,amount,creator,campaign\nbribe,-1,ana,S\nfee,12.345,,S\n",
	}, ParseCosts, func(t *testing.T, c Cost) {
		if c.Amount < 0 || c.Kind == "" {
			t.Fatalf("bad cost %+v", c)
		}
	})
}

func FuzzParseCodes(f *testing.F) {
	fuzzParser(f, []string{
		"code,creator,campaign\n ana10 ,@Ana,S\nBEN-15,ben,S\n",
		"CODE,Creator,Campaign\nANA10,ana,S\nana10,ben,S\nA B,c,d\n",
	}, ParseCodes, func(t *testing.T, c Code) {
		if checkCode(c.Code) != nil || c.Code != strings.ToUpper(c.Code) {
			t.Fatalf("bad code %+v", c)
		}
	})
}

func FuzzParseLinks(f *testing.F) {
	fuzzParser(f, []string{
		"slug,destination,creator,campaign,post_id\nana-serum,https://shop.example.com/p?a=1,ana,S,p1\n",
		"slug,destination,creator,campaign\nadmin,javascript:alert(1),ana,S\nx,ftp://a,b,c\nx,/rel,b,c\n",
	}, ParseLinks, func(t *testing.T, l Link) {
		if CheckSlug(l.Slug) != nil || CheckDestination(l.Destination) != nil {
			t.Fatalf("bad link %+v", l)
		}
	})
}

func FuzzParseClicks(f *testing.F) {
	fuzzParser(f, []string{
		"slug,clicked_at,click_id,visitor,referrer,user_agent\nana,2024-06-02T18:01:02Z,c1,v1,https://WWW.Instagram.com/x,curl/8\n",
		"slug,clicked_at,click_id,referrer\nana,2024-06-02,c1,\nana,2024-06-02,c1,not a host\nana!,x,c2,-\n",
	}, ParseClicks, func(t *testing.T, c Click) {
		if checkSlugFormat(c.Slug) != nil || c.Time.IsZero() || c.Referrer != strings.ToLower(c.Referrer) {
			t.Fatalf("bad click %+v", c)
		}
	})
}

func FuzzParseOrders(f *testing.F) {
	fuzzParser(f, []string{
		"order_id,created_at,revenue,currency,discount_code,click_id,landing_url,customer_id,new_customer,units,refunded,source\n" +
			"1001,2024-06-02 18:00,\"1,234.50\",usd,\"ana10, SUMMER5\",,/p?lift_cid=abc,c1,yes,2,34.50,\n",
		"order_id,created_at,revenue,refunded\n1,2024-06-02,\"12,3x\",\n1,bad,-1,5\n2,2024-06-02,20,30\n",
	}, ParseOrders, checkOrder)
}

func FuzzParseShopifyOrders(f *testing.F) {
	fuzzParser(f, []string{
		"Name,Email,Financial Status,Currency,Subtotal,Total,Discount Code,Created at,Lineitem quantity,Note Attributes,Cancelled at,Refunded Amount,Id\n" +
			"#1001,A@B.com,paid,USD,90.00,102.20,\"ANA10, SUMMER5\",2024-01-15 10:23:45 -0500,1,\"lift_cid: abc\nx: y\",,0.00,55\n" +
			"#1001,,,,,,,,2,,,,\n#1002,,voided,USD,25.00,30.00,,2024-01-16 10:00:00 -0500,1,,,0.00,\n",
		"Name,Subtotal,Created at,Lineitem quantity,Id\n#1,10,2024-01-15,1,7\n#1,,,x,\n#2,10,2024-01-15,1,7\n#3,,,1,\n",
	}, ParseShopifyOrders, checkOrder)
}

func checkOrder(t *testing.T, o Order) {
	if o.ExternalID == "" || o.Source == "" || o.Time.IsZero() || o.Revenue < 0 || o.Refunded < 0 || o.Refunded > o.Revenue ||
		o.Units < 0 || (o.Currency != "" && len(o.Currency) != 3) {
		t.Fatalf("bad order %+v", o)
	}
	for i, c := range o.Codes {
		if c == "" || c != strings.ToUpper(c) || containsFold(o.Codes[:i], c) {
			t.Fatalf("bad codes %q", o.Codes)
		}
	}
}

// FuzzParseTime checks that every accepted time survives a round trip
// through RFC 3339.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-01-15", "2024-01-15 10:23:45 -0500", "2024-01-15T10:23:45.5+01:00", "15/01/2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, newYork)
		if err != nil {
			return
		}
		back, err := time.Parse(time.RFC3339Nano, got.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v, which does not round-trip: %v %v", s, got, back, err)
		}
	})
}
