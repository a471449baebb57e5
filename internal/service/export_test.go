package service

import "time"

// SetStatsWall gives the stats' snapshot a wall clock the test moves.
func SetStatsWall(s *Service, wall func() time.Time) { s.stats.wall = wall }

// SetStatsLoaded has the stats' background snapshot reads call loaded between reading and
// installing, and installed after.
func SetStatsLoaded(s *Service, loaded, installed func()) {
	s.stats.loaded, s.stats.installed = loaded, installed
}

// StatsReread is how many rows the counts have read again over the snapshots.
func StatsReread(s *Service) uint64 { return s.stats.reread.Load() }

// StatsCommitSlack is how long after a write a read is taken to hold it.
const StatsCommitSlack = statsCommitSlack

// StatsTimes are the stats' snapshot periods: refresh in the background, read again at once.
const StatsRefresh, StatsMaxAge, StatsChangedWindow = statsRefresh, statsMaxAge, statsChangedWindow
