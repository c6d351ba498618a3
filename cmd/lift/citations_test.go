package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The code relies on definitions written in the repository: it never
// cites a design document that is not here, and every README section a
// comment names (README, "Name") exists, as a heading or a bold title.
func TestCitationsResolveInTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	design := regexp.MustCompile(`DESIGN(\.md|\s*§)`)
	section := regexp.MustCompile(`README(?:\.md)?(?:'s|,)? "([^"\n]+)"`)
	found := 0
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".json")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if design.MatchString(line) {
				t.Errorf("%s:%d cites a document outside the repository: %s", path, i+1, strings.TrimSpace(line))
			}
			for _, m := range section.FindAllStringSubmatch(line, -1) {
				found++
				if !strings.Contains(string(readme), "\n## "+m[1]) && !strings.Contains(string(readme), "\n### "+m[1]) &&
					!strings.Contains(string(readme), "**"+m[1]+"**") {
					t.Errorf("%s:%d cites README section %q, which README.md has neither as a heading nor as a bold title", path, i+1, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no README citation found: the pattern no longer matches the code's comments")
	}
}
