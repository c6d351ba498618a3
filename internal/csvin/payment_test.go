package csvin

import "testing"

func TestPaymentOf(t *testing.T) {
	for status, want := range map[string]string{
		"":                    Paid, // files that say nothing about payment were always counted
		"paid":                Paid,
		"Partially_Paid":      Paid,
		"partially refunded":  Paid, // refunded orders were paid; refunds lower revenue
		"completed":           Paid, // WooCommerce
		"no_payment_required": Paid, // Stripe
		"pending":             Pending,
		"authorized":          Pending,
		"on-hold":             Pending, // WooCommerce bank transfer
		"unpaid":              Pending, // Stripe
		"failed":              Pending, // the buyer may pay the same order again
		"voided":              Void,
		"cancelled":           Void,
		"trash":               Void,
	} {
		got, ok := PaymentOf(status)
		if !ok || got != want {
			t.Errorf("PaymentOf(%q) = %q, %v; want %q", status, got, ok, want)
		}
	}
	if _, ok := PaymentOf("shipped"); ok {
		t.Error(`PaymentOf("shipped") is known; want refused`)
	}
}
