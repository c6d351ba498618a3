package csvin

import (
	"strings"
	"testing"
)

func TestOrderReferrer(t *testing.T) {
	in := `order_id,created_at,revenue,referrer
1,2024-06-02,10,https://WWW.RetailMeNot.com/view/shop.com?c=ANA10
2,2024-06-02,10,couponfollow.com
3,2024-06-02,10,
4,2024-06-02,10,(direct)
5,2024-06-02,10,http://a b/
`
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs, `orders.csv: line 6: referrer: "http://a b/" is not a URL or a host`)
	want := []string{"www.retailmenot.com", "couponfollow.com", "", ""}
	if len(got) != len(want) {
		t.Fatalf("got %d orders, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Referrer != w {
			t.Errorf("order %s: referrer %q, want %q", got[i].ExternalID, got[i].Referrer, w)
		}
	}
}

func TestShopifyReferringSite(t *testing.T) {
	in := "Name,Subtotal,Created at,Referring Site,Lineitem quantity\n" +
		"#1001,10.00,2024-06-02 10:00:00 -0400,https://www.joinhoney.com/shop/x,1\n" +
		"#1001,,,,1\n" +
		"#1002,12.00,2024-06-02 11:00:00 -0400,,1\n"
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	if len(got) != 2 || got[0].Referrer != "www.joinhoney.com" || got[1].Referrer != "" {
		t.Fatalf("referrers: %+v", got)
	}
}
