package store

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sqlStatement matches a string that starts as an SQL statement does:
// the upper-case keyword, then a space, a tab or a line end.
var sqlStatement = regexp.MustCompile(`^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|UPSERT|WITH|PRAGMA|CREATE|DROP|ALTER|TRUNCATE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|VACUUM|ATTACH|COPY|LISTEN|NOTIFY|SET|SHOW)\s`)

// testdbDir is the one package outside this one allowed SQL: it makes
// and drops the tests' PostgreSQL schemas through pgx, beneath any store.
var testdbDir = filepath.Join("internal", "testdb")

// TestNoSQLOutsideStore keeps every statement and the raw database
// handle inside this package, where engine differences are kept. A Go
// file elsewhere, test files included, fails it when it
//   - imports database/sql or a database driver (pgx, SQLite), or
//   - holds a string literal that starts like an SQL statement
//     ("SELECT …", "UPDATE …", "PRAGMA …"; see sqlStatement).
//
// A test that needs to see or arrange rows asks the store by name:
// listings, RowCounts, or the methods of testhooks.go. The one exception
// is internal/testdb's own (non-test) file, which makes and drops the
// tests' PostgreSQL schemas through pgx.
func TestNoSQLOutsideStore(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	checked, tests := 0, 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == here || (path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		for _, problem := range sqlProblems(t, path, rel) {
			t.Errorf("%s: put the statement in a named method of internal/store (testhooks.go for what only tests need)", problem)
		}
		checked++
		if strings.HasSuffix(path, "_test.go") {
			tests++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 || tests < 20 {
		t.Fatalf("checked only %d files (%d tests) under %s: the walk missed the repository", checked, tests, root)
	}
}

// sqlProblems lists what in the Go file at path (rel from the
// repository's root) holds SQL or reaches the database beside the store.
func sqlProblems(t *testing.T, path, rel string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	exempt := filepath.Dir(rel) == testdbDir && !strings.HasSuffix(rel, "_test.go")
	var problems []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		driver := strings.HasPrefix(p, "github.com/jackc/pgx") || strings.HasPrefix(p, "modernc.org/sqlite")
		if exempt && p == "github.com/jackc/pgx/v5" {
			continue
		}
		if p == "database/sql" || strings.HasPrefix(p, "database/sql/") || driver {
			problems = append(problems, rel+" imports "+p)
		}
	}
	if exempt {
		return problems
	}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err == nil && sqlStatement.MatchString(s) {
			line := strings.SplitN(strings.TrimSpace(s), "\n", 2)[0]
			problems = append(problems, rel+":"+strconv.Itoa(fset.Position(lit.Pos()).Line)+" holds SQL: "+strconv.Quote(line))
		}
		return true
	})
	return problems
}

// rawHandles are the types through which statements reach the database:
// database/sql's, and this package's pool and txn, whose methods take
// SQL.
var rawHandles = map[string]bool{"sql.DB": true, "sql.Tx": true, "sql.Conn": true, "sql.Stmt": true,
	"pool": true, "txn": true, "stmt": true}

// TestNoRawHandleLeavesStore: no exported field, and no exported
// function or method's result, of this package is a raw handle (as the
// write pool once was, Store.DB), so no code elsewhere can send a
// statement through the store.
func TestNoRawHandleLeavesStore(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		for _, problem := range exportedHandles(t, path) {
			t.Errorf("%s: keep the handle unexported, and give what callers need a named method", problem)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}

// exportedHandles lists the exported fields and results of the Go file
// at path whose type holds a raw handle.
func exportedHandles(t *testing.T, path string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	check := func(what string, typ ast.Expr) {
		ast.Inspect(typ, func(n ast.Node) bool {
			name := ""
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					name = id.Name + "." + x.Sel.Name
				}
			case *ast.Ident:
				name = x.Name
			}
			if rawHandles[name] {
				problems = append(problems, fmt.Sprintf("%s:%d: %s is a %s", path, fset.Position(typ.Pos()).Line, what, name))
				return false
			}
			return true
		})
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || d.Type.Results == nil {
				continue
			}
			if d.Recv != nil && !exportedReceiver(d.Recv.List[0].Type) {
				continue
			}
			for _, r := range d.Type.Results.List {
				check(d.Name.Name+"'s result", r.Type)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok || !ts.Name.IsExported() {
					continue
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, field := range st.Fields.List {
					for _, name := range field.Names {
						if name.IsExported() {
							check(ts.Name.Name+"."+name.Name, field.Type)
						}
					}
					if len(field.Names) == 0 { // embedded: its methods are promoted
						check(ts.Name.Name+"'s embedded field", field.Type)
					}
				}
			}
		}
	}
	return problems
}

// exportedReceiver reports whether a method's receiver type is exported.
func exportedReceiver(typ ast.Expr) bool {
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}
