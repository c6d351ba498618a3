package main

import (
	"flag"
	"fmt"
	"strings"
)

// suggest names the candidate closest to a mistyped word, as
// `; did you mean "report"?`, or "" when none is close: at most a third of
// its letters apart (at least one), or a word the input begins.
func suggest(got string, candidates []string) string {
	best, bestD := "", len(got)/3+1
	for _, c := range candidates {
		d := distance(strings.ToLower(got), c)
		if len(got) >= 3 && strings.HasPrefix(c, strings.ToLower(got)) {
			d = min(d, 1)
		}
		if d <= bestD && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// suggestFlag suggests a flag for the flag package's "flag provided but
// not defined: -fromm".
func suggestFlag(fs *flag.FlagSet, err error) string {
	const prefix = "flag provided but not defined: "
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return ""
	}
	got := strings.TrimLeft(strings.TrimPrefix(msg, prefix), "-")
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := suggest(got, names); s != "" {
		return strings.Replace(s, `"`, `"--`, 1)
	}
	return ""
}

// distance is the Levenshtein distance between two words: the fewest
// letters to insert, delete or change to turn one into the other.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// suggestSub suggests one of a command's subcommands for the first
// positional argument, if any.
func suggestSub(pos []string, subs ...string) string {
	if len(pos) == 0 {
		return ""
	}
	return suggest(pos[0], subs)
}
