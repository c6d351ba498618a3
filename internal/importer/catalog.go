package importer

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// NewLink is a link to create from the command line or the API.
type NewLink struct {
	Slug        string // empty: 7 random base62 characters
	Destination string
	Creator     string
	Campaign    string
	PostID      string
}

// SlugHeldError refuses a new link whose slug a link of the workspace
// already has.
type SlugHeldError struct {
	Slug, Creator, Campaign, Destination string
}

func (e *SlugHeldError) Error() string {
	return fmt.Sprintf("slug %q is already the link of creator %s (campaign %s) to %s", e.Slug, e.Creator, e.Campaign, e.Destination)
}

// Replaced is what ReplaceLink did.
type Replaced struct {
	Link   csvin.Link // as stored now
	Before csvin.Link // the link that had the slug; Slug "" when none
	// Clicks are the counted clicks the earlier link keeps, credited to
	// its creator and campaign as before.
	Clicks int64
}

// CreateLink checks and stores one link, with the same rules as a links
// file (slug, reserved words, destination, creator, campaign, post). A slug
// the workspace already has is refused (SlugHeldError) unless the link is
// the same.
func CreateLink(ctx context.Context, st *store.Store, ws store.Workspace, l NewLink) (csvin.Link, error) {
	r, err := createLink(ctx, st, ws, l, false)
	return r.Link, err
}

// ReplaceLink stores a link, giving it the slug another link of the
// workspace has. When the creator, campaign or post changes, the earlier
// link keeps its row and its clicks (they stay with the creator they were
// made for) and a new link takes the slug; when only the destination
// changes, the link is updated in place.
func ReplaceLink(ctx context.Context, st *store.Store, ws store.Workspace, l NewLink) (Replaced, error) {
	return createLink(ctx, st, ws, l, true)
}

func createLink(ctx context.Context, st *store.Store, ws store.Workspace, l NewLink, replace bool) (Replaced, error) {
	creator, err := csvin.CreatorRef(l.Creator)
	if err != nil {
		return Replaced{}, fmt.Errorf("creator: %w", err)
	}
	link := csvin.Link{Line: 1, Slug: l.Slug, Destination: l.Destination, Creator: creator,
		Campaign: l.Campaign, PostID: l.PostID}
	out := Replaced{Link: link}
	if link.Slug == "" {
		out.Link.Slug = randomString(base62, 7)
		link.Slug = out.Link.Slug
	}
	if err := csvin.CheckSlug(link.Slug); err != nil {
		return out, fmt.Errorf("slug: %w", err)
	}
	if err := csvin.CheckDestination(link.Destination); err != nil {
		return out, fmt.Errorf("destination: %w", err)
	}
	_, err = run(ctx, st, ws, "links", Options{File: "link", NoLog: true}, func(j *job) error {
		j.res.Read = 1
		if err := j.need(want{creators: []string{link.Creator}, campaigns: true, slugs: []string{link.Slug},
			posts: names([]string{link.PostID}, func(p string) string { return p })}); err != nil {
			return err
		}
		held, ok := j.refs.links[link.Slug]
		if ok && held.WorkspaceID != ws.ID {
			j.bad(1, "slug", slugUnavailable, link.Slug)
			return nil
		}
		if !ok {
			return j.putLinks([]csvin.Link{link})
		}
		before, err := j.linkInfo(held)
		if err != nil {
			return err
		}
		owner, ok := j.linkOwner(link)
		if !ok {
			return nil // the refused row is listed
		}
		sameOwner := held.CreatorID == owner.CreatorID && held.CampaignID == owner.CampaignID && held.PostID == owner.PostID
		if sameOwner && held.Destination == link.Destination {
			return nil // the same link again
		}
		if !replace {
			return &SlugHeldError{Slug: link.Slug, Creator: before.Creator, Campaign: before.Campaign, Destination: before.Destination}
		}
		out.Before = before
		if out.Clicks, err = j.tx.LinkClicks(ctx, ws.ID, held.ID); err != nil {
			return err
		}
		if sameOwner {
			return j.putLinks([]csvin.Link{link}) // the clicks stay where they are
		}
		_, err = j.tx.ReplaceLink(ctx, ws.ID, held, owner, time.Now())
		return err
	})
	return out, oneError(err)
}

// linkInfo names a stored link's creator, campaign and post (its
// creator and campaign are loaded with the link).
func (j *job) linkInfo(l store.Link) (csvin.Link, error) {
	info := csvin.Link{Slug: l.Slug, Destination: l.Destination, Creator: j.refs.handles[l.CreatorID],
		Campaign: j.refs.campaignName(l.CampaignID)}
	if l.PostID == 0 {
		return info, nil
	}
	// A post is looked up by its platform id; the link has the row's.
	if err := j.refs.loadPosts(j.ctx); err != nil {
		return info, err
	}
	for _, p := range j.refs.posts {
		if p.ID == l.PostID {
			info.PostID = p.PostID
		}
	}
	return info, nil
}

// oneError turns a one-row refusal into its row's problem.
func oneError(err error) error {
	var refused *RefusedError
	if errors.As(err, &refused) && len(refused.Errors) == 1 {
		e := refused.Errors[0]
		if e.Column != "" {
			return fmt.Errorf("%s: %s", e.Column, e.Problem)
		}
		return errors.New(e.Problem)
	}
	return err
}

