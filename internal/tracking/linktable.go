package tracking

import (
	"maps"
	"sync/atomic"
)

// tableShards splits the link table so that a change copies one shard
// (a 256th of the links), not the whole table, while a redirect still
// reads without a lock.
const tableShards = 256

// linkTable maps slugs to routes. Each shard is an immutable map swapped
// whole: readers load a pointer, writers (one at a time, under the
// tracker's reloadMu) publish edited copies.
type linkTable struct {
	shards [tableShards]atomic.Pointer[map[string]route]
}

func shardOf(slug string) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(slug); i++ {
		h ^= uint32(slug[i])
		h *= 16777619
	}
	return int(h % tableShards)
}

func (lt *linkTable) get(slug string) (route, bool) {
	m := lt.shards[shardOf(slug)].Load()
	if m == nil {
		return route{}, false
	}
	r, ok := (*m)[slug]
	return r, ok
}

// tableEdit gathers changes to a link table: each shard is copied the
// first time it changes, and the copies are published together.
type tableEdit struct {
	lt     *linkTable
	copies map[int]map[string]route
}

func (lt *linkTable) edit() *tableEdit {
	return &tableEdit{lt: lt, copies: map[int]map[string]route{}}
}

func (e *tableEdit) shard(slug string) map[string]route {
	i := shardOf(slug)
	m, ok := e.copies[i]
	if !ok {
		if old := e.lt.shards[i].Load(); old != nil {
			m = maps.Clone(*old)
		} else {
			m = map[string]route{}
		}
		e.copies[i] = m
	}
	return m
}

func (e *tableEdit) put(slug string, r route) { e.shard(slug)[slug] = r }

func (e *tableEdit) remove(slug string) {
	if _, copied := e.copies[shardOf(slug)]; !copied {
		if _, held := e.lt.get(slug); !held {
			return // nothing to copy the shard for
		}
	}
	delete(e.shard(slug), slug)
}

func (e *tableEdit) publish() {
	for i, m := range e.copies {
		e.lt.shards[i].Store(&m)
	}
}
