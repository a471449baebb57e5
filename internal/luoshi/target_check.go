package luoshi

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// FlagReason is why the ambition check (目标定位检查) flagged a target.
type FlagReason string

// The reasons, in the order they are checked.
const (
	FlagBelowBaseline       FlagReason = "below_baseline"
	FlagBelowRequiredGrowth FlagReason = "below_required_growth"
	FlagBelowPeerUnits      FlagReason = "below_peer_units"
	FlagBelowPeerCounties   FlagReason = "below_peer_counties"
)

// Flag is one reason a target looks set low, with the written justification the unit gives
// and the supervision office's approval of it; both are needed before the letter is signed.
type Flag struct {
	Reason  FlagReason `json:"reason"`
	Message string     `json:"message"`
	// Threshold is what the target fell short of: the baseline, the required target, or the
	// peers' median (of planned growth when Growth is set, else of targets).
	Threshold     float64    `json:"threshold"`
	Growth        bool       `json:"growth,omitempty"`
	Target        float64    `json:"target"`
	Justification string     `json:"justification,omitempty"`
	JustifiedBy   int64      `json:"justified_by,omitempty"`
	JustifiedAt   *time.Time `json:"justified_at,omitempty"`
	ApprovedBy    int64      `json:"approved_by,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
}

// PeerTarget is the same indicator in a peer unit's letter of the year.
type PeerTarget struct {
	UnitID   int64
	Baseline float64
	Target   float64
}

// CountyBenchmark is the median of peer counties' latest figures for a key development
// indicator, against which a county-level target is checked.
type CountyBenchmark struct {
	Indicator string
	Median    float64
	Counties  int
	Year      int
	Quarter   int
}

// AmbitionContext is what an indicator is compared with: the group's name for messages
// (部门, 乡镇), the peers' targets, and for a county-level indicator the counties' median.
type AmbitionContext struct {
	GroupName string
	Peers     []PeerTarget
	County    *CountyBenchmark
}

// CheckAmbition flags a target below the baseline, below the growth the county requires for
// its category, below the median of peer units (planned growth when every baseline is
// positive, else the targets themselves) or below the median of peer counties. "Below" is
// direction-aware; milestones are not checked.
func (r *TargetRules) CheckAmbition(ind *Indicator, c AmbitionContext) []Flag {
	if ind.Direction == DirectionMilestone {
		return nil
	}
	var flags []Flag
	worse := func(t, threshold float64) bool {
		if ind.Direction == LowerBetter {
			return t > threshold+1e-9
		}
		return t < threshold-1e-9
	}
	add := func(reason FlagReason, threshold float64, growth bool, msg string) {
		flags = append(flags, Flag{Reason: reason, Threshold: round6(threshold), Growth: growth, Target: ind.Target, Message: msg})
	}
	t, b := ind.Target, ind.Baseline
	if worse(t, b) {
		add(FlagBelowBaseline, b, false, "目标值 "+fmtNum(t)+" "+r.worseWord(ind)+"基数（上年实绩）"+fmtNum(b))
	}
	if g, ok := r.RequiredGrowth[ind.Category]; ok && b > 0 {
		need := b * (1 + g)
		word := "增长"
		if ind.Direction == LowerBetter {
			need, word = b*(1-g), "下降"
		}
		if worse(t, need) {
			add(FlagBelowRequiredGrowth, need, false, "目标值 "+fmtNum(t)+" 未达到全县对“"+ind.Category+"”类指标"+word+" "+
				fmtPct(g)+" 的要求（应"+r.atLeastWord(ind)+" "+fmtNum(need)+"）")
		}
	}
	if f, ok := r.peerFlag(ind, c, worse); ok {
		flags = append(flags, f)
	}
	if cb := c.County; cb != nil && cb.Counties >= r.MinPeers && worse(t, cb.Median) {
		add(FlagBelowPeerCounties, cb.Median, false, "目标值 "+fmtNum(t)+" "+r.worseWord(ind)+"对标县（市、区）“"+cb.Indicator+"”"+
			strconv.Itoa(cb.Year)+" 年第 "+strconv.Itoa(cb.Quarter)+" 季度的中位数 "+fmtNum(cb.Median)+"（"+strconv.Itoa(cb.Counties)+" 个县）")
	}
	return flags
}

func (r *TargetRules) peerFlag(ind *Indicator, c AmbitionContext, worse func(a, b float64) bool) (Flag, bool) {
	if len(c.Peers) < r.MinPeers {
		return Flag{}, false
	}
	byGrowth := ind.Baseline > 0
	for _, p := range c.Peers {
		byGrowth = byGrowth && p.Baseline > 0
	}
	vals := make([]float64, len(c.Peers))
	for i, p := range c.Peers {
		vals[i] = p.Target
		if byGrowth {
			vals[i] = (p.Target - p.Baseline) / p.Baseline
		}
	}
	med := Median(vals)
	mine := ind.Target
	if byGrowth {
		mine = (ind.Target - ind.Baseline) / ind.Baseline
	}
	if !worse(mine, med) {
		return Flag{}, false
	}
	group := c.GroupName + "单位"
	n := strconv.Itoa(len(c.Peers))
	msg := "目标值 " + fmtNum(mine) + " " + r.worseWord(ind) + "同类" + group + "中位数 " + fmtNum(med) + "（" + n + " 个单位）"
	if byGrowth {
		msg = "计划增幅 " + fmtPct(mine) + " " + r.worseWord(ind) + "同类" + group + "计划增幅的中位数 " + fmtPct(med) + "（" + n + " 个单位）"
	}
	return Flag{Reason: FlagBelowPeerUnits, Threshold: round6(med), Growth: byGrowth, Target: ind.Target, Message: msg}, true
}

func (r *TargetRules) worseWord(ind *Indicator) string {
	if ind.Direction == LowerBetter {
		return "高于"
	}
	return "低于"
}

func (r *TargetRules) atLeastWord(ind *Indicator) string {
	if ind.Direction == LowerBetter {
		return "不高于"
	}
	return "不低于"
}

// Median is the median of xs (0 for none); xs is not changed.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// MergeFlags carries justifications and approvals over from old flags to a new check's
// flags with the same reason, as long as the target they were given for is unchanged.
func MergeFlags(old, fresh []Flag) []Flag {
	out := make([]Flag, 0, len(fresh))
	for _, f := range fresh {
		for _, o := range old {
			if o.Reason == f.Reason && math.Abs(o.Target-f.Target) < 1e-9 {
				f.Justification, f.JustifiedBy, f.JustifiedAt = o.Justification, o.JustifiedBy, o.JustifiedAt
				f.ApprovedBy, f.ApprovedAt = o.ApprovedBy, o.ApprovedAt
			}
		}
		out = append(out, f)
	}
	return out
}
