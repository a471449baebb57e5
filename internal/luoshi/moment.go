package luoshi

import "time"

// MinYear and MaxYear bound every date and time read from outside (a request body, a query,
// a form): a moment outside them is a typing slip, and one past 9999 in UTC (9999-12-31
// late in a zone west of Greenwich) is one JSON cannot even carry.
const (
	MinYear = 1900
	MaxYear = 9999
)

// YearInRange reports whether a moment's year, in UTC and where it was read, is within
// MinYear..MaxYear.
func YearInRange(t time.Time) bool {
	for _, y := range []int{t.Year(), t.UTC().Year()} {
		if y < MinYear || y > MaxYear {
			return false
		}
	}
	return true
}
