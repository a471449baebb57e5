package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static/*.css static/*.js static/*.svg
var staticFS embed.FS

// asset is one embedded static file under its content-hashed name, with a gzipped copy.
type asset struct {
	body, gz    []byte
	contentType string
}

// assets serves the static files at /static/<name>.<hash>.<ext> with a year's caching: a
// changed file gets a new URL, so nothing stale is ever served.
type assets struct {
	urls   map[string]string // logical name → URL
	byPath map[string]*asset // URL → file
}

func loadAssets() (*assets, error) {
	as := &assets{urls: map[string]string{}, byPath: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		as.urls[name] = url
		as.byPath[url] = &asset{body: body, gz: gz.Bytes(), contentType: mime.TypeByExtension(ext)}
		return nil
	})
	return as, err
}

// URL returns the hashed URL of a static file; a name not embedded fails the template.
func (as *assets) URL(name string) (string, error) {
	u, ok := as.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

// ServeHTTP serves an asset, gzipped when the browser accepts it.
func (as *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := as.byPath[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := a.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	w.Write(body)
}
