package api_test

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// bulletinMatrixState keeps, per test environment, each county's published bulletin (which
// every business account of the county reads) and draft (which the office acts on).
var bulletinMatrixState sync.Map

type bulletinFixtures struct{ published, drafts map[int]int64 }

func (e *env) bulletinFixtures() *bulletinFixtures {
	if f, ok := bulletinMatrixState.Load(e); ok {
		return f.(*bulletinFixtures)
	}
	f := &bulletinFixtures{published: map[int]int64{}, drafts: map[int]int64{}}
	oct := time.Date(2026, 10, 1, 0, 0, 0, 0, shanghai)
	for region, office := range map[int]string{1: "sup", 2: "d_sup"} {
		var b bulletinView
		for i, kind := range []string{"month", "quarter"} {
			if st := e.call(office, "POST", "/api/v1/bulletins", map[string]any{"kind": kind, "from": oct}, &b); st != 201 {
				e.t.Fatalf("bulletin of county %d: %d", region, st)
			}
			if i == 1 {
				f.drafts[region] = b.ID
				continue
			}
			e.call(office, "POST", bulletinPath(b.ID)+"/number", map[string]any{"year": 2026, "number": 1}, nil)
			if st := e.call(office, "POST", bulletinPath(b.ID)+"/publish", nil, nil); st != 200 {
				e.t.Fatalf("publish the bulletin of county %d: %d", region, st)
			}
			f.published[region] = b.ID
		}
	}
	bulletinMatrixState.Store(e, f)
	e.t.Cleanup(func() { bulletinMatrixState.Delete(e) })
	return f
}

// matrixBulletin gives the access matrix (TestAuthorizationMatrix) a bulletin of the
// account's county for the bulletin routes: the published one to read, the draft to act on
// (edited), so that an allowed account is answered and not refused.
func matrixBulletin(e *env, method, path, unit string, n int) (id string, body any, action string, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/bulletins") {
		return "", nil, "", false
	}
	f := e.bulletinFixtures()
	region := 1
	if unit == "D" {
		region = 2
	}
	switch method + " " + path {
	case "GET /api/v1/bulletins/{id}":
		id = fmt.Sprint(f.published[region])
	case "POST /api/v1/bulletins/{id}/{action}":
		id, body, action = fmt.Sprint(f.drafts[region]), map[string]any{"foreword": fmt.Sprintf("矩阵按语%d", n)}, "edit"
	case "POST /api/v1/bulletins":
		body = map[string]any{"kind": "month", "from": time.Date(2026, 9, 1, 0, 0, 0, 0, shanghai)}
	}
	return id, body, action, true
}
