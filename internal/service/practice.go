package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
)

// PracticeInput is what adding or changing a practice (外地经验) takes: where it was done,
// its title, what was done, the result, the source document, tags, and the topics and items
// of the county that adopt it.
type PracticeInput struct {
	Place    string   `json:"place"`
	Title    string   `json:"title"`
	What     string   `json:"what"`
	Result   string   `json:"result"`
	Source   string   `json:"source"`
	Tags     []string `json:"tags"`
	TopicIDs []int64  `json:"topic_ids"`
	ItemIDs  []int64  `json:"item_ids"`
}

// Limits of a practice's texts, in characters, and of its tags.
const (
	MaxPracticePlace = 100
	MaxPracticeTitle = 200
	MaxPracticeText  = 5000
	MaxPracticeTag   = 20
	MaxPracticeTags  = 10
)

// EditsPractices reports whether the actor may add and change practices: the supervision
// office, which keeps the library, and a unit's liaison, who brings what the unit learned
// (the record says who changed it last).
func EditsPractices(a *luoshi.Actor) bool {
	return a.Has(luoshi.RoleSupervisor) || a.Has(luoshi.RoleLiaison)
}

// PracticeView is a practice with the titles of the topics and items that adopt it, as far
// as the reader sees them.
type PracticeView struct {
	*luoshi.Practice
	Topics   map[int64]string `json:"-"`
	Items    map[int64]string `json:"-"`
	Editable bool             `json:"editable"`
}

// ListPractices lists the region's practices the filter selects: everyone in the region's
// business reads the library.
func (s *Service) ListPractices(ctx context.Context, a *luoshi.Actor, f luoshi.PracticeFilter) ([]*luoshi.Practice, error) {
	if !a.SeesBusiness() {
		return nil, forbidden("practice.forbidden")
	}
	f.RegionID = a.RegionID
	f.Query = strings.TrimSpace(f.Query)
	var v luoshi.Validation
	checkText(&v, "q", f.Query, luoshi.M("practice.field.query"), MaxPracticeTitle, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []*luoshi.Practice
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindPractices(ctx, f)
		return err
	})
	return out, err
}

// GetPractice returns a practice of the actor's region with the titles of what adopts it.
func (s *Service) GetPractice(ctx context.Context, a *luoshi.Actor, id int64) (*PracticeView, error) {
	if !a.SeesBusiness() {
		return nil, forbidden("practice.forbidden")
	}
	var out *PracticeView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		p, err := tx.FindPracticeByID(ctx, id)
		if err != nil {
			return err
		}
		if p.RegionID != a.RegionID {
			return luoshi.Errorf(luoshi.ENOTFOUND, "practice.not_found")
		}
		out = &PracticeView{Practice: p, Topics: map[int64]string{}, Items: map[int64]string{}, Editable: EditsPractices(a)}
		for _, tid := range p.TopicIDs {
			if t, err := tx.FindTopicByID(ctx, tid); err == nil && meeting.SeesTopic(a, t) {
				out.Topics[tid] = t.Title
			}
		}
		for _, iid := range p.ItemIDs {
			if it, err := tx.FindItemByID(ctx, iid); err == nil && it.RegionID == a.RegionID {
				out.Items[iid] = it.Code + " " + it.Title
			}
		}
		return nil
	})
	return out, err
}

// PracticeItems are the items an editor picks a practice's adopting items from: the
// region's open items, by id, named by code and title. Items of the region is what
// checkAdopters accepts, and what the practice's page names to every reader of the library.
func (s *Service) PracticeItems(ctx context.Context, a *luoshi.Actor) (map[int64]string, error) {
	if !EditsPractices(a) {
		return nil, forbidden("practice.forbidden")
	}
	out := map[int64]string{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		items, err := tx.FindOpenItems(ctx, a.RegionID)
		for _, it := range items {
			out[it.ID] = it.Code + " " + it.Title
		}
		return err
	})
	return out, err
}

// CreatePractice adds a practice to the region's library.
func (s *Service) CreatePractice(ctx context.Context, a *luoshi.Actor, in PracticeInput) (*PracticeView, error) {
	return s.savePractice(ctx, a, 0, -1, in)
}

// UpdatePractice changes a practice, given the version the editor read (ECONFLICT if it
// moved on).
func (s *Service) UpdatePractice(ctx context.Context, a *luoshi.Actor, id int64, version int, in PracticeInput) (*PracticeView, error) {
	return s.savePractice(ctx, a, id, version, in)
}

