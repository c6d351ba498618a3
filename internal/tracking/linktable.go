package tracking

import "sync/atomic"

// tableShards splits the link table so that a change rebuilds one shard
// (a 256th of the links), not the whole table, while a redirect still
// reads without a lock.
const tableShards = 256

// linkTable maps slugs to routes. Each shard is immutable and swapped
// whole: readers load a pointer, the one writer at a time (under the
// tracker's reloadMu) publishes rebuilt shards. A Go map of a million
// entries costs about 130 bytes an entry beside the strings; a shard
// is a dense slice of routes and an index of int32 positions instead
// (about 47 bytes), which keeps a node of 1,000,000 links small.
type linkTable struct {
	shards [tableShards]atomic.Pointer[shard]
}

type shard struct {
	routes []route
	index  []int32 // open addressing, a power of two long: 0 is empty, else a position in routes + 1
}

func hashSlug(slug string) uint32 {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(slug); i++ {
		h ^= uint32(slug[i])
		h *= 16777619
	}
	return h
}

// The low bits of the hash pick the shard, the others the index slot.
func shardOf(h uint32) int { return int(h % tableShards) }

func (lt *linkTable) get(slug string) (route, bool) {
	h := hashSlug(slug)
	s := lt.shards[shardOf(h)].Load()
	if s == nil {
		return route{}, false
	}
	return s.find(h, slug)
}

func (s *shard) find(h uint32, slug string) (route, bool) {
	mask := uint32(len(s.index) - 1)
	for i := (h / tableShards) & mask; ; i = (i + 1) & mask {
		p := s.index[i]
		if p == 0 {
			return route{}, false
		}
		if r := &s.routes[p-1]; r.slug() == slug {
			return *r, true
		}
	}
}

// newShard indexes routes (distinct slugs) at most half full.
func newShard(routes []route) *shard {
	size := 8
	for size < 2*len(routes) {
		size *= 2
	}
	s := &shard{routes: routes, index: make([]int32, size)}
	mask := uint32(size - 1)
	for p := range routes {
		i := (hashSlug(routes[p].slug()) / tableShards) & mask
		for s.index[i] != 0 {
			i = (i + 1) & mask
		}
		s.index[i] = int32(p + 1)
	}
	return s
}

// tableEdit gathers changes to a link table, in order, per shard; publish
// rebuilds each changed shard once.
type tableEdit struct {
	lt  *linkTable
	ops [tableShards][]tableOp
}

type tableOp struct {
	slug   string
	r      route
	remove bool
}

func (lt *linkTable) edit() *tableEdit { return &tableEdit{lt: lt} }

func (e *tableEdit) put(r route) {
	i := shardOf(hashSlug(r.slug()))
	e.ops[i] = append(e.ops[i], tableOp{slug: r.slug(), r: r})
}

func (e *tableEdit) remove(slug string) {
	i := shardOf(hashSlug(slug))
	e.ops[i] = append(e.ops[i], tableOp{slug: slug, remove: true})
}

func (e *tableEdit) publish() {
	for i, ops := range e.ops {
		if len(ops) == 0 {
			continue
		}
		last := make(map[string]int, len(ops)) // the op that decides each slug
		for k, op := range ops {
			last[op.slug] = k
		}
		old := e.lt.shards[i].Load()
		if old == nil {
			old = &shard{}
		}
		n := 0 // sized exactly: a node holds these for long
		for _, r := range old.routes {
			if _, changed := last[r.slug()]; !changed {
				n++
			}
		}
		for k, op := range ops {
			if last[op.slug] == k && !op.remove {
				n++
			}
		}
		routes := make([]route, 0, n)
		for _, r := range old.routes {
			if _, changed := last[r.slug()]; !changed {
				routes = append(routes, r)
			}
		}
		for k, op := range ops {
			if last[op.slug] == k && !op.remove {
				routes = append(routes, op.r)
			}
		}
		e.lt.shards[i].Store(newShard(routes))
		e.ops[i] = nil
	}
}
