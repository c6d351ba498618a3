package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

func cmdWorkspace(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("workspace")
	currency := fs.String("currency", "", "three-letter currency code, e.g. EUR")
	timezone := fs.String("timezone", "", "IANA time zone, e.g. Europe/Berlin")
	brbRate := fs.String("brb-rate", "", "Amazon Brand Referral Bonus rate, e.g. 0.1 or 10%")
	countPending := fs.String("count-pending", "", "yes to count unpaid (pending) orders as sales, for cash on delivery; no (the default) to count paid orders only")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 2 && pos[0] == "create" {
		return createWorkspace(ctx, c, pos[1], stdout)
	}
	if len(pos) != 1 || (pos[0] != "list" && pos[0] != "set") {
		return fmt.Errorf("workspace: usage: lift workspace create NAME | list | set [--currency C] [--timezone Z] [--brb-rate 0.1] [--count-pending yes|no]%s",
			suggestSub(pos, "create", "list", "set"))
	}
	if pos[0] == "list" {
		return listWorkspaces(ctx, c, stdout)
	}
	pending, err := yesNo(*countPending)
	if err != nil {
		return fmt.Errorf("workspace set: --count-pending: %w", err)
	}
	brb, err := brbRateFlag(*brbRate)
	if err != nil {
		return err
	}
	st, ws, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetWorkspace(ctx, ws, *currency, *timezone); err != nil {
		return fmt.Errorf("workspace set: %w", err)
	}
	ws, err = st.Workspace(ctx, ws.Name, false)
	if err != nil {
		return err
	}
	if err := setBRBRate(ctx, st, ws, brb, stdout); err != nil {
		return err
	}
	if pending != nil {
		if err := st.SetCountPending(ctx, ws.ID, *pending); err != nil {
			return fmt.Errorf("workspace set: %w", err)
		}
		ws.CountPending = *pending
	}
	fmt.Fprintf(stdout, "workspace %s: currency %s, time zone %s, %s\n", ws.Name, ws.Currency, ws.Timezone, pendingWords(ws.CountPending))
	return nil
}

// listWorkspaces prints every workspace of an existing database, whether
// or not it has the default one.
func listWorkspaces(ctx context.Context, c *common, stdout io.Writer) error {
	if err := mustExist(c.db); err != nil {
		return err
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	names, err := st.WorkspaceNames(ctx)
	if err != nil {
		return err
	}
	for _, n := range names {
		w, err := st.FindWorkspace(ctx, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", w.Name, w.Currency, w.Timezone, pendingWords(w.CountPending))
	}
	return nil
}

// createWorkspace makes a new workspace (a brand): the only way one comes
// to be, so that a mistyped --workspace elsewhere is refused.
func createWorkspace(ctx context.Context, c *common, name string, stdout io.Writer) error {
	name = strings.TrimSpace(name)
	if name == "" || strings.HasPrefix(name, "-") {
		return errors.New("workspace create: give the new workspace's name")
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.FindWorkspace(ctx, name); err == nil {
		return fmt.Errorf("workspace create: workspace %s already exists in %s", name, c.db)
	} else if !errors.Is(err, store.ErrNoWorkspace) {
		return err
	}
	ws, err := st.CreateWorkspace(ctx, name, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "workspace %s created in %s: currency %s, time zone %s (change them with lift workspace set --workspace %s)\n",
		ws.Name, c.db, ws.Currency, ws.Timezone, ws.Name)
	return nil
}

// yesNo reads an optional yes/no flag; nil when not given.
func yesNo(v string) (*bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return nil, nil
	case "yes", "true", "on", "1":
		b := true
		return &b, nil
	case "no", "false", "off", "0":
		b := false
		return &b, nil
	}
	return nil, fmt.Errorf("%q is not yes or no", v)
}

// pendingWords says what a workspace counts as sales.
func pendingWords(countPending bool) string {
	if countPending {
		return "pending orders counted"
	}
	return "paid orders only"
}
