package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TargetSpec is one indicator of a demo letter. Growth is the planned change over the
// baseline (0.09 = +9%); for a milestone the target is 100 (percent done).
type TargetSpec struct {
	Name, Category, Measure string
	Direction               luoshi.Direction
	Accumulation            luoshi.Accumulation
	Baseline, Growth        float64
	Weight                  float64
	Profile                 []float64
	County                  string // the key development indicator it is measured against
}

// townshipTargets are every township's indicators; the baselines scale with the township.
var townshipTargets = []TargetSpec{
	{"规上工业增加值", "经济发展", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 8, 0.09, 30, []float64{20, 25, 25, 30}, ""},
	{"固定资产投资", "项目投资", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 12, 0.10, 25, []float64{15, 30, 30, 25}, ""},
	{"一般公共预算收入", "财政收入", "万元", luoshi.HigherBetter, luoshi.Cumulative, 6000, 0.06, 25, nil, ""},
	{"城镇登记失业率", "社会民生", "%", luoshi.LowerBetter, luoshi.Level, 4.0, -0.05, 10, nil, ""},
	{"农村人居环境整治任务", "生态环境", "%", luoshi.DirectionMilestone, luoshi.Cumulative, 0, 0, 10, nil, ""},
}

// departmentTargets are each department's own indicator (the others share 营商环境 and a
// milestone of key tasks); departments not listed have a milestone only.
var departmentTargets = map[string]TargetSpec{
	"fgj":  {"地区生产总值增速", "县域经济", "%", luoshi.HigherBetter, luoshi.Level, 5.6, 0.11, 50, nil, "地区生产总值增速"},
	"czj":  {"一般公共预算收入", "财政收入", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 18.6, 0.06, 50, nil, ""},
	"swj":  {"社会消费品零售总额", "经济发展", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 96, 0.07, 50, []float64{24, 23, 25, 28}, ""},
	"gxj":  {"规上工业增加值", "经济发展", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 78, 0.08, 50, []float64{20, 25, 25, 30}, ""},
	"jtj":  {"交通固定资产投资", "项目投资", "亿元", luoshi.HigherBetter, luoshi.Cumulative, 9.5, 0.05, 50, []float64{10, 30, 35, 25}, ""},
	"nyj":  {"粮食总产量", "乡村振兴", "万吨", luoshi.HigherBetter, luoshi.Level, 31.2, 0.01, 50, nil, ""},
	"wlj":  {"接待游客人次", "社会民生", "万人次", luoshi.HigherBetter, luoshi.Cumulative, 420, 0.12, 50, []float64{20, 30, 25, 25}, ""},
	"sthj": {"PM2.5平均浓度", "生态环境", "微克/立方米", luoshi.LowerBetter, luoshi.Level, 36, -0.04, 50, nil, ""},
	"yjj":  {"生产安全事故起数", "安全稳定", "起", luoshi.LowerBetter, luoshi.Cumulative, 12, -0.15, 50, nil, ""},
	"scj":  {"新增市场主体", "改革创新", "户", luoshi.HigherBetter, luoshi.Cumulative, 5200, 0.08, 50, nil, ""},
	"rsj":  {"城镇新增就业", "社会民生", "人", luoshi.HigherBetter, luoshi.Cumulative, 3800, 0.05, 50, []float64{20, 30, 25, 25}, ""},
	"zrj":  {"批而未供土地处置", "项目投资", "公顷", luoshi.HigherBetter, luoshi.Cumulative, 60, 0.10, 50, nil, ""},
}

var sharedDepartmentTargets = []TargetSpec{
	{"营商环境评价得分", "改革创新", "分", luoshi.HigherBetter, luoshi.Level, 86, 0.03, 20, nil, ""},
	{"年度重点任务", "重点工作", "%", luoshi.DirectionMilestone, luoshi.Cumulative, 0, 0, 30, nil, ""},
}

// lowTargets are the letters set low on purpose, so that the ambition check has something to
// find: unit key → indicator → planned growth.
var lowTargets = map[string]map[string]float64{
	"qsz": {"规上工业增加值": 0.03},                   // below the 6% the county requires, and the peers
	"tyx": {"固定资产投资": -0.05, "一般公共预算收入": 0.07}, // below last year
	"dsx": {"规上工业增加值": 0.07},                   // above the requirement, below the peers
	"czj": {"一般公共预算收入": 0.02},
	"fgj": {"地区生产总值增速": 0.02}, // 5.7% against the peer counties' 6%-odd
}

// draftUnits keep their letter unsigned (one returned to draft, one awaiting approval).
var draftUnits = map[string]luoshi.LetterState{"smz": luoshi.LetterDraft, "tyx": luoshi.LetterReviewed}

// pace is how each unit is doing against its trajectory (1 = exactly), by unit index.
func pace(i int) float64 { return 0.78 + float64((i*17+11)%27)/100 }

