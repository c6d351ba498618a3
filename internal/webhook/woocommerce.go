package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
)

// WooCommerce's webhook headers (http.Header.Get ignores case).
const (
	wooSignatureHeader = "X-WC-Webhook-Signature"
	wooTopicHeader     = "X-WC-Webhook-Topic"
	wooDeliveryHeader  = "X-WC-Webhook-Delivery-ID"
)

type wooOrder struct {
	ID              idText          `json:"id"`
	Status          string          `json:"status"`
	Currency        string          `json:"currency"`
	DateCreatedGMT  string          `json:"date_created_gmt"`
	DateCreated     string          `json:"date_created"`
	DateModifiedGMT string          `json:"date_modified_gmt"`
	DateModified    string          `json:"date_modified"`
	CustomerID      idText          `json:"customer_id"`
	Billing         json.RawMessage `json:"billing"`
	LineItems       *[]struct {
		Quantity int64   `json:"quantity"`
		Total    *string `json:"total"`
	} `json:"line_items"`
	CouponLines []struct {
		Code string `json:"code"`
	} `json:"coupon_lines"`
	MetaData []struct {
		Key   string          `json:"key"`
		Value json.RawMessage `json:"value"`
	} `json:"meta_data"`
	Refunds []struct {
		ID    idText `json:"id"`
		Total string `json:"total"`
	} `json:"refunds"`
}

// WooCommerce verifies X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw
// body keyed with secret) and reads the order of an "order.created" or
// "order.updated" delivery (topic in X-WC-Webhook-Topic): both give the
// whole order, which the store upserts by id. Other topics are Ignored, and
// so is the "webhook_id=NN" ping WooCommerce posts when a webhook is saved,
// but only when it is signed: an unsigned ping is ErrSignature like any
// unsigned delivery.
//
// Revenue is the sum of line_items[].total (after discounts, before tax;
// shipping and fees are separate lines). Refunded is the sum of refunds[]
// (WooCommerce sends them negative), capped at Revenue; a cancelled,
// refunded, failed or trashed order is refunded in full. Draft orders,
// which the block checkout creates before the customer pays and deletes
// when abandoned, are Ignored. ClickID is the lift_cid meta_data entry.
// Customer is "woocommerce:<customer_id>" for a registered customer, else
// billing.email lower-cased. Time is date_created_gmt, else date_created
// (the shop's local time, read as UTC for lack of a zone).
//
// The event ID is X-WC-Webhook-Delivery-ID; without it,
// "order:<id>:<date_modified_gmt>", so that an update with new content is a
// new event while a replay is not.
func WooCommerce(secret string, header func(string) string, body []byte) (Event, error) {
	if secret == "" {
		return Event{}, ErrNoSecret
	}
	h := headerFunc(header)
	sig := h(wooSignatureHeader)
	if sig == "" || !validBase64MAC(secret, sig, body) {
		return Event{}, ErrSignature
	}
	ev := Event{Provider: providerWooCommerce, ID: h(wooDeliveryHeader)}
	if bytes.HasPrefix(body, []byte("webhook_id=")) {
		ev.Ignored = "ping"
		return ev, nil
	}
	switch topic := h(wooTopicHeader); topic {
	case "order.created", "order.updated":
		w, err := wooParseOrder(body)
		if err != nil {
			return Event{}, err
		}
		if w.ignored != "" {
			ev.Ignored = w.ignored
			return ev, nil
		}
		if ev.ID == "" {
			ev.ID = "order:" + w.order.ExternalID + ":" + w.modified
		}
		ev.Order, ev.Refunds = w.order, w.refunds
	case "":
		return Event{}, payloadErr("missing %s header", wooTopicHeader)
	default:
		ev.Ignored = fmt.Sprintf("topic %q", topic)
	}
	return ev, nil
}

// wooParsed is an order delivery read: the order, its refunds, its
// modification time for the event ID, or why it is ignored.
type wooParsed struct {
	order    *csvin.Order
	refunds  []Refund
	modified string
	ignored  string
}

