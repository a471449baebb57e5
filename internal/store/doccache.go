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
var docs = &docCache{m: map[string]*luoshi.Item{}}

type docCache struct {
	mu sync.RWMutex
	m  map[string]*luoshi.Item
}

// item is the item of a stored document, decoded or from the cache.
func (c *docCache) item(doc string) (*luoshi.Item, error) {
	c.mu.RLock()
	it, ok := c.m[doc]
	c.mu.RUnlock()
	if ok {
		return detach(it), nil
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
	return detach(it), nil
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
