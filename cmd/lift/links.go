package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/textsafe"
)

func cmdLink(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("link")
	slug := fs.String("slug", "", "short name (default: 7 random characters)")
	dest := fs.String("destination", "", "where the link leads (http or https URL)")
	creator := fs.String("creator", "", "creator handle")
	campaign := fs.String("campaign", "", "campaign name")
	post := fs.String("post", "", "post id (optional)")
	amazonTag := fs.String("amazon-tag", "", "Amazon Attribution ad group or Associates tracking id to map to the creator and campaign")
	replace := fs.Bool("replace", false, "give an existing slug to this link; the earlier link's clicks stay with its creator")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "create" && pos[0] != "list") {
		return fmt.Errorf("link: usage: lift link create --destination URL --creator H --campaign C [--slug S] [--post ID] [--amazon-tag TAG] | lift link list%s",
			suggestSub(pos, "create", "list"))
	}
	st, ws, err := c.open(ctx, pos[0] == "create")
	if err != nil {
		return err
	}
	defer st.Close()
	if pos[0] == "create" && *amazonTag != "" {
		return createAmazonTag(ctx, st, ws, importer.AmazonTagInfo{Tag: *amazonTag, Creator: *creator, Campaign: *campaign},
			importer.NewLink{Slug: *slug, Destination: *dest, Creator: *creator, Campaign: *campaign, PostID: *post}, stdout)
	}
	if pos[0] == "create" {
		return createLink(ctx, st, ws, importer.NewLink{Slug: *slug, Destination: *dest, Creator: *creator, Campaign: *campaign, PostID: *post}, *replace, stdout)
	}
	links, err := importer.ListLinks(ctx, st, ws)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "slug\tcreator\tcampaign\tpost\tdestination")
	for _, l := range links {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", terminal(l.Slug, l.Creator, l.Campaign, l.PostID, l.Destination)...)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d links\n", len(links))
	return listAmazonTags(ctx, st, ws, stdout)
}

// createLink creates a link, or with replace gives an existing slug to it
// and says what moved.
func createLink(ctx context.Context, st *store.Store, ws store.Workspace, l importer.NewLink, replace bool, stdout io.Writer) error {
	var r importer.Replaced
	var err error
	if replace {
		r, err = importer.ReplaceLink(ctx, st, ws, l)
	} else {
		r.Link, err = importer.CreateLink(ctx, st, ws, l)
	}
	var held *importer.SlugHeldError
	if errors.As(err, &held) {
		return fmt.Errorf("link create: %w; add --replace to give the slug to this link (the clicks it had stay with %s)", err, held.Creator)
	}
	if err != nil {
		return fmt.Errorf("link create: %w", err)
	}
	n := r.Link
	fmt.Fprintf(stdout, "link /%s → %s (creator %s, campaign %s)\n", terminal(n.Slug, n.Destination, n.Creator, n.Campaign)...)
	if b := r.Before; b.Slug != "" {
		var moved []string
		for _, c := range [][3]string{{"creator", b.Creator, n.Creator}, {"campaign", b.Campaign, n.Campaign},
			{"post", b.PostID, n.PostID}, {"destination", b.Destination, n.Destination}} {
			if c[1] != c[2] {
				moved = append(moved, fmt.Sprintf("%s %s → %s", c[0], textsafe.Terminal(cmp.Or(c[1], "(none)")), textsafe.Terminal(cmp.Or(c[2], "(none)"))))
			}
		}
		fmt.Fprintf(stdout, "replaced: %s; the %d clicks it had stay with creator %s, campaign %s\n",
			strings.Join(moved, ", "), r.Clicks, textsafe.Terminal(b.Creator), textsafe.Terminal(b.Campaign))
	}
	return nil
}

