package store

import (
	"strings"
	"testing"
)

// The partial index of schema 7 serves the light filters only if its WHERE is the state list
// the queries write: PostgreSQL and SQLite use a partial index when they can prove the query
// implies its condition, and SQLite proves it only for the same terms.
func TestOpenLightIndexMatchesQueries(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		body, err := migrations.ReadFile("migrations/" + dialect + "/0007_open_light.sql")
		if err != nil {
			t.Fatal(err)
		}
		if want := "WHERE state IN " + openList; !strings.Contains(string(body), want) {
			t.Errorf("%s: items_open_light is not restricted by %q, the state list of the light filters", dialect, want)
		}
	}
}
