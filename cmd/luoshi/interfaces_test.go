package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxMethods bounds an interface's method set: a module's dependencies stay small enough
// to read and to fake. luoshi.Tx, the store's union of every area's part, is the one
// aggregate exempt; code that needs one area takes that area's part.
const maxMethods = 30

var aggregates = map[string]bool{"luoshi.Tx": true}

// TestInterfaceSize counts the method set of every interface declared under internal/
// (embedded interfaces of the same package included) and fails on one above maxMethods.
func TestInterfaceSize(t *testing.T) {
	root := filepath.Join("..", "..", "internal")
	err := filepath.WalkDir(root, func(dir string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		ifaces := map[string]*ast.InterfaceType{}
		pkg := ""
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
			if err != nil {
				return err
			}
			pkg = f.Name.Name
			ast.Inspect(f, func(n ast.Node) bool {
				if ts, ok := n.(*ast.TypeSpec); ok {
					if it, ok := ts.Type.(*ast.InterfaceType); ok {
						ifaces[ts.Name.Name] = it
					}
				}
				return true
			})
		}
		var count func(it *ast.InterfaceType) int
		count = func(it *ast.InterfaceType) int {
			n := 0
			for _, m := range it.Methods.List {
				if len(m.Names) > 0 {
					n += len(m.Names)
				} else if id, ok := m.Type.(*ast.Ident); ok && ifaces[id.Name] != nil {
					n += count(ifaces[id.Name])
				}
			}
			return n
		}
		for name, it := range ifaces {
			if n := count(it); n > maxMethods && !aggregates[pkg+"."+name] {
				t.Errorf("%s.%s has %d methods (at most %d): split it by area", pkg, name, n, maxMethods)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
