package service

import "context"

// Health reports whether the service can keep a write now: nil, or the store's
// EUNAVAILABLE error whose key names the cause (the database file removed or replaced, the
// disk full, the database read-only, PostgreSQL unreachable). A store that cannot tell is
// taken as healthy.
func (s *Service) Health(ctx context.Context) error {
	if h, ok := s.Store.(interface{ Health(context.Context) error }); ok {
		return h.Health(ctx)
	}
	return nil
}
