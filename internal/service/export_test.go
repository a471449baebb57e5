package service

import "time"

// SetStatsWall gives the stats' snapshot a wall clock the test moves.
func SetStatsWall(s *Service, wall func() time.Time) { s.stats.wall = wall }

// StatsTimes are the stats' snapshot periods: refresh in the background, read again at once.
const StatsRefresh, StatsMaxAge, StatsChangedWindow = statsRefresh, statsMaxAge, statsChangedWindow
