package csvin

import "strings"

// The payment states Lift keeps per order (README, "Payment status"). Only
// a paid order counts in reports; a pending one is kept and shown apart
// (or counted, where the workspace counts pending orders: cash on
// delivery); a void one is kept and never counts.
const (
	Paid    = "paid"
	Pending = "pending"
	Void    = "void"
)

// paymentStates maps the words of Shopify (financial_status), WooCommerce
// (status), Stripe (payment_status) and the orders file onto a payment
// state. Refunded orders were paid: their refunds lower revenue instead.
// A failed payment is pending, not void: the order is kept and shown apart,
// and counts once the buyer pays it again (WooCommerce and Shopify let the
// buyer retry a failed payment on the same order).
var paymentStates = map[string]string{
	"paid": Paid, "partially_paid": Paid, "partially_refunded": Paid, "refunded": Paid,
	"completed": Paid, "processing": Paid, "no_payment_required": Paid,

	"pending": Pending, "authorized": Pending, "on_hold": Pending, "unpaid": Pending, "failed": Pending,

	"void": Void, "voided": Void, "cancelled": Void, "canceled": Void,
	"expired": Void, "trash": Void,
}

// PaymentStatuses lists the words PaymentOf knows, for messages.
const PaymentStatuses = "paid, partially_paid, partially_refunded, refunded, completed, processing, " +
	"no_payment_required (paid); pending, authorized, on-hold, unpaid, failed (pending); " +
	"void, voided, cancelled, expired, trash (void)"

// PaymentOf reads a platform's status into a payment state, without regard
// to case, with "-" or " " read as "_" (WooCommerce's on-hold). An empty
// status is paid: files and payloads that say nothing about payment were
// counted as paid before Lift read the status, and still are.
func PaymentOf(status string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(status))
	if s == "" {
		return Paid, true
	}
	s = strings.NewReplacer("-", "_", " ", "_").Replace(s)
	p, ok := paymentStates[s]
	return p, ok
}