// targets gives the demo county a year of target letters (some flagged, justified and
// approved, two left unsigned), actuals for the quarters ended, and peer-county figures.
func (l *loader) targets(ctx context.Context) error {
	loc := l.svc.Location()
	now := l.now.In(loc)
	year := now.Year()
	if now.Before(time.Date(year, 4, 1, 0, 0, 0, 0, loc)) {
		year-- // early in a year the last full year has the figures
	}
	if err := l.peerCounties(ctx, year); err != nil {
		return fmt.Errorf("demo peer counties: %w", err)
	}
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	rows := l.letterRows(year)
	l.atOffice(time.Date(year, 2, 10, 10, 0, 0, 0, loc).UTC())
	res, err := l.svc.ImportLetters(ctx, sup, rows)
	if err != nil {
		return fmt.Errorf("demo letters: %w", err)
	}
	for i, sum := range res.Letters {
		if err := l.carryLetter(ctx, sup, i, sum, year); err != nil {
			return fmt.Errorf("demo letter of %s: %w", sum.UnitName, err)
		}
	}
	return nil
}

func (l *loader) letterRows(year int) []luoshi.TargetRow {
	var rows []luoshi.TargetRow
	add := func(key string, scale float64, s TargetSpec) {
		ind := luoshi.Indicator{Name: s.Name, Category: s.Category, MeasureUnit: s.Measure, Direction: s.Direction,
			Accumulation: s.Accumulation, Baseline: round(s.Baseline * scale), Weight: s.Weight, Period: luoshi.Quarterly,
			Profile: s.Profile, CountyIndicator: s.County}
		growth := s.Growth
		if g, ok := lowTargets[key][s.Name]; ok {
			growth = g
		}
		ind.Target = round(ind.Baseline * (1 + growth))
		if s.Direction == luoshi.DirectionMilestone {
			ind.Target = 100
		} else if s.Direction == luoshi.HigherBetter && growth >= s.Growth {
			st := round(ind.Baseline * (1 + growth*1.5))
			ind.Stretch = &st
		}
		unit, _ := UnitByKey(key)
		rows = append(rows, luoshi.TargetRow{UnitName: unit.Name, Year: year, Indicator: ind})
	}
	for i, u := range Units {
		scale := 0.6 + float64((i*29)%50)/50
		if u.Kind == KindTownship {
			for _, s := range townshipTargets {
				add(u.Key, scale, s)
			}
			continue
		}
		own, ok := departmentTargets[u.Key]
		shared := sharedDepartmentTargets
		if !ok {
			shared = []TargetSpec{sharedDepartmentTargets[0], {"年度重点任务", "重点工作", "%", luoshi.DirectionMilestone, luoshi.Cumulative, 0, 0, 80, nil, ""}}
		}
		if ok {
			add(u.Key, 1, own)
		}
		for _, s := range shared {
			add(u.Key, 1, s)
		}
	}
	return rows
}

func round(x float64) float64 { return math.Round(x*100) / 100 }

// carryLetter takes one imported letter through submission, review, justification of its
// flags, approval and signature, then enters its actuals quarter by quarter.
func (l *loader) carryLetter(ctx context.Context, sup *luoshi.Actor, i int, sum service.LetterSummary, year int) error {
	loc := l.svc.Location()
	key := unitKey(sum.UnitID, l.units)
	ll, err := l.actor(ctx, LiaisonUsername(key))
	if err != nil {
		return err
	}
	day := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 10, i%50, 0, 0, loc).UTC() }
	act := func(a *luoshi.Actor, at time.Time, act luoshi.LetterAction, v map[string]any) (*service.LetterView, error) {
		l.atOffice(at)
		return l.svc.LetterAct(ctx, a, sum.ID, act, v)
	}
	if draftUnits[key] == luoshi.LetterDraft {
		return nil
	}
	if _, err := act(ll, day(2, 12), luoshi.LetterSubmit, nil); err != nil {
		return err
	}
	v, err := act(sup, day(2, 14), luoshi.LetterReview, nil)
	if err != nil {
		return err
	}
	for _, ind := range v.Indicators {
		for _, f := range ind.Flags {
			_, err := act(ll, day(2, 15), luoshi.LetterJustify, map[string]any{"indicator_id": ind.ID,
				"flag": string(f.Reason), "text": justification(f.Reason)})
			if err != nil {
				return err
			}
		}
	}
	if draftUnits[key] == luoshi.LetterReviewed {
		return nil // justified, awaiting the office's approval
	}
	if len(v.Unresolved) > 0 {
		if _, err := act(sup, day(2, 18), luoshi.LetterApprove, map[string]any{"text": "理由充分，同意"}); err != nil {
			return err
		}
	}
	if _, err := act(sup, day(2, 20), luoshi.LetterSign, nil); err != nil {
		return err
	}
	return l.actuals(ctx, ll, i, v, year)
}

