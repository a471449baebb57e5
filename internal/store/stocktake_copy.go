package store

import "luoshi/internal/luoshi"

// remapStocktake renumbers the ids inside a stocktake's document when counties are merged:
// its own, its region's, leader's and author's, and those its agenda and commitments name.
// The names and figures of the snapshot stay as they were.
func (c *copier) remapStocktake(s *luoshi.Stocktake) {
	add(&s.ID, c.off("stocktakes"))
	add(&s.RegionID, c.off("regions"))
	add(&s.LeaderID, c.off("leaders"))
	add(&s.CreatedBy, c.off("users"))
	add(&s.Agenda.PreviousID, c.off("stocktakes"))
	for _, list := range [][]luoshi.StocktakeItem{s.Agenda.Red, s.Agenda.Yellow, s.Agenda.Behind, s.Agenda.Gaps} {
		for i := range list {
			add(&list[i].ItemID, c.off("items"))
		}
	}
	for i := range s.Agenda.Previous {
		c.remapCommitment(&s.Agenda.Previous[i].Commitment)
	}
	for i := range s.Commitments {
		c.remapCommitment(&s.Commitments[i])
	}
	for i := range s.Comments {
		add(&s.Comments[i].By, c.off("users"))
	}
}

func (c *copier) remapCommitment(m *luoshi.Commitment) {
	add(&m.UnitID, c.off("units"))
	add(&m.ItemID, c.off("items"))
	add(&m.MadeItemID, c.off("items"))
	add(&m.By, c.off("users"))
	if m.LeaderID != nil {
		add(m.LeaderID, c.off("leaders"))
	}
}

// remapStocktakeData renumbers the ids inside a stocktake event's payload.
func (c *copier) remapStocktakeData(d *luoshi.StocktakeEventData) {
	if d.Stocktake != nil {
		c.remapStocktake(d.Stocktake)
	}
	if d.Commitment != nil {
		c.remapCommitment(d.Commitment)
	}
}
