package service

import (
	"context"
	"slices"

	"luoshi/internal/luoshi"
)

// Regions as tenants: every row belongs to a region, and every use case scopes by the
// actor's. Regions form a tree (province, city, county); an account with the city role reads
// — and only reads — the item lists, items, timelines, attachments and unit statistics of
// the regions below its own. It changes nothing there: every change checks CanSeeItem and the
// rules, which know only the actor's own region.

// requireReader admits who may read business data: the business roles in their own region,
// and the city role in the regions below.
func requireReader(a *luoshi.Actor) error {
	if a.Has(luoshi.RoleCity) {
		return nil
	}
	return requireBusiness(a)
}

// requireTopRegion keeps what every region of a database shares — the working-day calendar,
// the security policy — from the accounts of a region below another: a county's
// administrators must not change the deadlines or the password rules of its neighbours, so
// the city's (or province's) administrators hold them. A nil actor is the command line.
func requireTopRegion(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor) error {
	if a == nil {
		return nil
	}
	r, err := tx.FindRegionByID(ctx, a.RegionID)
	if err != nil {
		return err
	}
	if r.ParentID != nil {
		return forbidden("region.shared.forbidden")
	}
	return nil
}

// readRegion is the region a read of the actor's addresses: its own when id is 0, else id if
// the actor reads it. Another region answers "not found", as an item of it would.
func readRegion(a *luoshi.Actor, id int64) (int64, error) {
	if id == 0 || id == a.RegionID {
		return a.RegionID, nil
	}
	if !a.ReadsRegion(id) {
		return 0, luoshi.Errorf(luoshi.ENOTFOUND, "region.not_found")
	}
	return id, nil
}

// findReadable finds an item the actor may read (CanReadItem); anything else is not found.
func (s *Service) findReadable(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Item, error) {
	return findItemIf(ctx, tx, id, a.CanReadItem)
}

// findItemIf finds an item that passes may; one that does not is "not found", as if it
// did not exist.
func findItemIf(ctx context.Context, tx luoshi.Tx, id int64, may func(*luoshi.Item) bool) (*luoshi.Item, error) {
	it, err := tx.FindItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !may(it) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
	}
	return it, nil
}

// descendants lists the regions below id in the tree, nearest first.
func descendants(regions []*luoshi.Region, id int64) []int64 {
	var out []int64
	for frontier := []int64{id}; len(frontier) > 0; {
		var next []int64
		for _, r := range regions {
			if r.ParentID != nil && slices.Contains(frontier, *r.ParentID) && !slices.Contains(out, r.ID) && r.ID != id {
				next = append(next, r.ID)
			}
		}
		out, frontier = append(out, next...), next
	}
	return out
}

// readRegions fills in the regions a city account reads.
func readRegions(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor) error {
	if !a.Has(luoshi.RoleCity) {
		return nil
	}
	regions, err := tx.FindRegions(ctx)
	if err != nil {
		return err
	}
	a.ReadRegions = descendants(regions, a.RegionID)
	return nil
}

// ListRegions returns the actor's region and, for a city account, the regions below it.
func (s *Service) ListRegions(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Region, error) {
	var out []*luoshi.Region
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		all, err := tx.FindRegions(ctx)
		for _, r := range all {
			if a.ReadsRegion(r.ID) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// SetRegionParent puts the region with code under the region with parentCode ("" for the
// top). It is the operator's (the command line's): no account of a region may attach it to
// another. A region cannot go under itself or a region below it.
func (s *Service) SetRegionParent(ctx context.Context, code, parentCode string) error {
	return s.Store.Update(ctx, func(tx luoshi.Tx) error {
		regions, err := tx.FindRegions(ctx)
		if err != nil {
			return err
		}
		byCode := map[string]*luoshi.Region{}
		for _, r := range regions {
			byCode[r.Code] = r
		}
		r := byCode[code]
		if r == nil {
			return luoshi.Invalid("region_code", "region.code.not_found", code)
		}
		r.ParentID = nil
		if parentCode != "" {
			p := byCode[parentCode]
			if p == nil {
				return luoshi.Invalid("parent_code", "region.parent.not_found", parentCode)
			}
			if p.ID == r.ID || slices.Contains(descendants(regions, r.ID), p.ID) {
				return luoshi.Invalid("parent_code", "region.parent.cycle", code, parentCode)
			}
			r.ParentID = &p.ID
		}
		if err := tx.UpdateRegion(ctx, r); err != nil {
			return err
		}
		return s.audit(ctx, tx, nil, "region.parent", "region:"+code, luoshi.OutcomeSuccess, "上级 "+parentCode)
	})
}

// AddRegion adds a county to a database that already serves others: the region, under the
// region parentCode when given (its city), with its government office and its three
// administrators, named admin_<code>, security_<code> and audit_<code> since usernames are
// unique across the database. Like Bootstrap it is the operator's (luoshi init).
func (s *Service) AddRegion(ctx context.Context, code, name, parentCode string, gen func() string) ([][3]string, error) {
	var out [][3]string
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		regions, err := tx.FindRegions(ctx)
		if err != nil {
			return err
		}
		r := &luoshi.Region{Code: code, Name: name}
		for _, o := range regions {
			if o.Code == code {
				return luoshi.Invalid("region_code", "region.code.exists", code)
			}
			if o.Code == parentCode {
				r.ParentID = &o.ID
			}
		}
		if parentCode != "" && r.ParentID == nil {
			return luoshi.Invalid("parent_code", "region.parent.not_found", parentCode)
		}
		out, err = s.seedRegion(ctx, tx, r, "_"+code, gen)
		return err
	})
	return out, err
}
