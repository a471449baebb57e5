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
	"luoshi":      {},
	"flow":        {},
	"flow/refuse": {"luoshi", "flow"},
	"item":        {"luoshi", "flow", "flow/refuse"},
	"target":      {"luoshi", "flow", "flow/refuse"},
	"proposal":    {"luoshi", "flow", "flow/refuse"},
	"meeting":     {"luoshi", "flow", "flow/refuse"},
	"bulletin":    {"luoshi", "flow", "flow/refuse"},
	"stocktake":   {"luoshi", "flow", "flow/refuse"},
	"docx":        {},
	"otp":         {},
	"fieldcrypt":  {},
	"service":     {"luoshi", "otp", "flow", "item", "target", "proposal", "meeting", "bulletin", "stocktake"},
	"store":       {"luoshi"},
	"i18n":        {"luoshi"},
	"httpx":       {"luoshi", "i18n"},
	"xlsx":        {"luoshi"},
	"api":         {"luoshi", "service", "httpx", "i18n", "flow", "item", "target", "proposal", "meeting", "bulletin", "stocktake", "docx"},
	"web":         {"luoshi", "service", "httpx", "i18n", "flow", "item", "target", "proposal", "meeting", "bulletin", "stocktake", "docx"},
	"notify":      {"luoshi", "service"},
	"scheduler":   {"luoshi", "service"},
	"demo":        {"luoshi", "service"},
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

// TestModules holds the house's rule for modules: every package under internal/ that declares
// actions on the workflow kernel (imports internal/flow) is a module and is listed in
// modules.go; no module imports another (they refer to each other by ids and small
// interfaces that cmd/luoshi wires).
func TestModules(t *testing.T) {
	root := filepath.Join("..", "..", "internal")
	listed := map[string]bool{}
	for _, m := range modules {
		listed[m.Pkg] = true
	}
	imports := map[string][]string{} // package → packages of ours it imports
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(root, d.Name(), "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if ours, ok := strings.CutPrefix(path, "luoshi/internal/"); ok {
					imports[d.Name()] = append(imports[d.Name()], ours)
				}
			}
		}
	}
	isModule := func(pkg string) bool {
		return pkg != "flow" && slices.Contains(imports[pkg], "flow") && !slices.Contains(layerClients, pkg)
	}
	for pkg := range imports {
		if isModule(pkg) && !listed[pkg] {
			t.Errorf("internal/%s declares actions on the kernel but is not in modules.go", pkg)
		}
	}
	for pkg := range listed {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("modules.go lists %s, which is not a package under internal/", pkg)
		}
		for _, other := range imports[pkg] {
			if listed[other] {
				t.Errorf("module %s imports module %s: modules refer to each other through ids and interfaces cmd/luoshi wires", pkg, other)
			}
		}
	}
	if len(modules) == 0 {
		t.Error("no modules listed")
	}
}

// layerClients are the surfaces that use the modules' kernels (the service, the API, the
// pages) without being modules themselves.
var layerClients = []string{"service", "api", "web"}
