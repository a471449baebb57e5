package luoshi

import "time"

// TimeLeft says how far now stands from a deadline as people say it: 剩余 2 个工作日,
// 剩余 4 小时, 逾期 3 天, 逾期 5 小时. Its count is never negative: time left is counted in
// hours for urgent work or when less than a day (or no working day) remains, in working days
// otherwise; lateness in hours within the first day, in calendar days after.
func (p *Policy) TimeLeft(pr Priority, deadline, now time.Time) Msg {
	if now.After(deadline) {
		late := now.Sub(deadline)
		if late < 24*time.Hour {
			return M("time.overdue_hours", max(1, int(late/time.Hour)))
		}
		return M("time.overdue_days", int(late/(24*time.Hour)))
	}
	left := deadline.Sub(now)
	if pr != PriorityUrgent && left >= 24*time.Hour {
		if days := p.Cal.WorkdaysBetween(now, deadline); days > 0 {
			return M("time.left_workdays", days)
		}
	}
	if left < time.Hour {
		return M("time.left_under_hour")
	}
	return M("time.left_hours", int(left/time.Hour))
}