const (
	base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	// Codes are read aloud and typed from videos: no 0/O, 1/I/L.
	codeLetters = "ABCDEFGHJKMNPQRSTUVWXYZ"
	codeDigits  = "23456789"
)

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// ExpandPattern fills a code pattern: inside braces N is a digit, A a
// letter and X either, all from alphabets without look-alike characters;
// outside braces the text is kept (upper-cased). "ANA{NN}" → "ANA47".
// Without braces the pattern is the code itself: "ana20" → "ANA20".
func ExpandPattern(pattern string) (string, error) {
	p := strings.ToUpper(strings.TrimSpace(pattern))
	var b strings.Builder
	in := false
	for _, r := range p {
		switch {
		case r == '{' && !in:
			in = true
		case r == '}' && in:
			in = false
		case in && r == 'N':
			b.WriteString(randomString(codeDigits, 1))
		case in && r == 'A':
			b.WriteString(randomString(codeLetters, 1))
		case in && r == 'X':
			b.WriteString(randomString(codeLetters+codeDigits, 1))
		case in:
			return "", fmt.Errorf("pattern %q: inside braces use N (digit), A (letter) or X (either)", pattern)
		default:
			b.WriteRune(r)
		}
	}
	if in {
		return "", fmt.Errorf("pattern %q: a brace is not closed", pattern)
	}
	if err := csvin.CheckCode(b.String()); err != nil {
		return "", fmt.Errorf("pattern %q: %w", pattern, err)
	}
	return b.String(), nil
}

// literal reports a pattern without placeholders: it names one code.
func literal(pattern string) bool { return !strings.Contains(pattern, "{") }

// GenerateCodes creates count new codes for a creator in a campaign from
// a pattern (default: the handle's letters, then two digits), unique in
// the workspace.
func GenerateCodes(ctx context.Context, st *store.Store, ws store.Workspace, creator, campaign, pattern string, count int) ([]string, error) {
	creator, err := csvin.CreatorRef(creator)
	if err != nil {
		return nil, fmt.Errorf("creator: %w", err)
	}
	if pattern == "" {
		pattern = defaultPattern(creator)
	}
	if count < 1 || count > 1000 {
		return nil, errors.New("count must be between 1 and 1000")
	}
	if literal(pattern) && count != 1 {
		return nil, fmt.Errorf("pattern %q has no {N}, {A} or {X}, so it is one code: --count must be 1", pattern)
	}
	var codes []string
	_, err = run(ctx, st, ws, "codes", Options{File: "code", NoLog: true}, func(j *job) error {
		if literal(pattern) {
			c, err := ExpandPattern(pattern)
			if err != nil {
				return err
			}
			if err := j.need(want{codes: []string{c}, campaigns: true}); err != nil {
				return err
			}
			if held, ok := j.refs.codes[c]; ok {
				return fmt.Errorf("code %s already exists (creator %s, campaign %s)", c, j.refs.handles[held.CreatorID], j.refs.campaignName(held.CampaignID))
			}
		}
		// Candidates are drawn a round at a time and looked up together.
		seen := map[string]bool{}
		for tries := 0; len(codes) < count; {
			var round []string
			for len(codes)+len(round) < count {
				if tries++; tries > count*50 {
					return fmt.Errorf("pattern %q leaves too few unused codes; make it longer", pattern)
				}
				c, err := ExpandPattern(pattern)
				if err != nil {
					return err
				}
				if !seen[c] {
					seen[c] = true
					round = append(round, c)
				}
			}
			if err := j.need(want{codes: round}); err != nil {
				return err
			}
			for _, c := range round {
				if _, held := j.refs.codes[c]; !held {
					codes = append(codes, c)
				}
			}
		}
		recs := make([]csvin.Code, len(codes))
		for i, c := range codes {
			recs[i] = csvin.Code{Line: 1, Code: c, Creator: creator, Campaign: campaign}
		}
		j.res.Read = len(recs)
		return j.putCodes(recs)
	})
	if err != nil {
		return nil, oneError(err)
	}
	return codes, nil
}

func defaultPattern(handle string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(handle) {
		if r >= 'A' && r <= 'Z' && b.Len() < 8 {
			b.WriteRune(r)
		}
	}
	return b.String() + "{NN}"
}

// ListLinks lists a workspace's links with creator and campaign names.
func ListLinks(ctx context.Context, st *store.Store, ws store.Workspace) ([]csvin.Link, error) {
	r := newRefs(st, ws)
	if err := r.loadNames(ctx); err != nil {
		return nil, err
	}
	if err := r.loadPosts(ctx); err != nil {
		return nil, err
	}
	postIDs := map[int64]string{}
	for _, p := range r.posts {
		postIDs[p.ID] = p.PostID
	}
	links, err := st.Links(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	out := make([]csvin.Link, 0, len(links))
	for _, l := range links {
		if !l.Live() {
			continue // replaced: it keeps its clicks but no longer redirects
		}
		out = append(out, csvin.Link{Slug: l.Slug, Destination: l.Destination, Creator: r.handles[l.CreatorID],
			Campaign: r.campaignName(l.CampaignID), PostID: postIDs[l.PostID]})
	}
	return out, nil
}

// CodeInfo is a promo code with the names of its creator and campaign.
type CodeInfo struct {
	Code     string `json:"code"`
	Creator  string `json:"creator"`
	Campaign string `json:"campaign"`
}

// ListCodes lists a workspace's promo codes.
func ListCodes(ctx context.Context, st *store.Store, ws store.Workspace) ([]CodeInfo, error) {
	r := newRefs(st, ws)
	if err := r.loadNames(ctx); err != nil {
		return nil, err
	}
	codes, err := st.Codes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	out := make([]CodeInfo, len(codes))
	for i, c := range codes {
		out[i] = CodeInfo{c.Code, r.handles[c.CreatorID], r.campaignName(c.CampaignID)}
	}
	return out, nil
}
