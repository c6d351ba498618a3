package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

// refs are the workspace's names that rows refer to, loaded once per
// import.
type refs struct {
	creators  map[string][]store.Creator // by handle
	campaigns map[string]store.Campaign  // by lower-case name
	codes     map[string]store.Code      // by code
	posts     map[string]store.Post      // by post id
	links     map[string]store.Link      // by slug, every workspace
	handles   map[int64]string           // creator id → handle
}

func loadRefs(ctx context.Context, st *store.Store, ws store.Workspace) (*refs, error) {
	r := &refs{
		creators: map[string][]store.Creator{}, campaigns: map[string]store.Campaign{},
		codes: map[string]store.Code{}, posts: map[string]store.Post{}, links: map[string]store.Link{},
		handles: map[int64]string{},
	}
	creators, err := st.Creators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range creators {
		r.creators[c.Handle] = append(r.creators[c.Handle], c)
		r.handles[c.ID] = c.Handle
	}
	campaigns, err := st.Campaigns(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range campaigns {
		r.campaigns[strings.ToLower(c.Name)] = c
	}
	codes, err := st.Codes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		r.codes[c.Code] = c
	}
	posts, err := st.Posts(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		r.posts[p.PostID] = p
	}
	links, err := st.Links(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		r.links[l.Slug] = l
	}
	return r, nil
}

// creator resolves a creator reference: a handle, or "handle/platform"
// when the handle is on several platforms. platform, when not empty, must
// match.
func (r *refs) creator(ref, platform string) (store.Creator, error) {
	handle, plat, _ := strings.Cut(ref, "/")
	if platform != "" {
		plat = platform
	}
	found := r.creators[handle]
	var on []string
	for _, c := range found {
		if plat == "" || c.Platform == plat {
			on = append(on, c.Platform)
		}
	}
	switch {
	case len(found) == 0:
		return store.Creator{}, fmt.Errorf("unknown creator %q (import it with `lift import creators` first)", handle)
	case len(on) == 0:
		return store.Creator{}, fmt.Errorf("creator %q has no %s profile", handle, plat)
	case len(on) > 1:
		sort.Strings(on)
		return store.Creator{}, fmt.Errorf("creator %q is on %s: write %s/%s to say which", handle, strings.Join(on, " and "), handle, on[0])
	}
	for _, c := range found {
		if plat == "" || c.Platform == plat {
			return c, nil
		}
	}
	panic("unreachable")
}

func (r *refs) campaign(name string) (store.Campaign, error) {
	c, ok := r.campaigns[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return store.Campaign{}, fmt.Errorf("unknown campaign %q (import it with `lift import campaigns` first)", name)
	}
	return c, nil
}

// Pseudonym turns a customer id, e-mail or visitor id into the salted key
// Lift stores in its place. Case and surrounding spaces do not matter.
func Pseudonym(salt, raw string) string {
	raw = strings.ToLower(strings.TrimSpace(raw))
	if raw == "" {
		return ""
	}
	h := sha256.Sum256([]byte(salt + "\x00" + raw))
	return hex.EncodeToString(h[:16])
}

func (r *refs) campaignName(id int64) string {
	for _, c := range r.campaigns {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}
