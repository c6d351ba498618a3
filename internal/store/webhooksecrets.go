package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Webhook signing secrets live in the database, one per workspace and
// provider, so that every node verifies a delivery with the same secret
// and a secret changed on one node holds on all of them at once. With a
// master secret (UseMasterSecret) a secret is stored sealed: AES-256-GCM
// under a key derived from the master, bound to its workspace and
// provider, so that a copy of the database alone does not give the
// secrets away. Without one it is stored as it is, like the server's
// other secrets. A secret is never returned by a listing, never logged.

// ErrSealed is returned for a webhook secret sealed under a master secret
// this process does not have (none, or another one).
var ErrSealed = errors.New("the webhook secret is sealed under a master secret this process does not have (give every node and the CLI the same LIFT_SECRET)")

// MaxWebhookSecret is the longest webhook secret taken, in bytes.
const MaxWebhookSecret = 1024

// WebhookSecretSet says when a provider's secret was set, never the
// secret.
type WebhookSecretSet struct {
	Provider string
	SetAt    time.Time
	Sealed   bool
}

// SetWebhookSecret stores a workspace's signing secret for a provider,
// replacing the one before.
func (s *Store) SetWebhookSecret(ctx context.Context, ws int64, provider, secret string) error {
	if secret == "" {
		return errors.New("the webhook secret is empty")
	}
	if len(secret) > MaxWebhookSecret {
		return fmt.Errorf("the webhook secret is longer than %d bytes", MaxWebhookSecret)
	}
	for _, r := range secret {
		if r < 0x20 || r == 0x7f {
			return errors.New("the webhook secret holds a control character (a line break?)")
		}
	}
	stored, err := s.sealWebhookSecret(ws, provider, secret)
	if err != nil {
		return err
	}
	_, err = s.wr.ExecContext(ctx, `INSERT INTO webhook_secrets (workspace_id, provider, secret, set_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, provider) DO UPDATE SET secret = excluded.secret, set_at = excluded.set_at`,
		ws, provider, stored, time.Now().UnixMilli())
	return err
}

// RemoveWebhookSecret forgets a workspace's secret for a provider; it
// reports whether there was one.
func (s *Store) RemoveWebhookSecret(ctx context.Context, ws int64, provider string) (bool, error) {
	res, err := s.wr.ExecContext(ctx, `DELETE FROM webhook_secrets WHERE workspace_id = ? AND provider = ?`, ws, provider)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// WebhookSecret returns a workspace's secret for a provider; ErrNotFound
// when none is stored, ErrSealed when it cannot be unsealed here.
func (s *Store) WebhookSecret(ctx context.Context, ws int64, provider string) (string, error) {
	var stored string
	err := s.rd.QueryRowContext(ctx, `SELECT secret FROM webhook_secrets WHERE workspace_id = ? AND provider = ?`,
		ws, provider).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	return s.unsealWebhookSecret(ws, provider, stored)
}

// WebhookSecrets lists which providers have a secret stored for a
// workspace, and since when, without the secrets.
func (s *Store) WebhookSecrets(ctx context.Context, ws int64) ([]WebhookSecretSet, error) {
	var out []WebhookSecretSet
	err := s.query(ctx, func(r *sql.Rows) error {
		var w WebhookSecretSet
		var stored string
		var at int64
		if err := r.Scan(&w.Provider, &stored, &at); err != nil {
			return err
		}
		w.SetAt, w.Sealed = fromMS(at), strings.HasPrefix(stored, sealedPrefix)
		out = append(out, w)
		return nil
	}, `SELECT provider, secret, set_at FROM webhook_secrets WHERE workspace_id = ? ORDER BY provider`, ws)
	return out, err
}

const (
	plainPrefix  = "plain:"
	sealedPrefix = "sealed:"
)

// webhookAEAD is the cipher sealing webhook secrets, keyed from the
// master secret; nil without one.
func (s *Store) webhookAEAD() (cipher.AEAD, error) {
	if len(s.master) == 0 {
		return nil, nil
	}
	m := hmac.New(sha256.New, s.master)
	m.Write([]byte("lift webhook secrets"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// webhookAD binds a sealed secret to its row: moved to another workspace
// or provider, it no longer opens.
func webhookAD(ws int64, provider string) []byte {
	return []byte(strconv.FormatInt(ws, 10) + "\x00" + provider)
}

func (s *Store) sealWebhookSecret(ws int64, provider, secret string) (string, error) {
	aead, err := s.webhookAEAD()
	if err != nil || aead == nil {
		return plainPrefix + secret, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, []byte(secret), webhookAD(ws, provider))
	return sealedPrefix + base64.StdEncoding.EncodeToString(sealed), nil
}

func (s *Store) unsealWebhookSecret(ws int64, provider, stored string) (string, error) {
	if v, ok := strings.CutPrefix(stored, plainPrefix); ok {
		return v, nil
	}
	v, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return "", errors.New("a stored webhook secret is in no known form")
	}
	aead, err := s.webhookAEAD()
	if err != nil {
		return "", err
	}
	if aead == nil {
		return "", ErrSealed
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) < aead.NonceSize() {
		return "", ErrSealed
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], webhookAD(ws, provider))
	if err != nil {
		return "", ErrSealed
	}
	return string(plain), nil
}
