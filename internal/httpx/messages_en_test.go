package httpx

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/i18n"
)

// scannedDirs are the packages whose messages reach a user: the domain, the services and
// the store (the messages of record), and the surfaces and importers that make their own.
var scannedDirs = []string{"../luoshi", "../service", "../store", "../httpx", "../api", "../web", "../xlsx"}

// message is one message format written in the code.
type message struct {
	pos    string // dir/file.go:line
	format string // the literal's value; empty when the code builds it
	expr   string // the code that builds it, when it does
}

type goFile struct {
	pkg, name string
	file      *ast.File
}

// scan parses every non-test .go file of the directories (and their subdirectories) and
// returns the messages given to the domain's error constructors and to the functions that
// pass a format on to them, and every string literal written anywhere in them.
func scan(t *testing.T, dirs ...string) (msgs []message, literals map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	var files []goFile
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err == nil {
				files = append(files, goFile{f.Name.Name, d.Name(), f})
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &scanner{fset: fset, wrappers: findWrappers(files)}
	literals = map[string]bool{}
	for _, f := range files {
		s.pkg = f.pkg
		for _, d := range f.file.Decls {
			s.fn, _ = d.(*ast.FuncDecl)
			ast.Inspect(d, s.visit)
		}
		if f.name == "messages_en.go" {
			continue // the catalogue itself
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			if v, ok := constString(n); ok {
				literals[v] = true
			}
			return true
		})
	}
	return s.msgs, literals
}

// A wrapper is a function that takes a message format and passes it on, like the services'
// forbidden(format, args...) or Validation.AddCell(ref, field, format, args...). Methods are
// known by name alone, functions by package and name.
type wrapper struct{ pkg, name string }

// findWrappers finds the functions whose format parameter reaches a domain error, and at
// which argument it sits.
func findWrappers(files []goFile) map[wrapper]int {
	ws := map[wrapper]int{
		{"luoshi", "Errorf"}: 1, {"luoshi", "Invalid"}: 1,
	}
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			for _, d := range f.file.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				key := wrapper{f.pkg, fn.Name.Name}
				if fn.Recv != nil {
					key.pkg = ""
				}
				if _, done := ws[key]; done {
					continue
				}
				s := &scanner{pkg: f.pkg, fn: fn, wrappers: ws}
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					c, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					// The format may reach the message as an argument of another format, as
					// AddCell's does: v.Add(addr, "%s：%s", cell, fmt.Sprintf(format, args...)).
					i := s.formatArg(c)
					for j, a := range c.Args {
						sprintf, ok := a.(*ast.CallExpr)
						if j == i || (j > i && i >= 0 && ok && isSprintf(sprintf)) {
							if p := s.param(a); p >= 0 {
								ws[key], changed = p, true
							}
						}
					}
					return true
				})
			}
		}
	}
	return ws
}

type scanner struct {
	fset     *token.FileSet
	pkg      string
	fn       *ast.FuncDecl // the function being read, if any
	wrappers map[wrapper]int
	msgs     []message
}

func (s *scanner) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		if i := s.formatArg(n); i >= 0 && i < len(n.Args) {
			s.record(n.Args[i])
		}
	case *ast.CompositeLit:
		if s.isType(n.Type, "Error", "FieldError") {
			s.recordFields(n)
		}
		if at, ok := n.Type.(*ast.ArrayType); ok && s.isType(at.Elt, "FieldError") {
			for _, el := range n.Elts {
				if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
					s.recordFields(cl)
				}
			}
		}
	}
	return true
}

// formatArg returns the index of the message format among a call's arguments, or -1 when
// the call makes no domain message: luoshi.Errorf(code, format, …), luoshi.Invalid(field,
// format, …), v.Add(field, format, …) of a Validation, a wrapper of one of them, and the
// web forms' f.set(field, msg) and f.int(field, label).
func (s *scanner) formatArg(c *ast.CallExpr) int {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		if i, ok := s.wrappers[wrapper{s.pkg, fn.Name}]; ok {
			return i
		}
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if i, ok := s.wrappers[wrapper{x.Name, fn.Sel.Name}]; ok {
				return i
			}
		}
		if i, ok := s.wrappers[wrapper{"", fn.Sel.Name}]; ok {
			return i
		}
		// No other Add of this code takes a Chinese second argument, or a format and args.
		if fn.Sel.Name == "Add" && len(c.Args) >= 2 && (hasHan(c.Args[1]) || len(c.Args) > 2) {
			return 1
		}
		if s.pkg == "web" && (fn.Sel.Name == "set" || fn.Sel.Name == "int") && len(c.Args) == 2 {
			return 1
		}
	}
	return -1
}

