package store

import "luoshi/internal/luoshi"

// remapBulletin renumbers the ids inside a bulletin's document when counties are merged:
// its own, its region's, its author's, and those its figures name. The names and numbers
// of the snapshot stay as they were.
func (c *copier) remapBulletin(b *luoshi.Bulletin) {
	add(&b.ID, c.off("bulletins"))
	add(&b.RegionID, c.off("regions"))
	add(&b.CreatedBy, c.off("users"))
	c.remapBulletinFigures(&b.Figures)
}

func (c *copier) remapBulletinFigures(f *luoshi.BulletinFigures) {
	for i := range f.Units {
		add(&f.Units[i].UnitID, c.off("units"))
	}
	for _, list := range [][]luoshi.BulletinItem{f.Red, f.Overdue} {
		for i := range list {
			add(&list[i].ItemID, c.off("items"))
		}
	}
	for _, list := range [][]luoshi.BulletinRecord{f.Commendations, f.Accountability} {
		for i := range list {
			add(&list[i].ItemID, c.off("items"))
		}
	}
}

// remapBulletinData renumbers the ids inside a bulletin event's payload.
func (c *copier) remapBulletinData(d *luoshi.BulletinEventData) {
	if d.Bulletin != nil {
		c.remapBulletin(d.Bulletin)
	}
	if d.Figures != nil {
		c.remapBulletinFigures(d.Figures)
	}
}
