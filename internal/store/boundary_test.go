package store

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoSQLOutsideStore keeps every statement and the raw database
// handle inside this package, where engine differences are kept: a
// non-test Go file elsewhere that imports database/sql or a database
// driver fails it. The one exception is internal/testdb, which makes and
// drops the tests' PostgreSQL schemas through pgx.
func TestNoSQLOutsideStore(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == here || (path != root && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(root, path)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			driver := strings.HasPrefix(p, "github.com/jackc/pgx") || strings.HasPrefix(p, "modernc.org/sqlite")
			if driver && filepath.Dir(rel) == filepath.Join("internal", "testdb") && p == "github.com/jackc/pgx/v5" {
				continue
			}
			if p == "database/sql" || strings.HasPrefix(p, "database/sql/") || driver {
				t.Errorf("%s imports %s: put the statement in a named method of internal/store", rel, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d files under %s: the walk missed the repository", checked, root)
	}
}
