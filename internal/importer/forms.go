package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// The dashboard's forms for campaigns, creators and costs send what a
// person typed as Fields, named by the columns of the kind's file. Each
// form is read as a one-row file of its kind, by the same parser and with
// the same checks against the workspace as an import, so a form accepts
// exactly what a file would; a refused form is a *RefusedError whose
// Errors name the columns, which are the form's fields. Nothing is
// written unless every check passed.

// Fields are one record's values by column name.
type Fields map[string]string

// FormFile is how a form names itself in its problems.
const FormFile = "form"

// oneRow is a CSV file of one record holding f.
func oneRow(f Fields) io.Reader {
	cols := make([]string, 0, len(f))
	for k := range f {
		cols = append(cols, k)
	}
	slices.Sort(cols)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = f[c]
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cols)
	w.Write(rec)
	w.Flush()
	return &b
}

// saveForm runs one form's record through fill in its own transaction.
func saveForm(ctx context.Context, st *store.Store, ws store.Workspace, kind string, fill func(*job) error) error {
	_, err := run(ctx, st, ws, kind, Options{File: FormFile, NoLog: true}, fill)
	return err
}

// found turns an update that matched no row into store.ErrNotFound.
func found(ok bool, err error) error {
	if err == nil && !ok {
		return store.ErrNotFound
	}
	return err
}

// SaveCampaign stores a campaign from a form: a new one when id is 0,
// else campaign id, renamed if its name changed. A name another campaign
// has (in any case) is refused: a form never overwrites another campaign.
func SaveCampaign(ctx context.Context, st *store.Store, ws store.Workspace, id int64, f Fields) error {
	return saveForm(ctx, st, ws, "campaigns", func(j *job) error {
		recs, rowErrs, err := csvin.ParseCampaigns(oneRow(f), j.csv)
		if err := j.parsed(len(recs), rowErrs, err); err != nil || len(recs) != 1 {
			return err
		}
		c := recs[0]
		if err := j.need(want{campaigns: true}); err != nil {
			return err
		}
		if held, err := j.refs.campaign(c.Name); err == nil && held.ID != id {
			j.bad(c.Line, "name", "there is already a campaign %q", held.Name)
			return nil
		}
		if id == 0 {
			_, _, err := j.tx.PutCampaign(j.ctx, j.ws.ID, campaignRecord(c))
			return err
		}
		return found(j.tx.UpdateCampaign(j.ctx, j.ws.ID, id, campaignRecord(c)))
	})
}

// SaveCreator stores a creator from a form: a new one when id is 0, else
// creator id. A handle already on the platform is refused.
func SaveCreator(ctx context.Context, st *store.Store, ws store.Workspace, id int64, f Fields) error {
	return saveForm(ctx, st, ws, "creators", func(j *job) error {
		recs, rowErrs, err := csvin.ParseCreators(oneRow(f), j.csv)
		if err := j.parsed(len(recs), rowErrs, err); err != nil || len(recs) != 1 {
			return err
		}
		c := recs[0]
		if err := j.need(want{creators: []string{c.Handle}}); err != nil {
			return err
		}
		for _, held := range j.refs.creators[c.Handle] {
			if held.Platform == c.Platform && held.ID != id {
				j.bad(c.Line, "handle", "there is already a creator %q on %s", c.Handle, c.Platform)
				return nil
			}
		}
		if id == 0 {
			_, _, err := j.tx.PutCreator(j.ctx, j.ws.ID, creatorRecord(c))
			return err
		}
		return found(j.tx.UpdateCreator(j.ctx, j.ws.ID, id, creatorRecord(c)))
	})
}

// SaveCost stores a cost from a form: a new one when id is 0, else cost
// id. A new cost identical to one already recorded (creator, campaign,
// kind, amount, date and note) is refused rather than taken for it: two
// equal fees are told apart by their note.
func SaveCost(ctx context.Context, st *store.Store, ws store.Workspace, id int64, f Fields) error {
	return saveForm(ctx, st, ws, "costs", func(j *job) error {
		recs, rowErrs, err := csvin.ParseCosts(oneRow(f), j.csv)
		if err := j.parsed(len(recs), rowErrs, err); err != nil || len(recs) != 1 {
			return err
		}
		c := recs[0]
		if err := j.need(want{creators: []string{c.Creator}, campaigns: true}); err != nil {
			return err
		}
		cr, ca, ok := j.owner(c.Line, c.Creator, "", c.Campaign)
		if !ok {
			return nil
		}
		cost, content := costRecord(c, cr, ca)
		// The first occurrence key no other cost holds: an edited cost
		// keeps its own, a new one must not meet one.
		for n := 1; ; n++ {
			cost.ContentKey = contentKey(content, n)
			held, err := j.tx.CostKeyHeld(j.ctx, j.ws.ID, cost.ContentKey, id)
			if err != nil {
				return err
			}
			if !held {
				break
			}
			if id == 0 {
				j.bad(c.Line, "note", "the same cost (creator, campaign, kind, amount and date) is already recorded: tell this one apart with a note")
				return nil
			}
		}
		if id == 0 {
			_, _, err := j.tx.PutCost(j.ctx, j.ws.ID, cost)
			return err
		}
		return found(j.tx.UpdateCost(j.ctx, j.ws.ID, id, cost))
	})
}
