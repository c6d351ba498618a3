package store

import (
	"context"
	"fmt"
	"strings"
)

// The dashboard edits a campaign, a creator or a cost by its id, which
// (unlike an import's key) may itself change: a campaign renamed, a
// creator's handle corrected, a cost's amount fixed.

// UpdateCampaign sets campaign id's fields; false when the workspace has
// no such campaign.
func (t *Tx) UpdateCampaign(ctx context.Context, ws, id int64, c Campaign) (bool, error) {
	return t.update(ctx, ws, id, row{"campaigns", nil,
		[]col{{"name", c.Name}, {"starts", ms(c.Starts)}, {"ends", ms(c.Ends)}, {"goal_metric", c.GoalMetric},
			{"goal_target", c.GoalTarget}, {"budget", c.Budget}}})
}

// UpdateCreator sets creator id's fields; false when the workspace has no
// such creator.
func (t *Tx) UpdateCreator(ctx context.Context, ws, id int64, c Creator) (bool, error) {
	return t.update(ctx, ws, id, row{"creators", nil,
		[]col{{"handle", c.Handle}, {"platform", c.Platform}, {"followers", c.Followers}, {"name", c.Name},
			{"niche", c.Niche}, {"commission_rate", c.CommissionRate}}})
}

// UpdateCost sets cost id's fields and content key; false when the
// workspace has no such cost.
func (t *Tx) UpdateCost(ctx context.Context, ws, id int64, c Cost) (bool, error) {
	return t.update(ctx, ws, id, row{"costs", nil,
		[]col{{"content_key", c.ContentKey}, {"creator_id", c.CreatorID}, {"campaign_id", c.CampaignID}, {"kind", c.Kind},
			{"amount", int64(c.Amount)}, {"date", ms(c.Date)}, {"dated", c.Dated}, {"note", c.Note}}})
}

// CostKeyHeld reports whether a cost of the workspace other than except
// has the content key.
func (t *Tx) CostKeyHeld(ctx context.Context, ws int64, key string, except int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM costs WHERE workspace_id = ? AND content_key = ? AND id <> ?`,
		ws, key, except).Scan(&n)
	return n > 0, err
}

// update sets r's columns on row id of the workspace.
func (t *Tx) update(ctx context.Context, ws, id int64, r row) (bool, error) {
	sets := make([]string, len(r.set))
	args := make([]any, 0, len(r.set)+2)
	for i, c := range r.set {
		sets[i] = c.name + " = ?"
		args = append(args, c.val)
	}
	res, err := t.exec(ctx, "UPDATE "+r.table+" SET "+strings.Join(sets, ", ")+" WHERE id = ? AND workspace_id = ?",
		append(args, id, ws)...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", r.table, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
