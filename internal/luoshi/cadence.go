package luoshi

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// CadenceUnit is the unit of a report cadence.
type CadenceUnit string

// The units of a report cadence.
const (
	CadenceHours    CadenceUnit = "h"  // hours on the clock, for urgent work
	CadenceDays     CadenceUnit = "d"  // calendar days
	CadenceWorkdays CadenceUnit = "wd" // working days of the calendar
	CadenceWeeks    CadenceUnit = "w"  // weeks of seven calendar days
	CadenceMonths   CadenceUnit = "mo" // calendar months
)

// Valid reports whether u is one of the known units.
func (u CadenceUnit) Valid() bool {
	switch u {
	case CadenceHours, CadenceDays, CadenceWorkdays, CadenceWeeks, CadenceMonths:
		return true
	}
	return false
}

// MaxCadence is the largest number of units a cadence may have.
const MaxCadence = 999

// Cadence is the report cadence (反馈周期) of an item: a progress report is due every N
// units. The zero Cadence means no regular report.
type Cadence struct {
	N    int
	Unit CadenceUnit
}

// cadenceForms says, in messages, which forms are accepted.
var cadenceForms = M("cadence.forms")

// ParseCadence parses the string form of a cadence: a number from 1 to 999 followed by a
// unit, such as "4h", "7d", "5wd", "1w" or "1mo". Surrounding white space is ignored and the
// unit may be in upper case; the empty string is the zero Cadence.
func ParseCadence(s string) (Cadence, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Cadence{}, nil
	}
	i := 0
	for i < len(text) && '0' <= text[i] && text[i] <= '9' {
		i++
	}
	unit := CadenceUnit(strings.ToLower(text[i:]))
	if i == 0 || !unit.Valid() {
		return Cadence{}, Errorf(EINVALID, "cadence.invalid", s, cadenceForms)
	}
	n, err := strconv.Atoi(text[:i])
	if err != nil || n < 1 || n > MaxCadence {
		return Cadence{}, Errorf(EINVALID, "cadence.invalid_number", s, cadenceForms)
	}
	return Cadence{N: n, Unit: unit}, nil
}

// IsZero reports whether c is the zero Cadence, meaning no regular report.
func (c Cadence) IsZero() bool { return c == Cadence{} }

// String returns the form ParseCadence reads, such as "4h"; "" for the zero Cadence.
func (c Cadence) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.Itoa(c.N) + string(c.Unit)
}

// Hourly reports whether the cadence counts hours on the clock.
func (c Cadence) Hourly() bool { return c.Unit == CadenceHours }

// Next returns when the report after one at t is due. Hours are added to the instant;
// days, weeks and months are added to the local date in cal's location keeping the clock
// time (time.AddDate, so Jan 31 plus one month is Mar 3 or 2); working days count with
// cal.AddWorkdays. A nil cal means t's location and weekends only. The zero Cadence, or
// one with an unknown unit, returns t.
func (c Cadence) Next(t time.Time, cal *Calendar) time.Time {
	if cal == nil {
		cal = &Calendar{loc: t.Location()}
	}
	local := t.In(cal.Location())
	switch c.Unit {
	case CadenceHours:
		return t.Add(time.Duration(c.N) * time.Hour)
	case CadenceDays:
		return local.AddDate(0, 0, c.N)
	case CadenceWeeks:
		return local.AddDate(0, 0, 7*c.N)
	case CadenceMonths:
		return local.AddDate(0, c.N, 0)
	case CadenceWorkdays:
		return cal.AddWorkdays(t, c.N)
	}
	return t
}

// MarshalJSON encodes c as its string form, "" for the zero Cadence.
func (c Cadence) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON decodes the string form of a cadence; null leaves c unchanged.
func (c *Cadence) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return Errorf(EINVALID, "cadence.not_string", string(data), cadenceForms)
	}
	parsed, err := ParseCadence(s)
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
