package demo

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The demo's bulletins' narrative: the office's comment (按语) and next steps (下步要求),
// with the period's name where the words are %s.
const (
	bulletinForeword = "为推动县委、县政府重点工作落地见效，县政府督查室对%s各单位督办事项办理情况进行了督查。现将有关情况通报如下。"
	bulletinNext     = "一、各单位要对照通报指出的问题，逐项制定整改措施，明确责任人和完成时限。\n" +
		"二、对逾期未办结事项，牵头单位要于5个工作日内书面说明原因，并报送整改计划。\n" +
		"三、县政府督查室将持续跟踪督办，对整改不力的单位按规定予以通报问责。"
)

// bulletins issues the demo's supervision bulletins after everything else: those of the two
// months before now's, each generated, written, numbered (its month's number) and published
// a few working days after its month ended, and a draft of the last whole quarter. The
// demo's histories are written item by item, so each bulletin's figures are taken from the
// data as loaded, at the moment it is generated.
func (l *loader) bulletins(ctx context.Context) error {
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	loc := l.svc.Location()
	now := l.now.In(loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	for _, from := range []time.Time{month.AddDate(0, -2, 0), month.AddDate(0, -1, 0)} {
		if err := l.bulletin(ctx, sup, luoshi.BulletinMonth, from, fmt.Sprintf("%d年%d月", from.Year(), from.Month()), int(from.Month())); err != nil {
			return fmt.Errorf("demo bulletin of %s: %w", from.Format("2006-01"), err)
		}
	}
	quarter := time.Date(now.Year(), (now.Month()-1)/3*3+1, 1, 0, 0, 0, 0, loc).AddDate(0, -3, 0)
	q := fmt.Sprintf("%d年第%d季度", quarter.Year(), (int(quarter.Month())-1)/3+1)
	if err := l.bulletin(ctx, sup, luoshi.BulletinQuarter, quarter, q, 0); err != nil {
		return fmt.Errorf("demo bulletin of %s: %w", q, err)
	}
	return nil
}

// bulletin generates the bulletin of the period from, two working days after the period
// ended, and writes its narrative; with a number it numbers and publishes it too.
func (l *loader) bulletin(ctx context.Context, sup *luoshi.Actor, kind luoshi.BulletinKind, from time.Time, period string, number int) error {
	var end time.Time
	if kind == luoshi.BulletinMonth {
		end = from.AddDate(0, 1, 0)
	} else {
		end = from.AddDate(0, 3, 0)
	}
	at := end.Add(2*24*time.Hour + 9*time.Hour)
	step := func() {
		l.atOffice(at)
		l.clock = minTime(l.clock, l.now)
		at = l.clock.Add(20 * time.Minute)
	}
	step()
	b, err := l.svc.GenerateBulletin(ctx, sup, service.BulletinInput{Kind: string(kind), From: from})
	if err != nil {
		return err
	}
	type act struct {
		name string
		v    map[string]any
	}
	// The bulletin's actions by name (the demo imports no module: internal/bulletin names them).
	acts := []act{{"edit", map[string]any{"foreword": fmt.Sprintf(bulletinForeword, period), "requirements": bulletinNext}}}
	if number > 0 {
		acts = append(acts, act{"number", map[string]any{"year": b.Year, "number": number}}, act{"publish", nil})
	}
	for _, a := range acts {
		step()
		if _, err := l.svc.BulletinAct(ctx, sup, b.ID, a.name, a.v); err != nil {
			return fmt.Errorf("%s: %w", a.name, err)
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}
