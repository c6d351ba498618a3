package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

const keyAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// CreateAPIKey makes a key for workspace ws and stores only its hash. The
// key is returned once, to be shown once.
func CreateAPIKey(ctx context.Context, st *store.Store, ws store.Workspace, name string) (key string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString("lift_")
	for _, x := range b {
		sb.WriteByte(keyAlphabet[int(x)%len(keyAlphabet)])
	}
	key = sb.String()
	if _, err := st.PutAPIKey(ctx, ws.ID, name, key[:9], hashKey(key)); err != nil {
		return "", err
	}
	return key, nil
}

// hashKey is what is stored of a key. Keys are 190 random bits, so a fast
// hash is enough: there is nothing to guess by brute force.
func hashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

type ctxKey struct{}

// authed serves h only with a valid API key, in the key's workspace.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, store.Workspace) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || key == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="lift"`)
			return &httpError{http.StatusUnauthorized, "missing API key: send Authorization: Bearer <key> (create one with `lift apikey create`)", nil}
		}
		// The lookup is by hash, an index probe: no comparison of secrets
		// whose timing could leak.
		k, err := s.cfg.Store.APIKeyByHash(r.Context(), hashKey(strings.TrimSpace(key)))
		if errors.Is(err, store.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="lift", error="invalid_token"`)
			return &httpError{http.StatusUnauthorized, "invalid or revoked API key", nil}
		}
		if err != nil {
			return err
		}
		ws, err := s.cfg.Store.WorkspaceByID(r.Context(), k.WorkspaceID)
		if err != nil {
			return err
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, k)), ws)
	})
}

// operator serves h only with the operator's metrics token.
func (s *Server) operator(h http.HandlerFunc) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.MetricsToken == "" {
			return &httpError{http.StatusForbidden, "metrics are off: set LIFT_METRICS_TOKEN on the server and send it as a bearer token", nil}
		}
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		// Comparing digests takes the same time whatever the token's length.
		got, want := sha256.Sum256([]byte(strings.TrimSpace(token))), sha256.Sum256([]byte(s.cfg.MetricsToken))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="lift metrics"`)
			return &httpError{http.StatusUnauthorized, "metrics need the operator's token (LIFT_METRICS_TOKEN), not an API key", nil}
		}
		h(w, r)
		return nil
	}
}
