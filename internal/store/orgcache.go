package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"luoshi/internal/luoshi"
)

// The recipients kept (SQLite). A notice's recipients — the enabled accounts of an audience
// with their preferences (FindRecipients) — are read on the one writer for almost every write
// (an item's create: its assignment's notice; a report: the supervisors'), a tenth of a
// create's time on the writer, and change only when an account, its roles or its preferences
// do. So the writer keeps them, by the exact statements and arguments that read them, and the
// units a create checks (FindUnitsByID), by id, under a generation of those tables:
//
//   - a statement of the writer that may change them — one naming users, user_roles,
//     notify_prefs or units and writing (INSERT, UPDATE, DELETE, REPLACE), by its text, before
//     it runs, whatever it turns out to change — moves the generation on and drops what is
//     kept;
//   - the group it ran in moves it on again when it ends, committed or not, so that nothing
//     read inside it (which may have seen a change later rolled back) outlives it;
//   - an answer is kept under the generation of before its read, and used only while the
//     generation has not moved.
//
// Every write of the SQLite store goes through the writer's groups (group.go), in one process
// (version.go); reads on the read pool neither use nor fill it. PostgreSQL keeps nothing:
// several processes may write there, and its reads go with the write's first round trip
// (DrawRecipients).

// orgTables are the tables FindRecipients and FindUnitsByID read.
var orgTables = []string{"users", "user_roles", "notify_prefs", "units"}

// orgKeptMax bounds what is kept: past it, everything is dropped and kept again as read.
const orgKeptMax = 1024

// orgCache is what the writer keeps of the organisation. What its maps hold is always of the
// current generation: changed empties them as it moves the generation on, and an answer read
// under an older one is not put.
type orgCache struct {
	mu    sync.Mutex
	gen   uint64
	kept  map[string][]luoshi.Recipient // FindRecipients' answers, by recipientsKey
	units map[int64]luoshi.Unit         // FindUnitsByID's units, by id
	hits  atomic.Int64                  // answers given from memory (tests)
}

func newOrgCache() *orgCache {
	return &orgCache{kept: map[string][]luoshi.Recipient{}, units: map[int64]luoshi.Unit{}}
}

// generation is the current generation, taken before a read whose answer is to be kept.
func (c *orgCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// changed moves the generation on and drops what is kept.
func (c *orgCache) changed() {
	c.mu.Lock()
	c.gen++
	clear(c.kept)
	clear(c.units)
	c.mu.Unlock()
}

// get answers a copy of the recipients kept under key.
func (c *orgCache) get(key string) ([]luoshi.Recipient, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rs, ok := c.kept[key]
	if !ok {
		return nil, false
	}
	c.hits.Add(1)
	return slices.Clone(rs), true
}

// put keeps a copy of rs, read when the generation was gen, unless it has moved since.
func (c *orgCache) put(key string, gen uint64, rs []luoshi.Recipient) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.kept) >= orgKeptMax {
		clear(c.kept)
	}
	c.kept[key] = slices.Clone(rs)
}

// getUnits answers copies of the units of ids, in the order of their ids, if every one is kept.
func (c *orgCache) getUnits(ids []int64) ([]*luoshi.Unit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*luoshi.Unit, 0, len(ids))
	for _, id := range ids {
		u, ok := c.units[id]
		if !ok {
			return nil, false
		}
		if !slices.ContainsFunc(out, func(o *luoshi.Unit) bool { return o.ID == id }) {
			out = append(out, cloneUnit(&u))
		}
	}
	slices.SortFunc(out, func(a, b *luoshi.Unit) int { return cmp.Compare(a.ID, b.ID) })
	c.hits.Add(1)
	return out, true
}

// putUnits keeps copies of us, read when the generation was gen, unless it has moved since.
func (c *orgCache) putUnits(gen uint64, us []*luoshi.Unit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.units)+len(us) > orgKeptMax {
		clear(c.units)
	}
	for _, u := range us {
		c.units[u.ID] = *cloneUnit(u)
	}
}

// cloneUnit is a copy of u that shares nothing with it.
func cloneUnit(u *luoshi.Unit) *luoshi.Unit {
	c := *u
	if u.ParentID != nil {
		p := *u.ParentID
		c.ParentID = &p
	}
	return &c
}

// recipientsKey names a FindRecipients answer by its statements and their arguments.
func recipientsKey(qs []recipientQuery) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.q)
		fmt.Fprint(&b, "\x00", q.args, "\x00")
	}
	return b.String()
}

// What a statement may write (writesOf).
const (
	writesOrgTables  = 1 << iota // users, user_roles, notify_prefs, units
	writesItemTables             // items, item_co_units
)

// itemTables are the tables of FindItemFamily's item row as UpdateItem compares it.
var itemTables = []string{"items", "item_co_units"}

// writesOf tells which of orgTables and itemTables statement q may change: it names one of
// them and a writing keyword, as words, in any case. A statement that only reads them does
// not; one that names them without changing them (a write to another table reading them) is
// taken to, which costs only a read. The answer is kept by the statement's text (the writer's
// statements are a few hundred texts) for texts up to orgWritesText bytes, at most
// orgWritesMax of them: under 1 MB (multi-row INSERTs of a scheduler batch run to kilobytes,
// each length a text of its own).
func writesOf(q string) int {
	if v, ok := orgWrites.Load(q); ok {
		return v.(int)
	}
	l := strings.ToLower(q)
	w := 0
	if hasWord(l, "insert") || hasWord(l, "update") || hasWord(l, "delete") || hasWord(l, "replace") {
		for _, t := range orgTables {
			if hasWord(l, t) {
				w |= writesOrgTables
				break
			}
		}
		for _, t := range itemTables {
			if hasWord(l, t) {
				w |= writesItemTables
				break
			}
		}
	}
	if len(q) <= orgWritesText && orgWritesN.Load() < orgWritesMax {
		if _, loaded := orgWrites.LoadOrStore(q, w); !loaded {
			orgWritesN.Add(1)
		}
	}
	return w
}

// orgWrites keeps writesOf's answers, up to orgWritesMax texts.
var (
	orgWrites  sync.Map
	orgWritesN atomic.Int64
)

const (
	orgWritesMax  = 1024
	orgWritesText = 1024
)

// hasWord reports whether l holds w as a word: not within an identifier (updated_at holds no
// "update", item_co_units no "units").
func hasWord(l, w string) bool {
	for i := 0; ; {
		j := strings.Index(l[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(w)
		if (at == 0 || !identChar(l[at-1])) && (end == len(l) || !identChar(l[end])) {
			return true
		}
		i = at + 1
	}
}

func identChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
