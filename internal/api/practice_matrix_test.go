package api_test

import (
	"fmt"
	"strings"
	"sync"
)

var practiceMatrixState sync.Map

// practiceFixtures are the practices the route matrix requests: one of each county.
func (e *env) practiceFixtures() map[int]int64 {
	if f, ok := practiceMatrixState.Load(e); ok {
		return f.(map[int]int64)
	}
	f := map[int]int64{}
	for region, user := range map[int]string{1: "sup", 2: "d_sup"} {
		var p practiceView
		e.post(user, "/api/v1/practices", map[string]any{"place": "浙江省德清县", "title": "矩阵经验", "what": "做法"}, &p, 201)
		f[region] = p.ID
	}
	practiceMatrixState.Store(e, f)
	return f
}

// matrixPractice gives the route matrix a practice or meeting-kind route's id and body for
// an actor: a practice of its county, a new practice or kind (each request its own).
func matrixPractice(e *env, method, path, unit string, n int) (id string, body any, ok bool) {
	switch {
	case strings.HasPrefix(path, "/api/v1/meeting-kinds"):
		return "", map[string]any{"code": fmt.Sprintf("matrix_%d", n), "name": fmt.Sprintf("矩阵会议类型%d", n)}, true
	case !strings.HasPrefix(path, "/api/v1/practices"):
		return "", nil, false
	}
	region := 1
	if unit == "D" {
		region = 2
	}
	id = fmt.Sprint(e.practiceFixtures()[region])
	body = map[string]any{"place": "江苏省昆山市", "title": fmt.Sprintf("矩阵经验%d", n), "what": "做法", "version": 1}
	return id, body, true
}
