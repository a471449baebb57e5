package xlsx

import (
	"io"

	"luoshi/internal/luoshi"
)

var tierNames = map[luoshi.ScoreTier]string{luoshi.TierExceeded: "超额完成", luoshi.TierMet: "完成",
	luoshi.TierProRata: "按比例计分", luoshi.TierZero: "未达下限"}

// WriteScores writes the ranking (one row per unit, by group and rank) and, on a second
// sheet, each unit's indicator scores where the scores carry them.
func WriteScores(out io.Writer, year int, scores []*luoshi.UnitScore) error {
	w, err := newWorkbook("考核排名")
	if err != nil {
		return err
	}
	if err := w.widths(14, 6, 28, 10, 8, 10, 8, 10, 10, 10, 12, 8, 10, 10); err != nil {
		return err
	}
	if err := w.header("分组", "名次", "单位", "基本分", "加分", "表彰加分", "扣分", "问责扣分", "催办扣分", "逾期扣分", "答复逾期扣分", "总分", "等次", "年度"); err != nil {
		return err
	}
	for _, s := range scores {
		if err := w.put(luoshi.GroupName(s.Group), s.Rank, s.UnitName, s.Base, s.Bonus, s.Commendation, s.Deductions, s.Accountability,
			s.Urging, s.Late, s.LateReply, s.Total, s.GradeName, year); err != nil {
			return err
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	if err := w.stream("指标得分"); err != nil {
		return err
	}
	if err := w.widths(28, 30, 8, 12, 12, 10, 10); err != nil {
		return err
	}
	if err := w.header("单位", "指标", "分值", "序时完成率", "档次", "得分", "加分"); err != nil {
		return err
	}
	for _, s := range scores {
		for _, is := range s.Indicators {
			if err := w.put(s.UnitName, is.Name, is.Weight, is.Progress, tierNames[is.Tier], is.Points, is.Bonus); err != nil {
				return err
			}
		}
	}
	return w.finish(out)
}
