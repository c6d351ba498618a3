package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
)

// Counts says whether an order in a payment state counts in reports
// (README, "Payment status"): a paid order always, a pending one only
// where the workspace counts pending orders (cash on delivery), a void one
// never. countedSQL says the same to the database.
func Counts(payment string, countPending bool) bool {
	switch payment {
	case "paid", "":
		return true
	case "pending":
		return countPending
	}
	return false
}

// countedSQL is Counts as a condition on a row of orders.
const countedSQL = `(payment = 'paid' OR (payment = 'pending' AND
	(SELECT count_pending FROM workspaces w WHERE w.id = orders.workspace_id) = 1))`

// SetCountPending says whether the workspace's pending orders count.
// Every kept credit of the workspace is recomputed in the same
// transaction: a customer's pending orders lend the others their clicks
// only when they count.
func (s *Store) SetCountPending(ctx context.Context, ws int64, on bool) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.exec(ctx, `UPDATE workspaces SET count_pending = ? WHERE id = ?`, on, ws); err != nil {
		return err
	}
	tx.allChanged(ws)
	return tx.Commit()
}

// ClickExists reports whether the workspace has a click with this id,
// loaded or still waiting in the click log. The log is asked first: a
// click the loader moves meanwhile is in the database by the time the
// database is asked.
func (s *Store) ClickExists(ctx context.Context, ws int64, clickID string) (bool, error) {
	if l := s.clog.Load(); l != nil {
		if ok, err := l.logged(ctx, ws, clickID); err != nil || ok {
			return ok, err
		}
	}
	var one int
	err := s.rd.QueryRowContext(ctx, `SELECT 1 FROM clicks WHERE workspace_id = ? AND click_id = ?`, ws, clickID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// PromotionCodes returns the codes learnt for Stripe promotion code ids,
// by id; ids not learnt yet are left out.
func (t *Tx) PromotionCodes(ctx context.Context, ws int64, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		var code string
		err := t.queryRow(ctx, `SELECT code FROM stripe_promotion_codes WHERE workspace_id = ? AND promotion_code = ?`, ws, id).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = code
	}
	return out, nil
}

// PutPromotion remembers a Stripe promotion code's code, and gives it to
// the stored orders that redeemed the id before its code was known. It
// reports how many orders gained the code.
func (t *Tx) PutPromotion(ctx context.Context, ws int64, id, code string) (int, error) {
	if _, err := t.exec(ctx, `INSERT INTO stripe_promotion_codes (workspace_id, promotion_code, code) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id, promotion_code) DO UPDATE SET code = excluded.code`, ws, id, code); err != nil {
		return 0, err
	}
	type waiting struct {
		id           int64
		codes, promo string
	}
	var found []waiting
	rows, err := t.tx.QueryContext(ctx, `SELECT id, codes, promotion_ids FROM orders
		WHERE workspace_id = ? AND source = 'stripe' AND promotion_ids <> ''`, ws)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var w waiting
		if err := rows.Scan(&w.id, &w.codes, &w.promo); err != nil {
			rows.Close()
			return 0, err
		}
		if slices.Contains(strings.Split(w.promo, ","), id) {
			found = append(found, w)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, w := range found {
		codes := splitList(w.codes)
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
		left := slices.DeleteFunc(splitList(w.promo), func(p string) bool { return p == id })
		if _, err := t.exec(ctx, `UPDATE orders SET codes = ?, promotion_ids = ? WHERE id = ?`,
			strings.Join(codes, ","), strings.Join(left, ","), w.id); err != nil {
			return 0, err
		}
		t.orderChanged(ws, w.id, "")
	}
	return len(found), nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