// param returns the index of the parameter of the function being read that e names (also
// as fmt.Sprintf(param, args...)), or -1.
func (s *scanner) param(e ast.Expr) int {
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) > 0 && isSprintf(c) {
		e = c.Args[0]
	}
	id, ok := e.(*ast.Ident)
	if !ok || s.fn == nil {
		return -1
	}
	i := 0
	for _, f := range s.fn.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == id.Name {
				return i
			}
			i++
		}
	}
	return -1
}

func isSprintf(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "fmt" && sel.Sel.Name == "Sprintf"
}

// isType reports whether a type expression names one of the domain's error types.
func (s *scanner) isType(e ast.Expr, names ...string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return s.pkg == "luoshi" && slices.Contains(names, e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "luoshi" && slices.Contains(names, e.Sel.Name)
	}
	return false
}

func (s *scanner) recordFields(cl *ast.CompositeLit) {
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Message" {
				s.record(kv.Value)
			}
		}
	}
}

func (s *scanner) record(e ast.Expr) {
	p := s.fset.Position(e.Pos())
	m := message{pos: filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)}
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) > 0 && isSprintf(c) {
		if _, ok := constString(c.Args[0]); ok {
			e = c.Args[0] // a message formatted in place is matched against its format when shown
		}
	}
	if v, ok := constString(e); ok {
		m.format = v
	} else if s.param(e) >= 0 {
		return // a wrapper passing its format on: its callers are read instead
	} else {
		var b strings.Builder
		printer.Fprint(&b, s.fset, e)
		m.expr = b.String()
	}
	s.msgs = append(s.msgs, m)
}

// constString returns the value of a string literal or of a concatenation of literals.
func constString(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.BasicLit:
		if n.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(n.Value)
		return v, err == nil
	case *ast.BinaryExpr:
		if n.Op != token.ADD {
			return "", false
		}
		x, ok1 := constString(n.X)
		y, ok2 := constString(n.Y)
		return x + y, ok1 && ok2
	case *ast.ParenExpr:
		return constString(n.X)
	}
	return "", false
}

func hasHan(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if v, ok := constString(n); ok && han(v) {
			found = true
		}
		return !found
	})
	return found
}

// TestMessagesEN checks the English catalogue against the code: every Chinese message format
// has an English one with the same verbs in the same order, and every entry is still used.
func TestMessagesEN(t *testing.T) {
	msgs, literals := scan(t, scannedDirs...)
	if len(msgs) < 100 {
		t.Fatalf("found only %d messages: is the scanner still finding them?", len(msgs))
	}
	var missing, dynamic []string
	seen := map[string]bool{}
	for _, m := range msgs {
		switch {
		case m.format == "":
			dynamic = append(dynamic, m.pos+": "+m.expr)
		case han(m.format) && messagesEN[m.format] == "" && !seen[m.format]:
			seen[m.format] = true
			missing = append(missing, fmt.Sprintf("%s: %q", m.pos, m.format))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d Chinese messages have no English in messages_en.go:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	for _, d := range dynamic {
		t.Logf("built at run time, translated only where its parts are in the catalogue: %s", d)
	}
	for zh, en := range messagesEN {
		if zv, ev := i18n.Verbs(zh), i18n.Verbs(en); !slices.Equal(zv, ev) {
			t.Errorf("%q has verbs %q but its English %q has %q", zh, zv, en, ev)
		}
		if !chinese(zh) || en == "" || chinese(unquoted(en)) {
			t.Errorf("entry %q → %q: the key must be Chinese, the English must have no Chinese but in “quotes”", zh, en)
		}
		if !written(zh, literals) {
			t.Errorf("stale entry: %q is no longer written anywhere in %v", zh, scannedDirs)
		}
	}
}

// written reports whether an entry is still written in the code: as one literal, or, for a
// message the code concatenates, each literal part between its verbs.
func written(format string, literals map[string]bool) bool {
	if literals[format] {
		return true
	}
	var parts []string
	splitVerbs(format, func(string) {}, func(lit string) { parts = append(parts, lit) })
	for _, p := range parts {
		if !literals[p] {
			return false
		}
	}
	return len(parts) > 0 && len(i18n.Verbs(format)) > 0
}

// unquoted drops the parts of s in “quotes”: a sheet's Chinese header or value that an
// English message must still name as the workbook has it.
func unquoted(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "“")
		j := strings.Index(s[max(i, 0):], "”")
		if i < 0 || j < 0 {
			return b.String() + s
		}
		b.WriteString(s[:i])
		s = s[i+j+len("”"):]
	}
}
