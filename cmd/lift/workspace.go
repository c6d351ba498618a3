package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
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
	if len(pos) != 1 || (pos[0] != "list" && pos[0] != "set") {
		return errors.New("workspace: usage: lift workspace list | set [--currency C] [--timezone Z] [--brb-rate 0.1] [--count-pending yes|no]")
	}
	pending, err := yesNo(*countPending)
	if err != nil {
		return fmt.Errorf("workspace set: --count-pending: %w", err)
	}
	brb, err := brbRateFlag(*brbRate)
	if err != nil {
		return err
	}
	st, ws, err := c.open(ctx, pos[0] == "set")
	if err != nil {
		return err
	}
	defer st.Close()
	if pos[0] == "set" {
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
	names, err := st.WorkspaceNames(ctx)
	if err != nil {
		return err
	}
	for _, n := range names {
		w, err := st.Workspace(ctx, n, false)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", w.Name, w.Currency, w.Timezone, pendingWords(w.CountPending))
	}
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
