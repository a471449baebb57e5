package luoshi

import (
	"sort"
	"time"
)

// KeyIndicator is a county-level key development indicator (重要发展指标): GDP growth,
// general public budget revenue, fixed-asset investment, retail sales … compared quarter by
// quarter with the peer counties of the same city or province.
type KeyIndicator struct {
	ID          int64     `json:"id"`
	RegionID    int64     `json:"region_id"`
	Name        string    `json:"name"`
	MeasureUnit string    `json:"measure_unit"`
	Direction   Direction `json:"direction"`
}

// KeyFigure is one county's official figure for a quarter (year to date, as published),
// imported with its source and release date; units read it and never change it.
type KeyFigure struct {
	KeyIndicatorID int64     `json:"key_indicator_id"`
	Year           int       `json:"year"`
	Quarter        int       `json:"quarter"`
	County         string    `json:"county"`
	CountyCode     string    `json:"county_code,omitempty"`
	Self           bool      `json:"self"`
	Value          float64   `json:"value"`
	Source         string    `json:"source"`
	ReleasedOn     string    `json:"released_on"`
	ImportedBy     int64     `json:"imported_by"`
	ImportedAt     time.Time `json:"imported_at"`
}

// PeerRef is a county next to this one in a ranking, with the gap between them (always
// positive: how far this county trails its 标兵, or leads its 追兵).
type PeerRef struct {
	County string  `json:"county"`
	Value  float64 `json:"value"`
	Rank   int     `json:"rank"`
	Gap    float64 `json:"gap"`
}

// RankedFigure is a figure with its rank among the quarter's counties.
type RankedFigure struct {
	KeyFigure
	Rank int `json:"rank"`
}

// Standing is where this county stands among its peers in one quarter: its rank (equal
// values share a rank), the county just ahead (标兵) and just behind (追兵) with the gaps,
// the leader, and every county in rank order.
type Standing struct {
	Year     int            `json:"year"`
	Quarter  int            `json:"quarter"`
	Counties int            `json:"counties"`
	Value    *float64       `json:"value"`
	Rank     int            `json:"rank"`
	Median   float64        `json:"median"`
	Ahead    *PeerRef       `json:"ahead"`
	Behind   *PeerRef       `json:"behind"`
	Leader   *PeerRef       `json:"leader"`
	Figures  []RankedFigure `json:"figures"`
}

// Rank ranks one quarter's figures by direction. The rank of a county is one more than the
// number of counties strictly better; 标兵 is the nearest strictly better county, 追兵 the
// nearest strictly worse (the first by name among equals). Without this county's figure the
// standing has the ranking only.
func RankFigures(dir Direction, figs []KeyFigure) Standing {
	better := func(a, b float64) bool {
		if dir == LowerBetter {
			return a < b
		}
		return a > b
	}
	fs := append([]KeyFigure(nil), figs...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Value != fs[j].Value {
			return better(fs[i].Value, fs[j].Value)
		}
		return fs[i].County < fs[j].County
	})
	st := Standing{Counties: len(fs), Figures: make([]RankedFigure, len(fs))}
	vals := make([]float64, len(fs))
	for i, f := range fs {
		rank := i + 1
		if i > 0 && f.Value == fs[i-1].Value {
			rank = st.Figures[i-1].Rank
		}
		st.Figures[i] = RankedFigure{KeyFigure: f, Rank: rank}
		vals[i] = f.Value
	}
	st.Median = round6(Median(vals))
	if len(fs) > 0 {
		st.Year, st.Quarter = fs[0].Year, fs[0].Quarter
	}
	self := -1
	for i, f := range st.Figures {
		if f.Self {
			self = i
			break
		}
	}
	if self < 0 {
		return st
	}
	me := st.Figures[self]
	v := me.Value
	st.Value, st.Rank = &v, me.Rank
	ref := func(f RankedFigure) *PeerRef {
		gap := f.Value - v
		if gap < 0 {
			gap = -gap
		}
		return &PeerRef{County: f.County, Value: f.Value, Rank: f.Rank, Gap: round6(gap)}
	}
	if first := st.Figures[0]; me.Rank > 1 {
		st.Leader = ref(first)
	}
	// The nearest strictly better county is the last one ranked above this county's value.
	for i := self - 1; i >= 0; i-- {
		if st.Figures[i].Value != v {
			j := i
			for j > 0 && st.Figures[j-1].Value == st.Figures[i].Value {
				j--
			}
			st.Ahead = ref(st.Figures[j])
			break
		}
	}
	for i := self + 1; i < len(st.Figures); i++ {
		if st.Figures[i].Value != v {
			st.Behind = ref(st.Figures[i])
			break
		}
	}
	return st
}
