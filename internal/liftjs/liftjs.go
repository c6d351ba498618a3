// Package liftjs serves lift.js, the script a brand puts on its store pages
// so that the click id a tracked link adds to the landing URL (lift_cid)
// survives until checkout.
//
// The script keeps a valid id in a first-party cookie for the attribution
// window (data-days on the script tag, 30 days by default; the latest click
// wins), copies it into the Shopify cart attribute lift_cid so it arrives
// with the order, and exposes window.lift.clickId() for other checkouts.
// The one line a brand adds is:
//
//	<script src="https://lift.example.com/lift.js" async></script>
package liftjs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	_ "embed"
)

// Script is the script's source.
//
//go:embed lift.js
var Script []byte

// Handler serves Script as JavaScript for GET and HEAD. Browsers may cache it
// for an hour and afterwards revalidate with the ETag, which is answered with
// 304 Not Modified while the script is unchanged. Other methods get 405.
func Handler() http.Handler {
	// Copied so that the ETag always describes the bytes served.
	body := bytes.Clone(Script)
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=3600")
		h.Set("ETag", etag)
		h.Set("X-Content-Type-Options", "nosniff")
		// Stores that isolate themselves with Cross-Origin-Embedder-Policy
		// would otherwise refuse a script from Lift's origin.
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		// ServeContent answers If-None-Match (including weak and listed
		// tags), HEAD and ranges; a zero time leaves Last-Modified out so
		// the ETag is the only validator.
		http.ServeContent(w, r, "lift.js", time.Time{}, bytes.NewReader(body))
	})
}
