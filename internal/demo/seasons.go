package demo

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Seasons are the words that tie work to a time of year, and the months a deadline may fall
// in for an item that uses them: flood work runs from the pre-flood checks in April to the end
// of the flood season, heating and winter work from November to March.
var Seasons = []struct {
	Words  []string
	Months []time.Month
}{
	{[]string{"清明"}, []time.Month{time.March, time.April}},
	{[]string{"度夏"}, []time.Month{time.June, time.July, time.August, time.September}},
	{[]string{"春节"}, []time.Month{time.January, time.February}},
	{[]string{"汛"}, []time.Month{time.April, time.May, time.June, time.July, time.August, time.September}},
	{[]string{"秋收", "秋粮"}, []time.Month{time.September, time.October}},
	{[]string{"冬季", "供暖"}, []time.Month{time.November, time.December, time.January, time.February, time.March}},
}

// SeasonFits reports whether the seasonal words of text, if any, fit a deadline in month m.
func SeasonFits(text string, m time.Month) bool {
	for _, s := range Seasons {
		for _, w := range s.Words {
			if strings.Contains(text, w) && !slices.Contains(s.Months, m) {
				return false
			}
		}
	}
	return true
}

// inSeason is the item as loaded with a deadline in month m: its plain words where its
// seasonal ones do not fit the deadline (no 清明 on work due in December).
func inSeason(spec ItemSpec, m time.Month) ItemSpec {
	if SeasonFits(spec.Title+spec.Content, m) {
		return spec
	}
	if spec.PlainTitle != "" {
		spec.Title = spec.PlainTitle
	}
	if spec.PlainContent != "" {
		spec.Content = spec.PlainContent
	}
	return spec
}

// extensionWords are the words of an instruction about an extension request, given only on an
// item that has one.
var extensionWords = []string{"延期"}

// instructionsWithout are the leaders' instructions that use none of words.
func instructionsWithout(words []string) []string {
	var out []string
	for _, s := range Instructions {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) }) {
			out = append(out, s)
		}
	}
	return out
}

// monthWord is a month a text names as a time limit or a stage — 5月底前, 4月30日前, 7月下旬
// — not a date of the past, which stands after its year (2025年7月).
var monthWord = regexp.MustCompile(`(^|[^年\d])(\d{1,2})月(\d{1,2}日|底)?`)

// monthsNamed returns the months a text names (see monthWord), in the order it names them.
func monthsNamed(text string) []time.Month {
	var out []time.Month
	for _, m := range monthWord.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[2]); err == nil && n >= 1 && n <= 12 {
			out = append(out, time.Month(n))
		}
	}
	return out
}

// onDates is the item's text with its months moved onto its own run from start to deadline
// (both in the region's zone), so that "5月底前开工，10月底前完工" fits an item created
// today whatever day the demo is loaded: the months named, taken as stages of one year,
// are spread over the run in the same order, the last falling in the deadline's month; a
// day of the month is kept where the new month has it. Where the deadline falls in a later
// year than the start, 年内 and 年底 become 限期内 and 期满.
func onDates(text string, start, deadline time.Time) string {
	months := monthsNamed(text)
	if len(months) > 0 {
		lo, hi := slices.Min(months), slices.Max(months)
		run := deadline.Sub(start)
		text = monthWord.ReplaceAllStringFunc(text, func(s string) string {
			m := monthWord.FindStringSubmatch(s)
			n, _ := strconv.Atoi(m[2])
			at := deadline
			if hi > lo {
				at = start.Add(time.Duration(float64(run) * float64(n-int(lo)+1) / float64(hi-lo+1)))
			}
			day, due := m[3], at.Month() == deadline.Month() && at.Year() == deadline.Year()
			switch {
			case day == "底" && due: // the end of the deadline's month is past the deadline
				day = strconv.Itoa(deadline.Day()) + "日"
			case day != "" && day != "底":
				d, _ := strconv.Atoi(strings.TrimSuffix(day, "日"))
				last := time.Date(at.Year(), at.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
				if due {
					last = deadline.Day()
				}
				day = strconv.Itoa(min(d, last)) + "日"
			}
			return m[1] + strconv.Itoa(int(at.Month())) + "月" + day
		})
	}
	if deadline.Year() > start.Year() {
		text = strings.NewReplacer("年内", "限期内", "年底前", "期满前", "年底", "期满时").Replace(text)
	}
	return text
}