func wooParseOrder(body []byte) (wooParsed, error) {
	var wo wooOrder
	if err := decode(body, &wo); err != nil {
		return wooParsed{}, err
	}
	id, err := numericID(wo.ID, "id")
	if err != nil {
		return wooParsed{}, err
	}
	switch wo.Status {
	case "checkout-draft", "auto-draft", "draft":
		return wooParsed{ignored: fmt.Sprintf("draft order %s (status %q)", id, wo.Status)}, nil
	}
	od := &csvin.Order{Source: providerWooCommerce, ExternalID: id}
	created, field := wo.DateCreatedGMT, "date_created_gmt"
	if strings.TrimSpace(created) == "" && strings.TrimSpace(wo.DateCreated) != "" {
		created, field = wo.DateCreated, "date_created"
	}
	if od.Time, err = orderTime(created, field); err != nil {
		return wooParsed{}, err
	}
	if od.Currency, err = currency(wo.Currency, "currency"); err != nil {
		return wooParsed{}, err
	}
	if wo.LineItems == nil {
		return wooParsed{}, payloadErr("line_items is missing")
	}
	od.Units = 1
	if len(*wo.LineItems) > 0 {
		od.Units = 0
	}
	for i, li := range *wo.LineItems {
		field := fmt.Sprintf("line_items[%d].total", i)
		if li.Total == nil {
			return wooParsed{}, payloadErr("%s is missing", field)
		}
		total, err := amount(*li.Total, field)
		if err != nil {
			return wooParsed{}, err
		}
		if od.Revenue, err = add(od.Revenue, total, field); err != nil {
			return wooParsed{}, err
		}
		if od.Units, err = addUnits(od.Units, li.Quantity, fmt.Sprintf("line_items[%d].quantity", i)); err != nil {
			return wooParsed{}, err
		}
	}
	if od.Revenue < 0 {
		return wooParsed{}, payloadErr("line_items total %s is negative", od.Revenue)
	}
	if err := codeCount(len(wo.CouponLines), "coupon_lines"); err != nil {
		return wooParsed{}, err
	}
	for _, cl := range wo.CouponLines {
		od.Codes = addCode(od.Codes, cl.Code)
	}
	for _, md := range wo.MetaData {
		if md.Key != clickParam {
			continue
		}
		// Meta values may be any JSON; a click id is a string.
		var v string
		if json.Unmarshal(md.Value, &v) == nil && strings.TrimSpace(v) != "" {
			od.ClickID = strings.TrimSpace(v)
			break
		}
	}
	if present(wo.CustomerID) {
		cid, err := numericID(wo.CustomerID, "customer_id")
		if err != nil {
			return wooParsed{}, err
		}
		od.Customer = providerWooCommerce + ":" + cid
	} else if isObject(wo.Billing) {
		// billing is an object, but PHP writes an empty one as [].
		var b struct {
			Email string `json:"email"`
		}
		if json.Unmarshal(wo.Billing, &b) == nil {
			od.Customer = email(b.Email)
		}
	}
	var refunds []Refund
	for i, r := range wo.Refunds {
		c, err := amount(r.Total, fmt.Sprintf("refunds[%d].total", i))
		if err != nil {
			return wooParsed{}, err
		}
		c = max(c, -c) // WooCommerce sends refunds negative
		od.Refunded = addCapped(od.Refunded, c)
		if present(r.ID) {
			rid, err := numericID(r.ID, fmt.Sprintf("refunds[%d].id", i))
			if err != nil {
				return wooParsed{}, err
			}
			refunds = append(refunds, Refund{Source: providerWooCommerce, ExternalID: id, RefundID: rid, Amount: c})
		}
	}
	od.Status = strings.TrimSpace(wo.Status)
	od.Payment = csvin.Pending // a status Lift does not know: kept, shown apart
	if p, ok := csvin.PaymentOf(od.Status); ok {
		od.Payment = p
	}
	if wo.Status == "refunded" {
		od.Refunded = od.Revenue
	}
	od.Refunded = min(od.Refunded, od.Revenue)
	modified := wo.DateModifiedGMT
	if modified == "" {
		modified = wo.DateModified
	}
	return wooParsed{order: od, refunds: refunds, modified: modified}, nil
}
