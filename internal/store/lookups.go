package store

import (
	"context"
	"strings"
)

// The lookups below read only the rows a batch of import rows names, so
// that checking one webhook order or a ten-row file costs the same in a
// workspace of ten links as in one of a million. Keys go in chunks small
// enough for any engine's limit on bound parameters.

// maxIn is the most keys one statement binds.
const maxIn = 500

// inList is " IN (?, ?, …)" for n parameters.
func inList(column string, n int) string {
	return " " + column + " IN (?" + strings.Repeat(", ?", n-1) + ")"
}

// byKeys runs list once per chunk of keys with the condition and the
// parameters (after the fixed ones) that select them, and joins the rows.
func byKeys[K, T any](keys []K, column string, fixed []any, list func(cond string, args ...any) ([]T, error)) ([]T, error) {
	var out []T
	for len(keys) > 0 {
		n := min(len(keys), maxIn)
		args := append([]any(nil), fixed...)
		for _, k := range keys[:n] {
			args = append(args, k)
		}
		rows, err := list(inList(column, n), args...)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		keys = keys[n:]
	}
	return out, nil
}

// CreatorsNamed returns a workspace's creators with the given handles, on
// every platform.
func (s *Store) CreatorsNamed(ctx context.Context, ws int64, handles []string) ([]Creator, error) {
	return byKeys(handles, "handle", []any{ws}, func(cond string, args ...any) ([]Creator, error) {
		return s.creators(ctx, " AND"+cond, args...)
	})
}

// CreatorsByID returns a workspace's creators with the given ids.
func (s *Store) CreatorsByID(ctx context.Context, ws int64, ids []int64) ([]Creator, error) {
	return byKeys(ids, "id", []any{ws}, func(cond string, args ...any) ([]Creator, error) {
		return s.creators(ctx, " AND"+cond, args...)
	})
}

// CodesNamed returns a workspace's promo codes among codes.
func (s *Store) CodesNamed(ctx context.Context, ws int64, codes []string) ([]Code, error) {
	return byKeys(codes, "code", []any{ws}, func(cond string, args ...any) ([]Code, error) {
		return s.codes(ctx, " AND"+cond, args...)
	})
}

// PostsNamed returns a workspace's posts with the given post ids.
func (s *Store) PostsNamed(ctx context.Context, ws int64, postIDs []string) ([]Post, error) {
	return byKeys(postIDs, "post_id", []any{ws}, func(cond string, args ...any) ([]Post, error) {
		return s.posts(ctx, " AND"+cond, args...)
	})
}

// LinksNamed returns the links with the given slugs, in any workspace
// (slugs are unique across workspaces).
func (s *Store) LinksNamed(ctx context.Context, slugs []string) ([]Link, error) {
	return byKeys(slugs, "slug", nil, func(cond string, args ...any) ([]Link, error) {
		return s.links(ctx, cond, args...)
	})
}

// ReplacedLinksNamed returns the links, of every workspace, that had
// these slugs before `lift link create --replace` gave them to another
// link (see migration 0014: such a link's stored slug is "<slug>~<id>").
func (s *Store) ReplacedLinksNamed(ctx context.Context, slugs []string) ([]Link, error) {
	return byKeys(slugs, s.eng.replacedSlug(), nil, func(cond string, args ...any) ([]Link, error) {
		return s.links(ctx, "replaced_at IS NOT NULL AND"+cond, args...)
	})
}

// replacedSlug is the slug a replaced link had, in SQL; an index on the
// same expression (migration 0014) serves ReplacedLinksNamed.
func (e engine) replacedSlug() string {
	if e == postgresEngine {
		return "split_part(slug, '~', 1)"
	}
	return "substr(slug, 1, instr(slug, '~') - 1)"
}