func cmdCode(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("code")
	creator := fs.String("creator", "", "creator handle")
	campaign := fs.String("campaign", "", "campaign name")
	pattern := fs.String("pattern", "", "pattern: text, with {N} a digit, {A} a letter, {X} either (default: the handle's letters and {NN})")
	count := fs.Int("count", 1, "how many codes")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "generate" && pos[0] != "list") {
		return fmt.Errorf("code: usage: lift code generate --creator H --campaign C [--pattern 'ANA{NN}'] [--count N] | lift code list%s",
			suggestSub(pos, "generate", "list"))
	}
	st, ws, err := c.open(ctx, pos[0] == "generate")
	if err != nil {
		return err
	}
	defer st.Close()
	if pos[0] == "generate" {
		codes, err := importer.GenerateCodes(ctx, st, ws, *creator, *campaign, *pattern, *count)
		if err != nil {
			return fmt.Errorf("code generate: %w", err)
		}
		for _, code := range codes {
			fmt.Fprintln(stdout, code)
		}
		fmt.Fprintf(stdout, "%d codes generated for %s in %s\n", len(codes), *creator, *campaign)
		return nil
	}
	codes, err := importer.ListCodes(ctx, st, ws)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tcreator\tcampaign")
	for _, c := range codes {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", terminal(c.Code, c.Creator, c.Campaign)...)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d codes\n", len(codes))
	return nil
}

// cmdAPIKey writes a new key alone on stdout, its explanation on stderr,
// so that KEY=$(lift apikey create) holds just the key.
func cmdAPIKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("apikey")
	name := fs.String("name", "", "what the key is for")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	sub := ""
	if len(pos) > 0 {
		sub = pos[0]
	}
	if (sub != "create" && sub != "list" && sub != "revoke") || (sub == "revoke") != (len(pos) == 2) || len(pos) > 2 {
		return fmt.Errorf("apikey: usage: lift apikey create [--name N] | list | revoke ID%s", suggestSub(pos, "create", "list", "revoke"))
	}
	st, ws, err := c.open(ctx, sub != "list")
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "create":
		key, err := server.CreateAPIKey(ctx, st, ws, *name)
		if err != nil {
			return fmt.Errorf("apikey create: %w", err)
		}
		fmt.Fprintln(stdout, key)
		fmt.Fprintf(stderr, "API key for workspace %s: shown once, stored only as a hash; send it as Authorization: Bearer <key>\n", ws.Name)
		return nil
	case "revoke":
		return revokeAPIKey(ctx, st, ws, pos[1], stdout)
	}
	keys, err := st.APIKeys(ctx, ws.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tprefix\tname\tcreated\tstate")
	for _, k := range keys {
		state := "active"
		if k.Revoked {
			state = "revoked"
		}
		fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\n", k.ID, k.Prefix, textsafe.Terminal(k.Name), k.CreatedAt.Format(time.DateTime), state)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d API keys\n", len(keys))
	return nil
}

// revokeAPIKey revokes the key of the workspace named by its id or by the
// prefix `lift apikey list` shows.
func revokeAPIKey(ctx context.Context, st *store.Store, ws store.Workspace, ref string, stdout io.Writer) error {
	keys, err := st.APIKeys(ctx, ws.ID)
	if err != nil {
		return err
	}
	ref = strings.TrimSuffix(ref, "…")
	var match []store.APIKey
	for _, k := range keys {
		if strconv.FormatInt(k.ID, 10) == ref {
			match = []store.APIKey{k}
			break
		}
		if k.Prefix == ref {
			match = append(match, k)
		}
	}
	switch len(match) {
	case 1:
		k := match[0]
		if _, err := st.RevokeAPIKey(ctx, ws.ID, k.ID); err != nil {
			return fmt.Errorf("apikey revoke: %w", err)
		}
		fmt.Fprintf(stdout, "API key %d (%s…, %q) revoked: requests with it are refused from now on\n", k.ID, k.Prefix, k.Name)
		return nil
	case 0:
	default:
		return fmt.Errorf("apikey revoke: %d keys begin with %s: give the id (lift apikey list shows it)", len(match), ref)
	}
	return fmt.Errorf("apikey revoke: workspace %s has no API key %q (lift apikey list shows them)", ws.Name, ref)
}

// terminal escapes stored text for a table on the terminal: a name with
// control characters must not drive the screen (see textsafe.Terminal).
func terminal(fields ...string) []any {
	out := make([]any, len(fields))
	for i, f := range fields {
		out[i] = textsafe.Terminal(f)
	}
	return out
}
