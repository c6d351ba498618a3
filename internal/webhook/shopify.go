package webhook

import (
	"fmt"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/money"
)

// Shopify's webhook headers.
const (
	shopifyHMACHeader  = "X-Shopify-Hmac-Sha256"
	shopifyTopicHeader = "X-Shopify-Topic"
	shopifyIDHeader    = "X-Shopify-Webhook-Id"
)

// shopifyOrder holds the fields Lift reads from an order payload; Shopify
// sends many more.
type shopifyOrder struct {
	ID              idText  `json:"id"`
	CreatedAt       string  `json:"created_at"`
	SubtotalPrice   *string `json:"subtotal_price"`
	Currency        string  `json:"currency"`
	FinancialStatus string  `json:"financial_status"`
	CancelledAt     *string `json:"cancelled_at"`
	LandingSite     string  `json:"landing_site"`
	Email           string  `json:"email"`
	DiscountCodes   []struct {
		Code string `json:"code"`
	} `json:"discount_codes"`
	NoteAttributes []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"note_attributes"`
	Customer *struct {
		ID    idText `json:"id"`
		Email string `json:"email"`
	} `json:"customer"`
	LineItems []struct {
		Quantity int64 `json:"quantity"`
	} `json:"line_items"`
	Refunds []shopifyRefund `json:"refunds"`
}

// shopifyRefund is the body of refunds/create, and one of an order's
// refunds[].
type shopifyRefund struct {
	ID              idText `json:"id"`
	OrderID         idText `json:"order_id"`
	RefundLineItems []struct {
		Subtotal    idText           `json:"subtotal"` // a JSON number, or a string
		SubtotalSet *shopifyMoneySet `json:"subtotal_set"`
	} `json:"refund_line_items"`
	OrderAdjustments []struct {
		Kind      string  `json:"kind"`
		Amount    *string `json:"amount"`
		TaxAmount *string `json:"tax_amount"`
	} `json:"order_adjustments"`
	Transactions []shopifyTransaction `json:"transactions"`
}

// shopifyMoneySet is an amount in the shop's and the buyer's currency;
// Lift reads the shop's, which is the order's subtotal_price currency.
type shopifyMoneySet struct {
	ShopMoney struct {
		Amount string `json:"amount"`
	} `json:"shop_money"`
}

type shopifyTransaction struct {
	Kind   string  `json:"kind"`
	Status string  `json:"status"`
	Amount *string `json:"amount"`
}

// Shopify verifies X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body
// keyed with secret) and reads the delivery by its X-Shopify-Topic:
// "orders/create" and "orders/paid" give the same Order (the store upserts
// it by id), "refunds/create" gives a Refund, and any other topic is
// Ignored. header looks up a request header, as http.Header.Get does.
//
// Revenue is subtotal_price: Shopify computes it as the line items after
// order- and line-level discounts, before shipping and tax, so
// total_discounts must not be taken off again. Refunded is the sum of the
// successful refund transactions, capped at Revenue because they may also
// return shipping and tax; a cancelled, voided or fully refunded order is
// refunded in full. ClickID is the lift_cid note attribute (set by the
// storefront script), else the lift_cid parameter of landing_site.
// Customer is "shopify:<customer id>", else the e-mail lower-cased.
//
// The event ID is X-Shopify-Webhook-Id, which Shopify repeats on retries;
// without it, "<topic>:<order id>" or "refund:<refund id>".
func Shopify(secret string, header func(string) string, body []byte) (Event, error) {
	if secret == "" {
		return Event{}, ErrNoSecret
	}
	h := headerFunc(header)
	sig := h(shopifyHMACHeader)
	if sig == "" || !validBase64MAC(secret, sig, body) {
		return Event{}, ErrSignature
	}
	ev := Event{Provider: providerShopify, ID: h(shopifyIDHeader)}
	switch topic := h(shopifyTopicHeader); topic {
	case "orders/create", "orders/paid":
		od, refunds, err := shopifyParseOrder(body)
		if err != nil {
			return Event{}, err
		}
		if ev.ID == "" {
			ev.ID = topic + ":" + od.ExternalID
		}
		ev.Order, ev.Refunds = od, refunds
	case "refunds/create":
		rf, err := shopifyParseRefund(body)
		if err != nil {
			return Event{}, err
		}
		if ev.ID == "" {
			ev.ID = "refund:" + rf.RefundID
		}
		ev.Refund = rf
	case "":
		return Event{}, payloadErr("missing %s header", shopifyTopicHeader)
	default:
		ev.Ignored = fmt.Sprintf("topic %q", topic)
	}
	return ev, nil
}

func shopifyParseOrder(body []byte) (od *csvin.Order, refunds []Refund, err error) {
	var so shopifyOrder
	if err := decode(body, &so); err != nil {
		return nil, nil, err
	}
	id, err := numericID(so.ID, "id")
	if err != nil {
		return nil, nil, err
	}
	od = &csvin.Order{Source: providerShopify, ExternalID: id, LandingURL: so.LandingSite}
	if od.Time, err = orderTime(so.CreatedAt, "created_at"); err != nil {
		return nil, nil, err
	}
	if so.SubtotalPrice == nil {
		return nil, nil, payloadErr("subtotal_price is missing")
	}
	if od.Revenue, err = amount(*so.SubtotalPrice, "subtotal_price"); err != nil {
		return nil, nil, err
	}
	if od.Revenue < 0 {
		return nil, nil, payloadErr("subtotal_price %s is negative", od.Revenue)
	}
	if od.Currency, err = currency(so.Currency, "currency"); err != nil {
		return nil, nil, err
	}
	if err := codeCount(len(so.DiscountCodes), "discount_codes"); err != nil {
		return nil, nil, err
	}
	for _, dc := range so.DiscountCodes {
		od.Codes = addCode(od.Codes, dc.Code)
	}
	for _, na := range so.NoteAttributes {
		if na.Name == clickParam && od.ClickID == "" {
			od.ClickID = strings.TrimSpace(na.Value)
		}
	}
	if od.ClickID == "" {
		od.ClickID = queryValue(so.LandingSite, clickParam)
	}
	switch {
	case so.Customer != nil && present(so.Customer.ID):
		cid, err := numericID(so.Customer.ID, "customer.id")
		if err != nil {
			return nil, nil, err
		}
		od.Customer = providerShopify + ":" + cid
	case email(so.Email) != "":
		od.Customer = email(so.Email)
	case so.Customer != nil:
		od.Customer = email(so.Customer.Email)
	}
	od.Units = 1
	if len(so.LineItems) > 0 {
		od.Units = 0
		for i, li := range so.LineItems {
			if od.Units, err = addUnits(od.Units, li.Quantity, fmt.Sprintf("line_items[%d].quantity", i)); err != nil {
				return nil, nil, err
			}
		}
	}
	for i, r := range so.Refunds {
		rf, err := shopifyRefundOf(r, od.ExternalID, fmt.Sprintf("refunds[%d].", i))
		if err != nil {
			return nil, nil, err
		}
		od.Refunded = addCapped(od.Refunded, rf.Amount)
		if rf.RefundID != "" {
			refunds = append(refunds, *rf)
		}
	}
	od.Status = strings.TrimSpace(so.FinancialStatus)
	od.Payment = shopifyPayment(od.Status, so.CancelledAt)
	if so.FinancialStatus == "refunded" {
		od.Refunded = od.Revenue
	}
	od.Refunded = min(od.Refunded, od.Revenue)
	return od, refunds, nil
}

// shopifyPayment reads financial_status; a cancelled order is void
// whatever its status, and a status Lift does not know is pending: kept,
// shown apart, and counted once a later delivery says it is paid.
func shopifyPayment(status string, cancelledAt *string) string {
	if cancelledAt != nil && strings.TrimSpace(*cancelledAt) != "" {
		return csvin.Void
	}
	if p, ok := csvin.PaymentOf(status); ok {
		return p
	}
	return csvin.Pending
}

func shopifyParseRefund(body []byte) (*Refund, error) {
	var sr shopifyRefund
	if err := decode(body, &sr); err != nil {
		return nil, err
	}
	orderID, err := numericID(sr.OrderID, "order_id")
	if err != nil {
		return nil, err
	}
	rf, err := shopifyRefundOf(sr, orderID, "")
	if err != nil {
		return nil, err
	}
	if rf.RefundID == "" {
		return nil, payloadErr("id is missing")
	}
	return rf, nil
}

// shopifyRefundOf reads what one refund takes off revenue: the subtotals
// of its refunded line items (after discounts, before tax and shipping,
// in the terms of subtotal_price), never more than the money its
// successful transactions returned, which also count tax and shipping. A
// refund without line items (an amount typed in by hand) counts its
// transactions less the shipping it refunded. RefundID is empty when the
// refund carries no id (only in an order's refunds[]).
func shopifyRefundOf(r shopifyRefund, orderID, prefix string) (*Refund, error) {
	rf := &Refund{Source: providerShopify, ExternalID: orderID}
	if present(r.ID) {
		id, err := numericID(r.ID, prefix+"id")
		if err != nil {
			return nil, err
		}
		rf.RefundID = id
	}
	paid, err := shopifyRefunded(r.Transactions, prefix)
	if err != nil {
		return nil, err
	}
	if len(r.RefundLineItems) == 0 {
		shipping, err := shopifyShippingRefunded(r, prefix)
		if err != nil {
			return nil, err
		}
		rf.Amount = max(paid-shipping, 0)
		return rf, nil
	}
	var items money.Cents
	for i, li := range r.RefundLineItems {
		field := fmt.Sprintf("%srefund_line_items[%d].subtotal", prefix, i)
		v := strings.TrimSpace(string(li.Subtotal))
		if li.SubtotalSet != nil && li.SubtotalSet.ShopMoney.Amount != "" {
			field, v = field+"_set.shop_money.amount", li.SubtotalSet.ShopMoney.Amount
		}
		c, err := nonNegative(v, field)
		if err != nil {
			return nil, err
		}
		if items, err = add(items, c, field); err != nil {
			return nil, err
		}
	}
	rf.Amount = min(items, paid)
	return rf, nil
}

// shopifyShippingRefunded sums the shipping a refund returned, with its
// tax: the order adjustments of kind shipping_refund (Shopify writes them
// negative).
func shopifyShippingRefunded(r shopifyRefund, prefix string) (money.Cents, error) {
	var total money.Cents
	for i, adj := range r.OrderAdjustments {
		if adj.Kind != "shipping_refund" {
			continue
		}
		for _, part := range []struct {
			v     *string
			field string
		}{{adj.Amount, "amount"}, {adj.TaxAmount, "tax_amount"}} {
			if part.v == nil || strings.TrimSpace(*part.v) == "" {
				continue
			}
			field := fmt.Sprintf("%sorder_adjustments[%d].%s", prefix, i, part.field)
			c, err := amount(*part.v, field)
			if err != nil {
				return 0, err
			}
			if total, err = add(total, max(c, -c), field); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

// shopifyRefunded sums the money a refund returned: its successful "refund"
// transactions. A failed or pending transaction returned nothing (yet);
// Shopify sends a new one when it is retried.
func shopifyRefunded(txs []shopifyTransaction, prefix string) (money.Cents, error) {
	var total money.Cents
	for i, tx := range txs {
		if tx.Kind != "refund" || (tx.Status != "" && tx.Status != "success") {
			continue
		}
		field := fmt.Sprintf("%stransactions[%d].amount", prefix, i)
		if tx.Amount == nil {
			return 0, payloadErr("%s is missing", field)
		}
		c, err := amount(*tx.Amount, field)
		if err != nil {
			return 0, err
		}
		if c < 0 {
			return 0, payloadErr("%s %s is negative", field, c)
		}
		if total, err = add(total, c, field); err != nil {
			return 0, err
		}
	}
	return total, nil
}
