package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/storetest"
)

// fill sets every field reachable from v to a value that is not zero: pointers point, lists
// have an element. A field added to Item later is filled too, so the test below covers it.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 3, 1, 8, 0, *n, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), n)
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	}
}

// shared names a place where a and b hold the same memory.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		if a.Type() == reflect.TypeFor[time.Time]() {
			return "" // its *Location is immutable
		}
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
					return p
				}
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && b.Len() > 0 && a.Index(0).Addr().Pointer() == b.Index(0).Addr().Pointer() {
			return path
		}
		for i := range min(a.Len(), b.Len()) {
			if p := shared(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	}
	return ""
}

// TestDocCache: an item read through the cache is what decoding its document gives, shares
// no memory with the cached entry, and changing it does not change what the next read gets.
func TestDocCache(t *testing.T) {
	var full luoshi.Item
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	full.ReportEvery = luoshi.Cadence{}
	if err := json.Unmarshal([]byte(`"1w"`), &full.ReportEvery); err != nil {
		t.Fatal(err)
	}
	bare := luoshi.Item{ID: 7, Title: "x"} // no co-units, no milestones: [] not null
	for _, it := range []*luoshi.Item{&full, &bare} {
		raw, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(raw)
		var want luoshi.Item
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if want.CoUnitIDs == nil {
			want.CoUnitIDs = []int64{}
		}
		if want.Milestones == nil {
			want.Milestones = []luoshi.Milestone{}
		}
		first, err := docs.item(doc) // decoded, and kept
		if err != nil {
			t.Fatal(err)
		}
		docs.mu.RLock()
		entry := docs.m[doc]
		docs.mu.RUnlock()
		if entry == nil {
			t.Fatal("the decoded document is not kept")
		}
		second, err := docs.item(doc) // from the cache
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range []*luoshi.Item{first, second} {
			if !reflect.DeepEqual(got, &want) {
				t.Fatalf("read through the cache:\n%+v\nwant\n%+v", got, want)
			}
			if p := shared(reflect.ValueOf(got), reflect.ValueOf(entry), "item"); p != "" {
				t.Fatalf("the copy shares %s with the cached entry", p)
			}
		}
		// Scribble over every field of the copy; the next read is unchanged.
		n := 1000
		fill(reflect.ValueOf(second).Elem(), &n)
		third, err := docs.item(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(third, &want) {
			t.Fatalf("changing a copy changed the cache:\n%+v", third)
		}
	}
	if _, err := docs.item(`{"id": `); err == nil {
		t.Fatal("a broken document decoded")
	}
}

// TestDocCacheBounded: the cache holds at most docCacheSize documents.
func TestDocCacheBounded(t *testing.T) {
	for i := range docCacheSize + 100 {
		raw, _ := json.Marshal(luoshi.Item{ID: int64(i + 1_000_000)})
		if _, err := docs.item(string(raw)); err != nil {
			t.Fatal(err)
		}
	}
	docs.mu.RLock()
	defer docs.mu.RUnlock()
	if len(docs.m) > docCacheSize {
		t.Fatalf("%d documents kept, at most %d", len(docs.m), docCacheSize)
	}
}

// TestReadPoolKeepsConnections: concurrent reads, more than the read pool holds, close no
// connection for being idle; the pool keeps each one, with its page cache and statements.
func TestReadPoolKeepsConnections(t *testing.T) {
	db := openScratch(t, t.TempDir()+"/pool.db")
	for range 5 {
		// The first readConns reads wait inside their transactions until all of them are
		// in, so that the reads overlap however the goroutines are scheduled (on a loaded
		// machine they could otherwise run one after the other on one connection).
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			entered int
			all     = make(chan struct{})
		)
		for range 2 * readConns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.View(t.Context(), func(tx luoshi.Tx) error {
					mu.Lock()
					if entered++; entered == readConns {
						close(all)
					}
					mu.Unlock()
					select {
					case <-all:
					case <-time.After(10 * time.Second):
						return errors.New("the read pool did not let readConns reads run at once")
					}
					_, err := tx.FindItemByID(t.Context(), 1)
					if err != nil && luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
						return nil
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	st := db.r.Stats()
	if st.MaxIdleClosed != 0 || st.OpenConnections > readConns {
		t.Fatalf("read pool: %d connections closed for being idle, %d open (at most %d)", st.MaxIdleClosed, st.OpenConnections, readConns)
	}
	if st.OpenConnections < 2 {
		t.Fatalf("read pool: %d connections open; the reads did not overlap", st.OpenConnections)
	}
}

// TestReadPoolSize: two readers a core, at least four and at most eight; each reader's page
// cache is readerCacheKiB (the resident memory budget, docs/performance.md "Memory"), the
// writer's SQLite's default.
func TestReadPoolSize(t *testing.T) {
	for _, c := range []struct{ cores, want int }{{1, 4}, {2, 4}, {3, 6}, {4, 8}, {16, 8}} {
		if got := readPoolSize(c.cores); got != c.want {
			t.Errorf("readPoolSize(%d) = %d, want %d", c.cores, got, c.want)
		}
	}
	db := openScratch(t, t.TempDir()+"/cache.db")
	var r, w int
	if err := db.r.QueryRow(`PRAGMA cache_size`).Scan(&r); err != nil {
		t.Fatal(err)
	}
	if err := db.w.QueryRow(`PRAGMA cache_size`).Scan(&w); err != nil {
		t.Fatal(err)
	}
	if r != -readerCacheKiB || w != -2000 {
		t.Fatalf("cache_size: readers %d, writer %d; want %d and -2000", r, w, -readerCacheKiB)
	}
}

// TestStoredDocumentWarmed: the document an item's update stores is decoded into the cache
// off the writer (docCache.warm) without anyone reading it, into what decoding the stored
// text gives; on both databases.
func TestStoredDocumentWarmed(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		r := storetest.MustCreateRegion(t, db, "330110")
		u := storetest.MustCreateUnit(t, db, r.ID, "县发改局")
		it := storetest.MustCreateItem(t, db, storetest.NewItem(r.ID, u.ID, "预热"), luoshi.ItemDerived{})
		next := it.Clone()
		next.Title, next.Version = "预热：第二版", it.Version+1
		storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
			return tx.UpdateItem(t.Context(), next, luoshi.ItemDerived{}, it.Version)
		})
		var stored string
		if err := db.r.QueryRowContext(t.Context(), `SELECT doc FROM items WHERE id = $1`, it.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		var kept *luoshi.Item
		for deadline := time.Now().Add(10 * time.Second); kept == nil && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			docs.mu.RLock()
			kept = docs.m[stored]
			docs.mu.RUnlock()
		}
		if kept == nil {
			t.Fatal("the stored document was not decoded into the cache")
		}
		want := new(luoshi.Item)
		if err := json.Unmarshal([]byte(stored), want); err != nil {
			t.Fatal(err)
		}
		if want.CoUnitIDs == nil {
			want.CoUnitIDs = []int64{}
		}
		if want.Milestones == nil {
			want.Milestones = []luoshi.Milestone{}
		}
		if !reflect.DeepEqual(kept, want) || kept.Title != next.Title {
			t.Errorf("kept %+v, want %+v", kept, want)
		}
	})
}