func (s *Service) savePractice(ctx context.Context, a *luoshi.Actor, id int64, version int, in PracticeInput) (*PracticeView, error) {
	if !EditsPractices(a) {
		return nil, forbidden("practice.forbidden")
	}
	p, v := practiceOf(in)
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		old := &luoshi.Practice{Version: 0, CreatedBy: a.UserID, CreatedAt: now}
		if id != 0 {
			var err error
			if old, err = tx.FindPracticeByID(ctx, id); err != nil {
				return err
			}
			if old.RegionID != a.RegionID {
				return luoshi.Errorf(luoshi.ENOTFOUND, "practice.not_found")
			}
		}
		if err := checkAdopters(ctx, tx, a, p, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		p.ID, p.RegionID, p.Version, p.CreatedBy, p.CreatedAt = id, a.RegionID, old.Version+1, old.CreatedBy, old.CreatedAt
		p.UpdatedBy, p.UpdatedAt = a.UserID, now
		action := "practice.update"
		if id == 0 {
			action = "practice.create"
			if err := tx.CreatePractice(ctx, p); err != nil {
				return err
			}
		} else if err := tx.UpdatePractice(ctx, p, version); err != nil {
			return err
		}
		detail, _ := json.Marshal(map[string]any{"title": p.Title, "topic_ids": p.TopicIDs, "item_ids": p.ItemIDs})
		return s.audit(ctx, tx, a, action, fmt.Sprintf("practice:%d", p.ID), luoshi.OutcomeSuccess, string(detail))
	})
	if err != nil {
		return nil, err
	}
	return s.GetPractice(ctx, a, p.ID)
}

// practiceOf checks a practice's input and returns the practice it makes, with what is wrong.
func practiceOf(in PracticeInput) (*luoshi.Practice, luoshi.Validation) {
	p := &luoshi.Practice{Place: strings.TrimSpace(in.Place), Title: strings.TrimSpace(in.Title), What: strings.TrimSpace(in.What),
		Result: strings.TrimSpace(in.Result), Source: strings.TrimSpace(in.Source), Tags: []string{}, TopicIDs: []int64{}, ItemIDs: []int64{}}
	var v luoshi.Validation
	checkText(&v, "place", p.Place, luoshi.M("practice.field.place"), MaxPracticePlace, true)
	checkText(&v, "title", p.Title, luoshi.M("practice.field.title"), MaxPracticeTitle, true)
	checkText(&v, "what", p.What, luoshi.M("practice.field.what"), MaxPracticeText, true)
	checkText(&v, "result", p.Result, luoshi.M("practice.field.result"), MaxPracticeText, false)
	checkText(&v, "source", p.Source, luoshi.M("practice.field.source"), MaxPracticeTitle, false)
	for _, t := range in.Tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(p.Tags, t) {
			checkText(&v, "tags", t, luoshi.M("practice.field.tags"), MaxPracticeTag, true)
			p.Tags = append(p.Tags, t)
		}
	}
	if len(p.Tags) > MaxPracticeTags {
		v.Add("tags", "practice.tags.too_many", MaxPracticeTags)
	}
	for _, id := range in.TopicIDs {
		if !slices.Contains(p.TopicIDs, id) {
			p.TopicIDs = append(p.TopicIDs, id)
		}
	}
	for _, id := range in.ItemIDs {
		if !slices.Contains(p.ItemIDs, id) {
			p.ItemIDs = append(p.ItemIDs, id)
		}
	}
	return p, v
}

// checkAdopters checks that the topics and items said to adopt the practice exist in the
// region and that the editor sees them; it fails only when the store does.
func checkAdopters(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Practice, v *luoshi.Validation) error {
	for _, id := range p.TopicIDs {
		t, err := tx.FindTopicByID(ctx, id)
		if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
			return err
		}
		if err != nil || !meeting.SeesTopic(a, t) {
			v.Add("topic_ids", "practice.topic.unknown", id)
		}
	}
	for _, id := range p.ItemIDs {
		it, err := tx.FindItemByID(ctx, id)
		if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
			return err
		}
		if err != nil || it.RegionID != a.RegionID {
			v.Add("item_ids", "practice.item.unknown", id)
		}
	}
	return nil
}
