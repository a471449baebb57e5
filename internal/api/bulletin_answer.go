package api

import (
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The API's answers about bulletins are types of their own, apart from the stored bulletin
// document (luoshi.Bulletin, luoshi.BulletinFigures), as the items' are (item_answer.go):
// renaming a field here changes the wire format and nothing stored, and the other way
// round. The golden answers bulletin.json and bulletins.json hold v1.

// bulletinListAnswer is a bulletin in a list: without its figures.
type bulletinListAnswer struct {
	ID          int64                `json:"id"`
	Kind        luoshi.BulletinKind  `json:"kind"`
	Title       string               `json:"title"`
	From        time.Time            `json:"from"`
	To          time.Time            `json:"to"`
	State       luoshi.BulletinState `json:"state"`
	Year        int                  `json:"year"`
	Number      int                  `json:"number"`
	PublishedAt *time.Time           `json:"published_at"`
}

// bulletinAnswer is a bulletin as GET /api/v1/bulletins/{id} answers it: its facts, the
// office's narrative, the figures kept with it, and the actions the reader may take now.
type bulletinAnswer struct {
	bulletinListAnswer
	RegionID     int64                 `json:"region_id"`
	Foreword     string                `json:"foreword"`
	Requirements string                `json:"requirements"`
	Figures      bulletinFiguresAnswer `json:"figures"`
	Version      int                   `json:"version"`
	CreatedBy    int64                 `json:"created_by"`
	CreatedAt    time.Time             `json:"created_at"`
	UpdatedAt    time.Time             `json:"updated_at"`
	Actions      []string              `json:"actions"`
}

// bulletinFiguresAnswer are a bulletin's figures as of At (see luoshi.BulletinFigures).
type bulletinFiguresAnswer struct {
	At             time.Time              `json:"at"`
	Due            int                    `json:"due"`
	Completed      int                    `json:"completed"`
	OnTime         int                    `json:"on_time"`
	Late           int                    `json:"late"`
	CompletionRate float64                `json:"completion_rate"`
	OnTimeRate     float64                `json:"on_time_rate"`
	Units          []bulletinUnitAnswer   `json:"units"`
	Red            []bulletinItemAnswer   `json:"red"`
	Overdue        []bulletinItemAnswer   `json:"overdue"`
	Commendations  []bulletinRecordAnswer `json:"commendations"`
	Accountability []bulletinRecordAnswer `json:"accountability"`
}

// bulletinUnitAnswer is one lead unit's line, ranked by outcome.
type bulletinUnitAnswer struct {
	Rank           int     `json:"rank"`
	UnitID         int64   `json:"unit_id"`
	UnitName       string  `json:"unit_name"`
	Due            int     `json:"due"`
	Completed      int     `json:"completed"`
	OnTime         int     `json:"on_time"`
	Late           int     `json:"late"`
	CompletionRate float64 `json:"completion_rate"`
	OnTimeRate     float64 `json:"on_time_rate"`
}

// bulletinItemAnswer is an item the bulletin names, red or overdue.
type bulletinItemAnswer struct {
	ItemID      int64     `json:"item_id"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	UnitName    string    `json:"unit_name"`
	LeaderName  string    `json:"leader_name,omitempty"`
	Deadline    time.Time `json:"deadline"`
	DaysOverdue int       `json:"days_overdue,omitempty"`
}

// bulletinRecordAnswer is a commendation or an accountability record the bulletin names.
type bulletinRecordAnswer struct {
	ItemID int64     `json:"item_id"`
	Code   string    `json:"code"`
	Title  string    `json:"title"`
	Units  []string  `json:"units"`
	Sub    string    `json:"sub"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Waived bool      `json:"waived,omitempty"`
}

func bulletinListOf(b *luoshi.Bulletin) bulletinListAnswer {
	return bulletinListAnswer{ID: b.ID, Kind: b.Kind, Title: b.Title, From: b.From, To: b.To,
		State: b.State, Year: b.Year, Number: b.Number, PublishedAt: b.PublishedAt}
}

func answerBulletin(v *service.BulletinView) bulletinAnswer {
	b, f := v.Bulletin, v.Figures
	out := bulletinAnswer{bulletinListAnswer: bulletinListOf(b), RegionID: b.RegionID, Foreword: b.Foreword,
		Requirements: b.Requirements, Version: b.Version, CreatedBy: b.CreatedBy, CreatedAt: b.CreatedAt,
		UpdatedAt: b.UpdatedAt, Actions: v.Actions,
		Figures: bulletinFiguresAnswer{At: f.At, Due: f.Due, Completed: f.Completed, OnTime: f.OnTime, Late: f.Late,
			CompletionRate: f.CompletionRate, OnTimeRate: f.OnTimeRate, Units: []bulletinUnitAnswer{},
			Red: bulletinItems(f.Red), Overdue: bulletinItems(f.Overdue),
			Commendations: bulletinRecords(f.Commendations), Accountability: bulletinRecords(f.Accountability)}}
	for _, u := range f.Units {
		out.Figures.Units = append(out.Figures.Units, bulletinUnitAnswer(u))
	}
	return out
}

func bulletinItems(items []luoshi.BulletinItem) []bulletinItemAnswer {
	out := make([]bulletinItemAnswer, len(items))
	for i, it := range items {
		out[i] = bulletinItemAnswer(it)
	}
	return out
}

func bulletinRecords(recs []luoshi.BulletinRecord) []bulletinRecordAnswer {
	out := make([]bulletinRecordAnswer, len(recs))
	for i, r := range recs {
		out[i] = bulletinRecordAnswer(r)
		out[i].Units = append([]string{}, r.Units...)
	}
	return out
}
