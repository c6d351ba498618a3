package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

// refs are the workspace's names that rows refer to. An import loads
// only the ones its rows name, in one batch per kind of name, so that its
// cost follows the rows it brings, not the size of the workspace: one
// webhook order reads no link at all. Campaigns are the exception: few
// per workspace, they load whole the first time one is named.
type refs struct {
	st *store.Store
	ws store.Workspace
	// loaded counts the rows read, for the tests that bound them.
	loaded int

	creators  map[string][]store.Creator // by handle; an empty entry: asked, none
	campaigns map[string]store.Campaign  // by lower-case name; nil until needed
	codes     map[string]store.Code      // by code
	posts     map[string]store.Post      // by post id
	links     map[string]store.Link      // live links by slug, every workspace
	replaced  map[string][]store.Link    // replaced links by slug, oldest first
	handles   map[int64]string           // creator id → handle
	asked     map[string]bool            // codes, post ids and slugs looked up (kind + "\x00" + key)
}

func newRefs(st *store.Store, ws store.Workspace) *refs {
	return &refs{st: st, ws: ws,
		creators: map[string][]store.Creator{}, codes: map[string]store.Code{}, posts: map[string]store.Post{},
		links: map[string]store.Link{}, replaced: map[string][]store.Link{}, handles: map[int64]string{},
		asked: map[string]bool{}}
}

// want is what a batch of rows names.
type want struct {
	creators  []string // creator references ("handle" or "handle/platform")
	campaigns bool
	codes     []string
	posts     []string // post ids
	slugs     []string
}

// load reads the references w names that are not loaded yet, and the
// creators the codes, posts and links found belong to (their handles
// name them in messages).
func (r *refs) load(ctx context.Context, w want) error {
	handles := make([]string, len(w.creators))
	for i, ref := range w.creators {
		handles[i], _, _ = strings.Cut(ref, "/")
	}
	if err := r.loadCreators(ctx, handles); err != nil {
		return err
	}
	if w.campaigns {
		if err := r.loadCampaigns(ctx); err != nil {
			return err
		}
	}
	var owners []int64
	codes, err := loadNew(r, "code", w.codes, func(keys []string) ([]store.Code, error) {
		return r.st.CodesNamed(ctx, r.ws.ID, keys)
	})
	for _, c := range codes {
		r.codes[c.Code] = c
		owners = append(owners, c.CreatorID)
	}
	if err != nil {
		return err
	}
	posts, err := loadNew(r, "post", w.posts, func(keys []string) ([]store.Post, error) {
		return r.st.PostsNamed(ctx, r.ws.ID, keys)
	})
	for _, p := range posts {
		r.posts[p.PostID] = p
		owners = append(owners, p.CreatorID)
	}
	if err != nil {
		return err
	}
	links, err := loadNew(r, "slug", w.slugs, func(keys []string) ([]store.Link, error) {
		live, err := r.st.LinksNamed(ctx, keys)
		if err != nil {
			return live, err
		}
		old, err := r.st.ReplacedLinksNamed(ctx, keys)
		return append(live, old...), err
	})
	for _, l := range links {
		if l.Live() {
			r.links[l.Slug] = l
		} else {
			r.replaced[l.Slug] = append(r.replaced[l.Slug], l)
		}
		if l.WorkspaceID == r.ws.ID {
			owners = append(owners, l.CreatorID)
		}
	}
	for _, old := range r.replaced {
		sort.Slice(old, func(a, b int) bool { return old[a].ReplacedAt.Before(old[b].ReplacedAt) })
	}
	if err != nil {
		return err
	}
	return r.loadOwners(ctx, owners)
}

// loadNew reads the keys of one kind not asked before, and marks them
// asked.
func loadNew[T any](r *refs, kind string, keys []string, read func([]string) ([]T, error)) ([]T, error) {
	var fresh []string
	for _, k := range keys {
		if !r.asked[kind+"\x00"+k] {
			r.asked[kind+"\x00"+k] = true
			fresh = append(fresh, k)
		}
	}
	if len(fresh) == 0 {
		return nil, nil
	}
	rows, err := read(fresh)
	r.loaded += len(rows)
	return rows, err
}

func (r *refs) loadCreators(ctx context.Context, handles []string) error {
	var fresh []string
	for _, h := range handles {
		if _, ok := r.creators[h]; !ok {
			r.creators[h] = nil
			fresh = append(fresh, h)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	found, err := r.st.CreatorsNamed(ctx, r.ws.ID, fresh)
	r.addCreators(found)
	return err
}

// loadOwners reads the creators of these ids whose handles are not known.
func (r *refs) loadOwners(ctx context.Context, ids []int64) error {
	var fresh []int64
	for _, id := range ids {
		if _, ok := r.handles[id]; !ok {
			r.handles[id] = ""
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	found, err := r.st.CreatorsByID(ctx, r.ws.ID, fresh)
	for _, c := range found {
		r.handles[c.ID] = c.Handle
	}
	r.loaded += len(found)
	return err
}

func (r *refs) addCreators(cs []store.Creator) {
	r.loaded += len(cs)
	for _, c := range cs {
		held := r.creators[c.Handle]
		if !slices.ContainsFunc(held, func(h store.Creator) bool { return h.ID == c.ID }) {
			r.creators[c.Handle] = append(held, c)
		}
		r.handles[c.ID] = c.Handle
	}
}

func (r *refs) loadCampaigns(ctx context.Context) error {
	if r.campaigns != nil {
		return nil
	}
	campaigns, err := r.st.Campaigns(ctx, r.ws.ID)
	if err != nil {
		return err
	}
	r.loaded += len(campaigns)
	r.campaigns = make(map[string]store.Campaign, len(campaigns))
	for _, c := range campaigns {
		r.campaigns[strings.ToLower(c.Name)] = c
	}
	return nil
}

// loadNames reads every creator and campaign of the workspace, for the
// lists that show them all and the files that name creators in ways a
// batch cannot gather (Amazon reports).
func (r *refs) loadNames(ctx context.Context) error {
	creators, err := r.st.Creators(ctx, r.ws.ID)
	if err != nil {
		return err
	}
	r.addCreators(creators)
	return r.loadCampaigns(ctx)
}

// loadPosts reads every post of the workspace: an insights export names
// a post by its platform's id or link, which only the whole set resolves.
func (r *refs) loadPosts(ctx context.Context) error {
	posts, err := r.st.Posts(ctx, r.ws.ID)
	if err != nil {
		return err
	}
	r.loaded += len(posts)
	for _, p := range posts {
		r.posts[p.PostID] = p
	}
	return nil
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

// linkAt returns the link that held slug at time at: a link replaced
// later than at, else the live one. So a click keeps the creator it was
// made for when its file is imported after the slug changed hands.
func (r *refs) linkAt(slug string, at time.Time) (store.Link, bool) {
	for _, l := range r.replaced[slug] {
		if at.Before(l.ReplacedAt) {
			return l, true
		}
	}
	l, ok := r.links[slug]
	return l, ok
}
