package demo

import (
	"slices"
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
