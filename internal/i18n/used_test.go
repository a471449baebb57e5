package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// keyTakers are the functions and methods whose string arguments may be message keys: the
// domain's constructors, and the helpers of the services and surfaces that pass a key on.
var keyTakers = map[string]bool{
	"Errorf": true, "Invalid": true, "M": true, "Add": true, "AddCell": true, "forbidden": true,
	"deny": true, "set": true, "setf": true, "notFound": true, "uniqueErr": true, "readErr": true,
	"endSession": true, "T": true,
}

// TestKeysUsed checks that every message key written in the code is in the catalogue: a
// string literal that is a key (luoshi.IsKey) given to a function that makes a message, or
// as the Key of an error.
func TestKeysUsed(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, dir := range []string{"../luoshi", "../service", "../store", "../httpx", "../api", "../web", "../xlsx", "../../cmd/luoshi"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			check := func(e ast.Expr) {
				lit, ok := e.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil || !luoshi.IsKey(s) || strings.HasSuffix(s, ".") {
					return
				}
				n++
				if !Has(s) {
					t.Errorf("%s: key %q is not in the catalogue", fset.Position(lit.Pos()), s)
				}
			}
			ast.Inspect(f, func(node ast.Node) bool {
				switch x := node.(type) {
				case *ast.CallExpr:
					name := ""
					switch fn := x.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					}
					if keyTakers[name] {
						args := x.Args
						if name == "deny" && len(args) > 4 {
							args = args[4:] // after the action and target audited
						}
						for _, a := range args {
							check(a)
						}
					}
				case *ast.KeyValueExpr:
					if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Key" {
						check(x.Value)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 250 {
		t.Errorf("found only %d keys: is the scan still finding them?", n)
	}
}
