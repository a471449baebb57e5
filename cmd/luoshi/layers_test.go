package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layers are the packages of ours each layer may import (STYLE.md, "What may import what").
// The domain imports the standard library only; nothing imports sideways. The tools around
// the layers (bench, demo fixtures' helpers, test support) are not listed and not checked.
var layers = map[string][]string{
	"luoshi":     {},
	"flow":       {},
	"item":       {"luoshi", "flow"},
	"target":     {"luoshi", "flow"},
	"otp":        {},
	"fieldcrypt": {},
	"service":    {"luoshi", "otp", "flow", "item", "target"},
	"store":      {"luoshi"},
	"i18n":       {"luoshi"},
	"httpx":      {"luoshi", "i18n"},
	"xlsx":       {"luoshi"},
	"api":        {"luoshi", "service", "httpx", "flow", "item", "target"},
	"web":        {"luoshi", "service", "httpx", "i18n", "flow", "item", "target"},
	"notify":     {"luoshi", "service"},
	"scheduler":  {"luoshi", "service"},
	"demo":       {"luoshi", "service"},
}

// TestLayers reads the imports of every non-test file of the layers and fails on one the
// house style forbids: a sideways import (api or web reaching xlsx or the store), or anything
// but the standard library in the domain.
func TestLayers(t *testing.T) {
	root := filepath.Join("..", "..", "internal")
	for pkg, allowed := range layers {
		files, err := filepath.Glob(filepath.Join(root, pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("package %s: no files (%v)", pkg, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				ours, isOurs := strings.CutPrefix(path, "luoshi/internal/")
				switch {
				case isOurs && !slices.Contains(allowed, ours):
					t.Errorf("%s imports %s: %s may import only %v of ours", file, path, pkg, allowed)
				case (pkg == "luoshi" || pkg == "flow") && strings.Contains(strings.Split(path, "/")[0], "."):
					t.Errorf("%s imports %s: the domain imports the standard library only", file, path)
				}
			}
		}
	}
}
