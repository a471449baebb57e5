package demo_test

import (
	"strings"
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// TestDemoBulletins: the demo county has the bulletins of the two months before now's,
// numbered and published, in the inbox of every unit's liaison and staff, and a draft of the
// last whole quarter — at the year's turn too; each month's has work done on time.
func TestDemoBulletins(t *testing.T) {
	for _, c := range []struct {
		now    time.Time
		months []string // the two months' first days, in the region's zone
		number []int
		draft  string
	}{
		{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), []string{"2026-09-01", "2026-10-01"}, []int{9, 10}, "2026-07-01"},
		{time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC), []string{"2025-12-01", "2026-01-01"}, []int{12, 1}, "2025-10-01"},
	} {
		t.Run(c.now.Format("2006-01-02"), func(t *testing.T) {
			svc := MustLoadDemo(t, c.now)
			ctx := t.Context()
			sup, err := svc.ActorByUsername(ctx, "duchashi")
			if err != nil {
				t.Fatal(err)
			}
			list, err := svc.Bulletins(ctx, sup)
			if err != nil {
				t.Fatal(err)
			}
			loc := svc.Location()
			var got []string
			for _, b := range list {
				got = append(got, string(b.Kind)+" "+b.From.In(loc).Format("2006-01-02")+" "+string(b.State))
				if b.State == luoshi.BulletinPublished && (b.PublishedAt == nil || b.PublishedAt.After(c.now) || b.Foreword == "") {
					t.Errorf("bulletin %d published at %v, foreword %q", b.ID, b.PublishedAt, b.Foreword)
				}
				if b.Figures.At.After(c.now) || b.Figures.At.Before(b.To) && b.State == luoshi.BulletinPublished {
					t.Errorf("bulletin %d of %s: figures taken at %v", b.ID, b.From.In(loc).Format("2006-01"), b.Figures.At)
				}
			}
			want := []string{"month " + c.months[1] + " published", "month " + c.months[0] + " published",
				"quarter " + c.draft + " draft"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("bulletins %q, want %q", got, want)
			}
			if list[0].Number != c.number[1] || list[1].Number != c.number[0] || list[0].Figures.Due+list[1].Figures.Due == 0 {
				t.Errorf("numbers %d, %d; %d and %d due", list[0].Number, list[1].Number, list[0].Figures.Due, list[1].Figures.Due)
			}
			// Each month's bulletin has work done on time to count, and its units' lines say
			// whose.
			for _, b := range list[:2] {
				f, units := b.Figures, 0
				for _, u := range f.Units {
					units += u.OnTime
				}
				if f.OnTime == 0 || f.OnTime > f.Completed || units != f.OnTime {
					t.Errorf("the bulletin of %s: %d due, %d completed, %d on time (its units' lines: %d)",
						b.From.In(loc).Format("2006-01"), f.Due, f.Completed, f.OnTime, units)
				}
			}
			for _, u := range demo.Units {
				for _, user := range []string{demo.LiaisonUsername(u.Key), demo.StaffUsername(u.Key)} {
					a, err := svc.ActorByUsername(ctx, user)
					if err != nil {
						t.Fatal(err)
					}
					inbox, err := svc.Inbox(ctx, a, false, 100, "")
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for _, e := range inbox.Notifications {
						if e.Notice.Kind == "bulletin" {
							n++
						}
					}
					if n != 2 {
						t.Errorf("%s has %d bulletins in the inbox, want 2", user, n)
					}
				}
			}
		})
	}
}
