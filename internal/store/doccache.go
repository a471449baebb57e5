package store

import (
	"encoding/json"
	"fmt"
	"sync"

	"luoshi/internal/luoshi"
)

// docCacheSize bounds the decoded documents kept: about 2.5 KB each (an 800-byte document
// and its decoded item), so at most ~10 MB.
const docCacheSize = 4096

// docs keeps decoded item documents by their stored text. Decoding an item's JSON document
// was half the cost of a list page and a third of an item's detail; most reads show items
// that have not changed since the last read. The key is the whole stored text, read in the
// same transaction as always, so an entry cannot go stale: a changed item has other text
// and is decoded anew, and the same text always decodes to the same item. Nothing needs to
// be invalidated. Callers get a copy that shares no memory with the entry.
var docs = &docCache{m: map[string]*luoshi.Item{}, stored: make(chan string, docWarmQueue)}

type docCache struct {
	mu     sync.RWMutex
	m      map[string]*luoshi.Item
	stored chan string // documents just written, for the warmer to decode (warm)
	once   sync.Once
}

// docWarmQueue bounds the documents waiting for the warmer; past it, a document is not
// decoded ahead (its next read decodes it).
const docWarmQueue = 256

// warm has the document an update just stored decoded into the cache off the writer, by a
// goroutine of the process's own, so that the item's next write (a liaison reports on the
// same items again and again) finds it decoded: on the county under report, decoding the
// item's document was 6–10 % of the writer's time a report (docs/performance.md, "Reminders
// moved in place"). The cache's key is the stored text, so an entry decoded from a document
// whose write was then rolled back is never wrong, only unused. It never waits: when the
// warmer is behind, the document is left to its next read.
func (c *docCache) warm(doc string) {
	c.once.Do(func() {
		go func() {
			for d := range c.stored {
				c.decode(d) // a document that does not decode is its reader's error, not the warmer's
			}
		}()
	})
	select {
	case c.stored <- doc:
	default:
	}
}

// item is the item of a stored document, decoded or from the cache.
func (c *docCache) item(doc string) (*luoshi.Item, error) {
	it, err := c.decode(doc)
	if err != nil {
		return nil, err
	}
	return detach(it), nil
}

// decode is the cache's entry for doc, decoded and kept if it was not there.
func (c *docCache) decode(doc string) (*luoshi.Item, error) {
	c.mu.RLock()
	it, ok := c.m[doc]
	c.mu.RUnlock()
	if ok {
		return it, nil
	}
	it = new(luoshi.Item)
	if err := json.Unmarshal([]byte(doc), it); err != nil {
		return nil, fmt.Errorf("item doc: %w", err)
	}
	if it.CoUnitIDs == nil {
		it.CoUnitIDs = []int64{}
	}
	if it.Milestones == nil {
		it.Milestones = []luoshi.Milestone{}
	}
	c.mu.Lock()
	if len(c.m) >= docCacheSize {
		for k := range c.m { // an arbitrary entry: map order is not fixed
			delete(c.m, k)
			break
		}
	}
	c.m[doc] = it
	c.mu.Unlock()
	return it, nil
}

// detach is a copy of a cached item that shares nothing the caller could change with it:
// Clone, and the pointers Clone shares, copied. Empty lists stay empty, not null, as decoded.
func detach(it *luoshi.Item) *luoshi.Item {
	c := it.Clone()
	if c.CoUnitIDs == nil {
		c.CoUnitIDs = []int64{}
	}
	c.ParentID, c.LeaderID = clonePtr(c.ParentID), clonePtr(c.LeaderID)
	c.AssignedAt, c.AcceptedAt, c.LastReportAt = clonePtr(c.AssignedAt), clonePtr(c.AcceptedAt), clonePtr(c.LastReportAt)
	c.CompletionRequestedAt, c.CompletedAt, c.LastUrgedAt = clonePtr(c.CompletionRequestedAt), clonePtr(c.CompletedAt), clonePtr(c.LastUrgedAt)
	c.OnTime = clonePtr(c.OnTime)
	for i := range c.Milestones {
		c.Milestones[i].DoneAt = clonePtr(c.Milestones[i].DoneAt)
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
