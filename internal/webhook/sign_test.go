package webhook

import (
	"testing"
	"time"
)

// TestSignKnownAnswers pins the signing helpers to values computed
// independently (openssl dgst -sha256 -hmac), so that a helper and the
// check it feeds cannot agree on a wrong scheme.
func TestSignKnownAnswers(t *testing.T) {
	const b64 = "Y92rNNpYOOODVF6ckLQPdKTj2qvF3ZqNSaUYda1LJBg=" // HMAC-SHA256("s3cret", `{"id":1}`)
	if got := SignShopify("s3cret", []byte(`{"id":1}`)); got != b64 {
		t.Errorf("SignShopify = %s, want %s", got, b64)
	}
	if got := SignWooCommerce("s3cret", []byte(`{"id":1}`)); got != b64 {
		t.Errorf("SignWooCommerce = %s, want %s", got, b64)
	}
	// HMAC-SHA256("whsec_abc", `1700000000.{"id":"evt_1"}`)
	const stripe = "t=1700000000,v1=79f159714a0d01d9505691104b38e71f0dbb0d4bdeef387b113d07b870f50db3"
	if got := SignStripe("whsec_abc", []byte(`{"id":"evt_1"}`), time.Unix(1700000000, 0)); got != stripe {
		t.Errorf("SignStripe = %s, want %s", got, stripe)
	}
}
