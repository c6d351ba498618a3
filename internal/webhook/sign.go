package webhook

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"
)

// SignShopify returns the X-Shopify-Hmac-Sha256 header value Shopify would
// send with body. It is the signing side of Shopify, for tests of the server
// and tools that replay deliveries.
func SignShopify(secret string, body []byte) string {
	return base64.StdEncoding.EncodeToString(sum256(secret, body))
}

// SignStripe returns the Stripe-Signature header value Stripe would send
// with body at time t ("t=<unix>,v1=<hex>"). It is the signing side of
// Stripe, for tests of the server and tools that replay deliveries.
func SignStripe(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(sum256(secret, []byte(ts), []byte("."), body))
}

// SignWooCommerce returns the X-WC-Webhook-Signature header value
// WooCommerce would send with body. It is the signing side of WooCommerce,
// for tests of the server and tools that replay deliveries.
func SignWooCommerce(secret string, body []byte) string {
	return base64.StdEncoding.EncodeToString(sum256(secret, body))
}
