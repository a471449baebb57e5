package service

import (
	"context"
	"io"

	"luoshi/internal/luoshi"
)

// BulletinWorkbook writes the tables of a bulletin the actor sees as a workbook (a sheet
// per table), with the figures stored with the bulletin.
func (s *Service) BulletinWorkbook(ctx context.Context, a *luoshi.Actor, id int64, out io.Writer) error {
	if s.Workbooks == nil {
		return luoshi.Errorf(luoshi.EINTERNAL, "import.unavailable")
	}
	v, err := s.GetBulletin(ctx, a, id)
	if err != nil {
		return err
	}
	name := v.Title
	if v.Number > 0 {
		name = s.text("bulletin.doc.number", v.Year, v.Number) + " " + v.Title
	}
	return s.Workbooks.WriteBulletin(out, v.Bulletin, name, s.loc)
}
