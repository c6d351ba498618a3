package csvin

import (
	"strings"
	"unicode/utf8"
)

// arena copies the strings records keep into shared chunks. A copy is
// needed so that a record does not pin the reader's whole line (wide
// exports carry dozens of columns Lift ignores), and sharing chunks turns
// several allocations per row into one per chunk. Records of one file are
// used and dropped together, so a chunk outliving some of them costs
// little.
type arena struct {
	b     strings.Builder
	bools []bool
	strs  []string
}

const (
	arenaChunk = 32 << 10
	slabSize   = 1024
)

// caseMode says how a kept string's letters are stored.
type caseMode uint8

const (
	asIs caseMode = iota
	upper
	lower
)

// keep returns a copy of s that does not share memory with s.
func (a *arena) keep(s string) string { return a.keepCase(s, asIs) }

// keepCase copies s, changing the case of its letters as m says.
func (a *arena) keepCase(s string, m caseMode) string {
	if s == "" {
		return ""
	}
	if m != asIs && !isASCII(s) {
		// Outside ASCII the strings package knows the case rules; its
		// result may still be s itself, so it is copied below.
		if m == upper {
			s = strings.ToUpper(s)
		} else {
			s = strings.ToLower(s)
		}
		m = asIs
	}
	if len(s) > arenaChunk/4 {
		return strings.Clone(s)
	}
	if a.b.Cap()-a.b.Len() < len(s) {
		a.b = strings.Builder{}
		a.b.Grow(arenaChunk)
	}
	start := a.b.Len()
	if m == asIs {
		a.b.WriteString(s)
	} else {
		for i := 0; i < len(s); i++ {
			a.b.WriteByte(asciiCase(s[i], m))
		}
	}
	// Later writes only append past this string's end, so it never changes.
	return a.b.String()[start:]
}

func asciiCase(c byte, m caseMode) byte {
	switch {
	case m == upper && 'a' <= c && c <= 'z':
		return c - ('a' - 'A')
	case m == lower && 'A' <= c && c <= 'Z':
		return c + ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// boolean returns a pointer to a copy of v carved from a shared slab; each
// record gets its own element, so changing one changes no other.
func (a *arena) boolean(v bool) *bool {
	if len(a.bools) == cap(a.bools) {
		a.bools = make([]bool, 0, slabSize)
	}
	a.bools = append(a.bools, v)
	return &a.bools[len(a.bools)-1]
}

// strings returns a slice of n strings carved from a shared slab, with its
// capacity capped so that appending to it never writes into a neighbour.
func (a *arena) strings(n int) []string {
	if n > slabSize/4 {
		return make([]string, n)
	}
	if cap(a.strs)-len(a.strs) < n {
		a.strs = make([]string, 0, slabSize)
	}
	start := len(a.strs)
	a.strs = a.strs[:start+n]
	return a.strs[start : start+n : start+n]
}
