package luoshi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseCadence(t *testing.T) {
	tests := []struct {
		in   string
		want Cadence
		str  string
	}{
		{"", Cadence{}, ""},
		{"   ", Cadence{}, ""},
		{"4h", Cadence{4, CadenceHours}, "4h"},
		{"7d", Cadence{7, CadenceDays}, "7d"},
		{"5wd", Cadence{5, CadenceWorkdays}, "5wd"},
		{"1w", Cadence{1, CadenceWeeks}, "1w"},
		{"1mo", Cadence{1, CadenceMonths}, "1mo"},
		{"999d", Cadence{999, CadenceDays}, "999d"},
		{" 2w\t", Cadence{2, CadenceWeeks}, "2w"},
		{"3MO", Cadence{3, CadenceMonths}, "3mo"},
		{"012h", Cadence{12, CadenceHours}, "12h"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCadence(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseCadence(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String() = %q, want %q", s, tt.str)
			}
			if again, err := ParseCadence(got.String()); err != nil || again != got {
				t.Errorf("round trip: ParseCadence(%q) = %#v, %v", got.String(), again, err)
			}
			if got.IsZero() != (tt.str == "") {
				t.Errorf("IsZero() = %v", got.IsZero())
			}
			if got.Hourly() != (tt.want.Unit == CadenceHours) {
				t.Errorf("Hourly() = %v", got.Hourly())
			}
		})
	}
}

func TestParseCadenceErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"h", `反馈周期 "h" 无效`},
		{"4", `反馈周期 "4" 无效`},
		{"4y", `反馈周期 "4y" 无效`},
		{"4 h", `反馈周期 "4 h" 无效`},
		{"-4h", `反馈周期 "-4h" 无效`},
		{"+4h", `反馈周期 "+4h" 无效`},
		{"4.5h", `反馈周期 "4.5h" 无效`},
		{"4hours", `反馈周期 "4hours" 无效`},
		{"每周", `反馈周期 "每周" 无效`},
		{"0d", `反馈周期 "0d" 无效：数字应在 1 至 999 之间`},
		{"1000h", `反馈周期 "1000h" 无效：数字应在 1 至 999 之间`},
		{"99999999999999999999999wd", "数字应在 1 至 999 之间"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCadence(tt.in)
			if !got.IsZero() {
				t.Errorf("got %#v with error", got)
			}
			calWantInvalid(t, err, tt.want)
			calWantInvalid(t, err, "如 4h、7d、5wd、1w、1mo")
		})
	}
}

func TestCadenceNext(t *testing.T) {
	cal := calDefault(t)
	tests := []struct {
		cadence string
		from    string
		want    string
	}{
		{"4h", "2026-09-30 22:00", "2026-10-01 02:00"},
		{"48h", "2026-10-01 09:00", "2026-10-03 09:00"},
		{"1d", "2026-09-30 17:00", "2026-10-01 17:00"},
		{"7d", "2026-10-01 09:00", "2026-10-08 09:00"},
		{"1wd", "2026-09-30 17:00", "2026-10-08 17:00"},
		{"5wd", "2026-02-09 10:00", "2026-02-14 10:00"},
		{"6wd", "2026-02-09 10:00", "2026-02-24 10:00"},
		{"1w", "2026-02-13 10:00", "2026-02-20 10:00"},
		{"2w", "2026-12-25 10:00", "2027-01-08 10:00"},
		{"1mo", "2026-01-15 10:00", "2026-02-15 10:00"},
		{"1mo", "2026-01-31 10:00", "2026-03-03 10:00"},
		{"12mo", "2026-03-01 10:00", "2027-03-01 10:00"},
		{"", "2026-03-01 10:00", "2026-03-01 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.cadence+" from "+tt.from, func(t *testing.T) {
			c, err := ParseCadence(tt.cadence)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Next(calTime(t, tt.from), cal)
			if want := calTime(t, tt.want); !got.Equal(want) {
				t.Errorf("Next = %s, want %s", got, want)
			}
		})
	}
}

func TestCadenceNextZone(t *testing.T) {
	cal := calDefault(t)
	// 2026-01-31T20:00Z is Feb 1 04:00 in Shanghai: days and months count on that date.
	at := time.Date(2026, 1, 31, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		cadence Cadence
		cal     *Calendar
		want    time.Time
	}{
		{Cadence{1, CadenceMonths}, cal, calTime(t, "2026-03-01 04:00")},
		{Cadence{1, CadenceMonths}, nil, time.Date(2026, 3, 3, 20, 0, 0, 0, time.UTC)},
		{Cadence{1, CadenceDays}, cal, calTime(t, "2026-02-02 04:00")},
		{Cadence{3, CadenceHours}, cal, time.Date(2026, 1, 31, 23, 0, 0, 0, time.UTC)},
		{Cadence{1, CadenceWorkdays}, cal, calTime(t, "2026-02-02 04:00")},
		// Without a calendar only weekends rest: Sat Jan 31 UTC → Mon Feb 2.
		{Cadence{1, CadenceWorkdays}, nil, time.Date(2026, 2, 2, 20, 0, 0, 0, time.UTC)},
		{Cadence{}, cal, at},
		{Cadence{2, "y"}, cal, at},
	}
	for _, tt := range tests {
		t.Run(tt.cadence.String(), func(t *testing.T) {
			got := tt.cadence.Next(at, tt.cal)
			if !got.Equal(tt.want) {
				t.Errorf("Next = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCadenceJSON(t *testing.T) {
	type item struct {
		Every Cadence `json:"every"`
	}
	tests := []struct {
		name string
		in   item
		json string
	}{
		{"hours", item{Cadence{4, CadenceHours}}, `{"every":"4h"}`},
		{"working days", item{Cadence{5, CadenceWorkdays}}, `{"every":"5wd"}`},
		{"zero", item{}, `{"every":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.json {
				t.Errorf("Marshal = %s, want %s", b, tt.json)
			}
			var back item
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back != tt.in {
				t.Errorf("Unmarshal = %#v, want %#v", back, tt.in)
			}
		})
	}
	t.Run("null keeps the value", func(t *testing.T) {
		v := item{Cadence{1, CadenceWeeks}}
		if err := json.Unmarshal([]byte(`{"every":null}`), &v); err != nil {
			t.Fatal(err)
		}
		if v.Every != (Cadence{1, CadenceWeeks}) {
			t.Errorf("got %#v", v.Every)
		}
	})
	for _, bad := range []struct{ in, want string }{
		{`{"every":"4x"}`, `反馈周期 "4x" 无效`},
		{`{"every":4}`, "反馈周期 4 无效：应为字符串"},
		{`{"every":"0h"}`, "数字应在 1 至 999 之间"},
	} {
		t.Run(bad.in, func(t *testing.T) {
			var v item
			err := json.Unmarshal([]byte(bad.in), &v)
			calWantInvalid(t, err, bad.want)
			if !strings.Contains(errText(err), "如 4h") {
				t.Errorf("error %q does not list the forms", err)
			}
		})
	}
}

func FuzzParseCadence(f *testing.F) {
	for _, s := range []string{"4h", " 5wd ", "1MO", "0d", "1000h", "", "每周"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCadence(in)
		if err != nil {
			return
		}
		if again, err := ParseCadence(c.String()); err != nil || again != c {
			t.Fatalf("ParseCadence(%q) = %#v, but String %q reparses to %#v, %v", in, c, c.String(), again, err)
		}
	})
}
