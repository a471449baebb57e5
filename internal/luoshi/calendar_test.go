package luoshi

import (
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai even where the system has no zoneinfo
)

// calLoc returns Asia/Shanghai.
func calLoc(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// calDefault returns the embedded 2026 calendar in Asia/Shanghai.
func calDefault(tb testing.TB) *Calendar {
	tb.Helper()
	c, err := NewCalendar(calLoc(tb), DefaultCalendarDays())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// calTime parses "2006-01-02 15:04" (seconds optional) in Asia/Shanghai.
func calTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout = "2006-01-02 15:04:05.999999999"
	}
	t, err := time.ParseInLocation(layout, s, calLoc(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// calWantInvalid fails unless err is an EINVALID *Error whose message contains want.
func calWantInvalid(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("want error containing %q, got nil", want)
	}
	if code := ErrorCode(err); code != EINVALID {
		tb.Fatalf("code = %q, want %q (%v)", code, EINVALID, err)
	}
	if got := errText(err); !strings.Contains(got, want) {
		tb.Fatalf("error %q does not contain %q", got, want)
	}
}

func TestDefaultCalendarDays(t *testing.T) {
	days := DefaultCalendarDays()
	if len(days) != 39 {
		t.Fatalf("len = %d, want 39", len(days))
	}
	c := calDefault(t)
	if !c.Covers(2026) || c.CoveredUntil() != 2026 {
		t.Errorf("Covers(2026) = %v, CoveredUntil = %d", c.Covers(2026), c.CoveredUntil())
	}
	days[0].Name = "changed"
	if DefaultCalendarDays()[0].Name != "元旦" {
		t.Error("DefaultCalendarDays shares its slice between calls")
	}
}

func TestCalendarIsWorkdayDate(t *testing.T) {
	c := calDefault(t)
	tests := []struct {
		name, date string
		want       bool
	}{
		{"ordinary Monday", "2026-03-09", true},
		{"ordinary Friday", "2026-03-13", true},
		{"ordinary Saturday", "2026-03-07", false},
		{"ordinary Sunday", "2026-03-08", false},
		{"holiday on a Thursday", "2026-10-01", false},
		{"holiday on a Monday", "2026-10-05", false},
		{"holiday on a Saturday", "2026-10-03", false},
		{"Spring Festival Friday", "2026-02-20", false},
		{"调休 Saturday after National Day", "2026-10-10", true},
		{"调休 Sunday before National Day", "2026-09-20", true},
		{"调休 Saturday before Spring Festival", "2026-02-14", true},
		{"调休 Saturday after Spring Festival", "2026-02-28", true},
		{"调休 Sunday after New Year", "2026-01-04", true},
		{"uncovered year, weekday", "2027-01-01", true},
		{"uncovered year, Saturday", "2027-01-02", false},
		{"malformed", "2026-1-5", false},
		{"no such day", "2026-02-30", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsWorkdayDate(tt.date); got != tt.want {
				t.Errorf("IsWorkdayDate(%q) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestCalendarIsWorkday(t *testing.T) {
	c := calDefault(t)
	utc, err := NewCalendar(time.UTC, DefaultCalendarDays())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		at          string // RFC 3339
		want, inUTC bool
	}{
		{"last second of Sep 30 in Shanghai", "2026-09-30T15:59:59Z", true, true},
		{"already Oct 1 in Shanghai", "2026-09-30T16:00:00Z", false, true},
		{"already the 调休 Saturday in Shanghai", "2026-10-09T16:00:00Z", true, true},
		{"already Sunday in Shanghai", "2026-10-10T17:00:00Z", false, true},
		{"Shanghai offset given", "2026-10-01T07:00:00+08:00", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.IsWorkday(at); got != tt.want {
				t.Errorf("Shanghai IsWorkday(%s) = %v, want %v", tt.at, got, tt.want)
			}
			if got := utc.IsWorkday(at); got != tt.inUTC {
				t.Errorf("UTC IsWorkday(%s) = %v, want %v", tt.at, got, tt.inUTC)
			}
		})
	}
	if c.Location().String() != "Asia/Shanghai" {
		t.Errorf("Location = %v", c.Location())
	}
}

func TestCalendarAddWorkdays(t *testing.T) {
	c := calDefault(t)
	tests := []struct {
		name     string
		from     string
		n        int
		want     string
		backward bool
	}{
		{"zero", "2026-10-03 10:00", 0, "2026-10-03 10:00", false},
		{"within a week", "2026-03-09 09:00", 3, "2026-03-12 09:00", false},
		{"over a weekend", "2026-03-13 17:00", 1, "2026-03-16 17:00", false},
		{"from a Saturday", "2026-03-07 10:00", 1, "2026-03-09 10:00", false},
		{"back over a weekend", "2026-03-16 17:00", -1, "2026-03-13 17:00", false},
		{"National Day forward", "2026-09-30 17:00", 1, "2026-10-08 17:00", false},
		{"National Day to 调休 Saturday", "2026-09-30 17:00", 3, "2026-10-10 17:00", false},
		{"National Day past 调休 Saturday", "2026-09-30 17:00", 4, "2026-10-12 17:00", false},
		{"from inside National Day", "2026-10-03 12:00", 1, "2026-10-08 12:00", false},
		{"National Day backward", "2026-10-09 17:00", -3, "2026-09-29 17:00", false},
		{"backward from inside National Day", "2026-10-05 12:00", -1, "2026-09-30 12:00", false},
		{"backward over Mid-Autumn", "2026-09-28 09:00", -1, "2026-09-24 09:00", false},
		{"backward onto 调休 Sunday", "2026-09-21 09:00", -1, "2026-09-20 09:00", false},
		{"Spring Festival onto 调休 Saturday", "2026-02-13 17:00", 1, "2026-02-14 17:00", false},
		{"Spring Festival across", "2026-02-13 17:00", 2, "2026-02-24 17:00", false},
		{"Spring Festival backward", "2026-02-24 09:00", -1, "2026-02-14 09:00", false},
		{"Spring Festival backward twice", "2026-02-24 09:00", -2, "2026-02-13 09:00", false},
		{"onto 调休 Saturday Feb 28", "2026-02-27 09:00", 1, "2026-02-28 09:00", false},
		{"back onto 调休 Saturday Feb 28", "2026-03-02 09:00", -1, "2026-02-28 09:00", false},
		{"into the year over New Year", "2025-12-31 18:00", 1, "2026-01-04 18:00", false},
		{"into the year two", "2025-12-31 18:00", 2, "2026-01-05 18:00", false},
		{"back over New Year", "2026-01-05 08:30", -2, "2025-12-31 08:30", false},
		{"into uncovered 2027", "2026-12-31 10:00", 1, "2027-01-01 10:00", false},
		{"a long way", "2025-12-31 00:00", 248, "2026-12-31 00:00", false},
		{"a long way back", "2026-12-31 00:00", -248, "2025-12-31 00:00", false},
		{"seconds and nanoseconds kept", "2026-02-13 09:30:15.123456789", 1, "2026-02-14 09:30:15.123456789", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AddWorkdays(calTime(t, tt.from), tt.n)
			want := calTime(t, tt.want)
			if !got.Equal(want) {
				t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, want)
			}
			if got.Location().String() != "Asia/Shanghai" {
				t.Errorf("location = %s, want Asia/Shanghai", got.Location())
			}
		})
	}
}

func TestCalendarAddWorkdaysInputZone(t *testing.T) {
	c := calDefault(t)
	t.Run("UTC input decided in Shanghai", func(t *testing.T) {
		// 2026-10-08T20:00Z is Friday 10-09 04:00 in Shanghai; the next working day is the
		// 调休 Saturday, where a UTC calendar would say Friday.
		at := time.Date(2026, 10, 8, 20, 0, 0, 0, time.UTC)
		got := c.AddWorkdays(at, 1)
		if want := calTime(t, "2026-10-10 04:00"); !got.Equal(want) {
			t.Errorf("got %s, want %s", got, want)
		}
		if got.Location() != c.Location() {
			t.Errorf("location = %s, want %s", got.Location(), c.Location())
		}
	})
	t.Run("zero keeps t as given", func(t *testing.T) {
		at := time.Date(2026, 10, 8, 20, 0, 0, 0, time.UTC)
		if got := c.AddWorkdays(at, 0); got != at {
			t.Errorf("got %v, want %v unchanged", got, at)
		}
	})
	t.Run("round trip from every working day", func(t *testing.T) {
		for d := calTime(t, "2026-01-01 09:00"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
			if !c.IsWorkday(d) {
				continue
			}
			for n := 1; n <= 12; n++ {
				if back := c.AddWorkdays(c.AddWorkdays(d, n), -n); !back.Equal(d) {
					t.Fatalf("AddWorkdays(AddWorkdays(%s, %d), %d) = %s", d, n, -n, back)
				}
			}
		}
	})
}

func TestCalendarWorkdaysBetween(t *testing.T) {
	c := calDefault(t)
	tests := []struct {
		name, from, to string
		want           int
	}{
		{"same day", "2026-03-09 09:00", "2026-03-09 18:00", 0},
		{"same day backward", "2026-03-09 18:00", "2026-03-09 09:00", 0},
		{"next day", "2026-03-09 18:00", "2026-03-10 08:00", 1},
		{"a weekend", "2026-03-13 09:00", "2026-03-15 09:00", 0},
		{"a week", "2026-03-09 09:00", "2026-03-16 09:00", 5},
		{"over National Day", "2026-09-30 09:00", "2026-10-08 09:00", 1},
		{"National Day backward", "2026-10-09 17:00", "2026-09-29 17:00", -3},
		{"National Day to 调休 Saturday", "2026-09-30 09:00", "2026-10-10 09:00", 3},
		{"over Spring Festival", "2026-02-13 09:00", "2026-02-24 09:00", 2},
		{"over New Year", "2025-12-31 09:00", "2026-01-05 09:00", 2},
		{"the whole of 2026", "2025-12-31 09:00", "2026-12-31 09:00", 248},
		{"the whole of 2026 backward", "2026-12-31 09:00", "2025-12-31 09:00", -248},
		{"uncovered 2027", "2026-12-31 09:00", "2027-12-31 09:00", 261},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.WorkdaysBetween(calTime(t, tt.from), calTime(t, tt.to)); got != tt.want {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
	t.Run("dates taken in Shanghai", func(t *testing.T) {
		from := time.Date(2026, 10, 8, 15, 0, 0, 0, time.UTC) // 10-08 23:00 Shanghai
		to := time.Date(2026, 10, 8, 16, 0, 0, 0, time.UTC)   // 10-09 00:00 Shanghai
		if got := c.WorkdaysBetween(from, to); got != 1 {
			t.Errorf("got %d, want 1", got)
		}
	})
	t.Run("agrees with counting day by day", func(t *testing.T) {
		count := func(a, b time.Time) int {
			n := 0
			for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
				if c.IsWorkday(d) {
					n++
				}
			}
			return n
		}
		start := calTime(t, "2025-12-01 12:00")
		end := calTime(t, "2027-01-31 12:00")
		for a := start; a.Before(end); a = a.AddDate(0, 0, 5) {
			for b := start; b.Before(end); b = b.AddDate(0, 0, 7) {
				want := count(a, b)
				if b.Before(a) {
					want = -count(b, a)
				}
				if got := c.WorkdaysBetween(a, b); got != want {
					t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", a, b, got, want)
				}
			}
		}
	})
	t.Run("agrees with AddWorkdays", func(t *testing.T) {
		for d := calTime(t, "2026-01-01 09:00"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
			for _, n := range []int{1, 2, 5, 10} {
				if got := c.WorkdaysBetween(d, c.AddWorkdays(d, n)); got != n {
					t.Fatalf("WorkdaysBetween(%s, +%d working days) = %d", d, n, got)
				}
			}
		}
	})
}

func TestCalendarCoverage(t *testing.T) {
	loc := calLoc(t)
	multi, err := NewCalendar(loc, []CalendarDay{
		{Date: "2027-02-06", Kind: DayHoliday, Name: "春节"},
		{Date: "2025-10-01", Kind: DayHoliday, Name: "国庆节"},
		{Date: "2025-09-28", Kind: DayWorkday, Name: "国庆节调休上班"},
	})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := NewCalendar(loc, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		cal       *Calendar
		year      int
		covers    bool
		until     int
		daysCount int
	}{
		{"default 2026", calDefault(t), 2026, true, 2026, 39},
		{"default 2025", calDefault(t), 2025, false, 2026, 0},
		{"default 2027", calDefault(t), 2027, false, 2026, 0},
		{"multi 2025", multi, 2025, true, 2027, 2},
		{"multi gap 2026", multi, 2026, false, 2027, 0},
		{"multi 2027", multi, 2027, true, 2027, 1},
		{"empty", empty, 2026, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Covers(tt.year); got != tt.covers {
				t.Errorf("Covers(%d) = %v, want %v", tt.year, got, tt.covers)
			}
			if got := tt.cal.CoveredUntil(); got != tt.until {
				t.Errorf("CoveredUntil = %d, want %d", got, tt.until)
			}
			days := tt.cal.Days(tt.year)
			if len(days) != tt.daysCount {
				t.Errorf("len(Days(%d)) = %d, want %d", tt.year, len(days), tt.daysCount)
			}
			if !slices.IsSortedFunc(days, func(a, b CalendarDay) int { return strings.Compare(a.Date, b.Date) }) {
				t.Errorf("Days(%d) not sorted: %v", tt.year, days)
			}
		})
	}
	if got := multi.Days(2025); got[0].Date != "2025-09-28" || got[1].Name != "国庆节" {
		t.Errorf("Days(2025) = %v", got)
	}
}

func TestNewCalendarErrors(t *testing.T) {
	tests := []struct {
		name string
		loc  *time.Location
		days []CalendarDay
		want string
	}{
		{"no location", nil, nil, "缺少时区"},
		{"bad date", time.UTC, []CalendarDay{{Date: "2026-10-01", Kind: DayHoliday}, {Date: "2026/10/02", Kind: DayHoliday}},
			`工作日历第 2 条：日期 "2026/10/02" 无效，应为 YYYY-MM-DD`},
		{"no such date", time.UTC, []CalendarDay{{Date: "2026-02-29", Kind: DayHoliday}}, `日期 "2026-02-29" 无效`},
		{"bad kind", time.UTC, []CalendarDay{{Date: "2026-10-01", Kind: "rest"}}, `类型 "rest" 无效`},
		{"empty kind", time.UTC, []CalendarDay{{Date: "2026-10-01"}}, `类型 "" 无效`},
		{"workday on a weekday", time.UTC, []CalendarDay{{Date: "2026-10-09", Kind: DayWorkday}},
			"2026-10-09 是星期五，调休上班日（workday）只能是星期六或星期日"},
		{"duplicate", time.UTC, []CalendarDay{{Date: "2026-10-01", Kind: DayHoliday}, {Date: "2026-10-02", Kind: DayHoliday},
			{Date: "2026-10-01", Kind: DayHoliday}}, "工作日历第 3 条：日期 2026-10-01 重复（第 1 条已有）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCalendar(tt.loc, tt.days)
			if c != nil {
				t.Errorf("calendar returned with error")
			}
			calWantInvalid(t, err, tt.want)
		})
	}
}

func TestParseCalendarCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []CalendarDay
	}{
		{"header only", "date,kind,name\n", nil},
		{"comments, blank lines and spaces", "# a comment\n\ndate, kind, name\n# another\n 2026-10-01 , holiday , 国庆节 \n\n2026-10-10,workday,调休\n",
			[]CalendarDay{{"2026-10-01", DayHoliday, "国庆节"}, {"2026-10-10", DayWorkday, "调休"}}},
		{"byte order mark and CRLF", "\ufeff# from Excel\r\nDate,Kind,Name\r\n2026-10-01,holiday,国庆节\r\n",
			[]CalendarDay{{"2026-10-01", DayHoliday, "国庆节"}}},
		{"empty name, quoted field", "date,kind,name\n2026-10-01,holiday,\n2026-10-02,holiday,\"国庆, 第二天\"\n",
			[]CalendarDay{{"2026-10-01", DayHoliday, ""}, {"2026-10-02", DayHoliday, "国庆, 第二天"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCalendarCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseCalendarCSVErrors(t *testing.T) {
	const head = "# comment 1\n# comment 2\n# comment 3\ndate,kind,name\n2026-10-01,holiday,国庆节\n2026-10-02,holiday,国庆节\n"
	tests := []struct {
		name, in, want string
	}{
		{"bad date", head + "2026-13-01,holiday,x\n", `第 7 行：日期 "2026-13-01" 无效，应为 YYYY-MM-DD`},
		{"short date", head + "2026-10-3,holiday,x\n", `第 7 行：日期 "2026-10-3" 无效`},
		{"bad kind", head + "2026-10-03,off,x\n", `第 7 行：类型 "off" 无效，应为 holiday（放假）或 workday（调休上班）`},
		{"workday on a weekday", head + "2026-10-09,workday,调休\n", "第 7 行：2026-10-09 是星期五，调休上班日（workday）只能是星期六或星期日"},
		{"duplicate", head + "2026-10-01,holiday,国庆节\n", "第 7 行：日期 2026-10-01 重复（第 5 行已有）"},
		{"too few columns", head + "2026-10-03,holiday\n", "第 7 行：应有 3 列（date,kind,name），实际为 2 列"},
		{"too many columns", head + "2026-10-03,holiday,x,y\n", "第 7 行：应有 3 列（date,kind,name），实际为 4 列"},
		{"missing header", "# comment\n2026-10-01,holiday,国庆节\n", "第 2 行：缺少表头，应为 date,kind,name"},
		{"wrong header", "day,kind,name\n", "第 1 行：缺少表头"},
		{"empty", "", "日历文件为空，缺少表头 date,kind,name"},
		{"comments only", "# nothing\n", "缺少表头"},
		{"broken quote", head + "2026-10-03,holiday,\"x\ny\n", "无法按 CSV 读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, err := ParseCalendarCSV(strings.NewReader(tt.in))
			if days != nil {
				t.Errorf("days returned with error: %v", days)
			}
			calWantInvalid(t, err, tt.want)
		})
	}
}

func FuzzParseCalendarCSV(f *testing.F) {
	f.Add(string(defaultCalendarCSV))
	f.Add("date,kind,name\n2026-10-10,workday,\"调休\"\n")
	f.Add("\ufeff# c\r\ndate,kind,name\r\n2026-13-01,x\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		days, err := ParseCalendarCSV(strings.NewReader(in))
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error code %q: %v", ErrorCode(err), err)
			}
			return
		}
		if _, err := NewCalendar(time.UTC, days); err != nil {
			t.Fatalf("parsed days rejected by NewCalendar: %v", err)
		}
	})
}