func justification(r luoshi.FlagReason) string {
	switch r {
	case luoshi.FlagBelowBaseline:
		return "上年实绩含一次性土地出让和项目集中入库因素，剔除后按可比口径仍为增长"
	case luoshi.FlagBelowPeerCounties:
		return "受主导产业产能调整影响，上半年承压，下半年新项目投产后力争追平对标县"
	}
	return "辖区龙头企业搬迁，产值基数下降；已储备替代项目，按奋斗目标争取更好结果"
}

// actuals enters the letter's figures for each quarter ended, a few days after its end, at
// the unit's pace against the trajectory.
func (l *loader) actuals(ctx context.Context, ll *luoshi.Actor, i int, v *service.LetterView, year int) error {
	loc := l.svc.Location()
	for q := 1; q <= luoshi.Quarterly.DuePeriod(year, l.now, loc); q++ {
		at := luoshi.Quarterly.PeriodEnd(year, q, loc).Add(6*24*time.Hour + time.Duration(i)*time.Minute)
		if at.After(l.now) {
			at = l.now.Add(-time.Hour)
		}
		var in []service.ActualInput
		for j, ind := range v.Indicators {
			p := pace(i) + float64((j*13+i)%7-3)/100 + float64(q)*0.01
			traj := ind.TrajectoryAt(q)
			val := traj * p
			switch {
			case ind.Direction == luoshi.LowerBetter:
				val = traj / p
			case ind.Direction == luoshi.DirectionMilestone:
				val = math.Min(100, val)
			}
			// An indicator measured against a county key indicator takes the county's figure.
			if v, ok := countyFigure(ind.CountyIndicator, year, q); ok {
				val = v
			}
			in = append(in, service.ActualInput{IndicatorID: ind.ID, Period: q, Value: round(val)})
		}
		l.atOffice(at.UTC())
		if _, err := l.svc.EnterActuals(ctx, ll, v.ID, in); err != nil {
			return err
		}
	}
	return nil
}

func unitKey(id int64, units map[string]int64) string {
	for k, v := range units {
		if v == id {
			return k
		}
	}
	return ""
}

// peerCountyNames are the demo county's peers in its city.
var peerCountyNames = []string{"东岭县", "西川县", "南屏县", "北台县", "青山县", "白水县", "红岩县", "金沙县", "石桥县", "云溪县", "柳河县"}

var peerIndicators = []struct {
	name, measure string
	dir           luoshi.Direction
	base, spread  float64
}{
	{"地区生产总值增速", "%", luoshi.HigherBetter, 6.0, 1.6},
	{"一般公共预算收入增速", "%", luoshi.HigherBetter, 5.0, 3.0},
	{"固定资产投资增速", "%", luoshi.HigherBetter, 5.5, 4.0},
	{"社会消费品零售总额增速", "%", luoshi.HigherBetter, 5.2, 1.8},
	{"城镇调查失业率", "%", luoshi.LowerBetter, 5.1, 0.8},
}

// keyFigure is the official figure of key indicator k for county c (0 is the demo county) in
// quarter q of year y, the figures running up to year.
func keyFigure(k, c, y, q, year int) float64 {
	pi := peerIndicators[k]
	wave := math.Sin(float64(c*7+k*3+q+y*5)) * pi.spread / 2
	if c == 0 {
		// The county climbs over the quarters: from the lower half towards the top.
		wave = pi.spread * (float64((y-year+1)*4+q)/8 - 0.55)
		if pi.dir == luoshi.LowerBetter {
			wave = -wave
		}
	}
	return round(pi.base + wave)
}

// countyFigure is the demo county's official figure of the named key indicator for quarter q
// of year, and whether there is such an indicator.
func countyFigure(name string, year, q int) (float64, bool) {
	for k, pi := range peerIndicators {
		if pi.name == name {
			return keyFigure(k, 0, year, q, year), true
		}
	}
	return 0, false
}

// peerCounties imports the official quarterly figures of the county and its eleven peers for
// the year before and the quarters of year released by now.
func (l *loader) peerCounties(ctx context.Context, year int) error {
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	loc := l.svc.Location()
	for y := year - 1; y <= year; y++ {
		for q := 1; q <= 4; q++ {
			released := luoshi.Quarterly.PeriodEnd(y, q, loc).AddDate(0, 0, 20)
			if released.After(l.now) {
				return nil
			}
			var rows []luoshi.KeyFigureRow
			for k, pi := range peerIndicators {
				for c, county := range append([]string{RegionName}, peerCountyNames...) {
					code := ""
					if c == 0 {
						code = RegionCode
					}
					rows = append(rows, luoshi.KeyFigureRow{Indicator: pi.name, MeasureUnit: pi.measure, Direction: pi.dir,
						Figure: luoshi.KeyFigure{Year: y, Quarter: q, County: county, CountyCode: code, Value: keyFigure(k, c, y, q, year),
							Source: "示例市统计局《统计月报》", ReleasedOn: released.Format("2006-01-02")}})
				}
			}
			l.atOffice(released.Add(10 * time.Hour).UTC())
			if _, err := l.svc.ImportKeyFigures(ctx, sup, rows); err != nil {
				return err
			}
		}
	}
	return nil
}
