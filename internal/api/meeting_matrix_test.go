package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
)

// meetingFixtures are the topics and meetings the route matrix (TestAuthorizationMatrix)
// requests: a topic each actor of the route test sees — drafted by A with B asked to sign
// off, drafted by C, and one of the second county — and a meeting of each county.
type meetingFixtures struct {
	topics   map[string]int64 // by the unit whose users ask for it
	meetings map[int]int64    // by county
}

var meetingMatrixState sync.Map

func (e *env) meetingFixtures() *meetingFixtures {
	if f, ok := meetingMatrixState.Load(e); ok {
		return f.(*meetingFixtures)
	}
	f := &meetingFixtures{topics: map[string]int64{}, meetings: map[int]int64{}}
	for key, user := range map[string]string{"A": "a_ll", "C": "c_ll", "D": "d_ll"} {
		f.topics[key] = e.newTopic(user, "矩阵议题"+key, false).ID
	}
	e.topicAct("a_ll", f.topics["A"], "request-signoff", map[string]any{"unit_id": e.units["B"], "due": start.AddDate(0, 0, 3)}, 200)
	for region, user := range map[int]string{1: "sup", 2: "d_sup"} {
		var m meetingView
		e.post(user, "/api/v1/meetings", map[string]any{"kind": "special", "title": "矩阵会议", "held_at": start, "chair": "县长"}, &m, 201)
		f.meetings[region] = m.ID
	}
	meetingMatrixState.Store(e, f)
	return f
}

// matrixMeeting gives the route matrix a topic or meeting route's id and body for an actor:
// a topic the actor sees, a meeting of its county, a new topic or meeting.
func matrixMeeting(e *env, method, path, unit string) (id string, body any, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/topics") && !strings.HasPrefix(path, "/api/v1/meetings") {
		return "", nil, false
	}
	f := e.meetingFixtures()
	region, key := 1, "A"
	switch unit {
	case "D":
		region, key = 2, "D"
	case "C":
		key = "C"
	}
	switch {
	case strings.HasPrefix(path, "/api/v1/topics/{id}"):
		id = fmt.Sprint(f.topics[key])
	case strings.HasPrefix(path, "/api/v1/meetings/{id}"):
		id = fmt.Sprint(f.meetings[region])
	}
	switch method + " " + path {
	case "POST /api/v1/topics":
		body = map[string]any{"unit_id": e.units["A"], "title": "矩阵议题", "background": "背景", "analysis": "分析", "non_secret": true}
		if unit != "O" {
			delete(body.(map[string]any), "unit_id")
		}
	case "POST /api/v1/meetings":
		body = map[string]any{"kind": "special", "title": "矩阵会议", "held_at": start, "chair": "县长"}
	case "POST /api/v1/topics/{id}/{action}", "POST /api/v1/meetings/{id}/{action}":
		body = map[string]any{"text": "矩阵测试意见"}
	}
	return id, body, true
}

// TestMeetingActionMatrix walks the authorisation matrices of the topic and meeting actions
// (meeting.TopicMatrix, meeting.MeetingMatrix, from the specs) for every action × the
// accounts of the test counties, on a record in a state the action starts from, and checks
// through the API that exactly the accounts one of the spec's Who relations allows (on a
// record they see) get past 403 and 404.
func TestMeetingActionMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	users := []string{"sup", "head", "deputy", "a_ll", "a_jb", "b_ll", "c_ll", "admin", "sec", "aud", "dep", "d_sup", "d_ll", "city"}
	actors := map[string]*luoshi.Actor{}
	for _, u := range users {
		a, err := e.svc.ActorByUsername(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		actors[u] = a
	}
	due := start.AddDate(0, 0, 3)
	topicBody := map[string]any{"solution": "方案", "cost": "1", "effect": "2", "risk": "3", "option": 1, "text": "矩阵",
		"unit_id": e.units["C"], "due": due, "reason": "矩阵"}
	meetingBody := map[string]any{"minutes_no": "〔2026〕1号", "minutes": "纪要", "text": "矩阵",
		"decision": "矩阵事项", "lead_unit_id": e.units["A"], "deadline": start.AddDate(0, 3, 0)}
	walk := func(t *testing.T, row flow.Row, body map[string]any, path func() string, may func(a *luoshi.Actor) bool) {
		if len(row.From) == 0 || len(row.Who) == 0 {
			t.Fatalf("row %+v: no states or no relations", row)
		}
		allowed := 0
		for _, u := range users {
			m := may(actors[u])
			if m {
				allowed++
			}
			var pb problem
			st := e.call(u, "POST", path()+"/"+row.Action, body, &pb)
			switch past := st != 403 && st != 404; {
			case st == 401 || st >= 500:
				t.Errorf("%s as %s: %d %+v", row.Action, u, st, pb)
			case m && !past:
				t.Errorf("%s as %s (%v allow): %d %s, want past 403/404", row.Action, u, row.Who, st, pb.Detail)
			case !m && past:
				t.Errorf("%s as %s (%v do not allow): %d, want 403 or 404", row.Action, u, row.Who, st)
			}
		}
		if allowed == 0 || allowed == len(users) {
			t.Errorf("%s: %d of %d accounts allowed; the matrix shows nothing", row.Action, allowed, len(users))
		}
	}
	for _, row := range meeting.TopicMatrix() {
		t.Run("topic/"+row.Action, func(t *testing.T) {
			tp := e.matrixTopicIn(t, luoshi.TopicState(row.From[0]))
			walk(t, row, topicBody, func() string {
				// Each account acts on a fresh topic in the state, so one's success does not
				// move the next one's.
				tp = e.matrixTopicIn(t, luoshi.TopicState(row.From[0]))
				return fmt.Sprintf("/api/v1/topics/%d", tp.ID)
			}, func(a *luoshi.Actor) bool {
				return meeting.SeesTopic(a, tp) && slices.ContainsFunc(row.Who, func(w string) bool { return meeting.HoldsTopic(w, a, tp) })
			})
		})
	}
	for _, row := range meeting.MeetingMatrix() {
		t.Run("meeting/"+row.Action, func(t *testing.T) {
			var m *luoshi.Meeting
			fresh := func() string {
				m = e.matrixMeetingIn(t, luoshi.MeetingState(row.From[0]))
				return fmt.Sprintf("/api/v1/meetings/%d", m.ID)
			}
			fresh()
			walk(t, row, meetingBody, fresh, func(a *luoshi.Actor) bool {
				return meeting.SeesMeeting(a, m) && slices.ContainsFunc(row.Who, func(w string) bool { return meeting.HoldsMeeting(w, a, m) })
			})
		})
	}
}

// matrixTopicIn drafts a topic of A with B asked to sign off, and moves it to the state.
func (e *env) matrixTopicIn(t *testing.T, to luoshi.TopicState) *luoshi.Topic {
	t.Helper()
	id := e.newTopic("a_ll", "矩阵议题", false).ID
	e.topicAct("a_ll", id, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": start.AddDate(0, 0, 3)}, 200)
	if to != luoshi.TopicDraft {
		e.topicAct("b_ll", id, "sign-off", map[string]any{"text": "同意"}, 200)
		e.topicAct("a_ll", id, "add-solution", solution, 200)
		e.topicAct("a_ll", id, "recommend", map[string]any{"option": 1}, 200)
		e.topicAct("a_ll", id, "submit", nil, 200)
	}
	switch to {
	case luoshi.TopicReturned:
		e.topicAct("sup", id, "return", map[string]any{"reason": "矩阵"}, 200)
	case luoshi.TopicAccepted:
		e.topicAct("sup", id, "accept", map[string]any{"meeting_id": e.matrixMeetingIn(t, luoshi.MeetingPlanned).ID}, 200)
	}
	var out *luoshi.Topic
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindTopicByID(context.Background(), id)
		return err
	})
	if err != nil || out.State != to {
		t.Fatalf("matrix topic: %v %+v, want %s", err, out, to)
	}
	return out
}

// matrixMeetingIn creates a meeting of the first county with minutes and one decision, and
// publishes it when asked.
func (e *env) matrixMeetingIn(t *testing.T, to luoshi.MeetingState) *luoshi.Meeting {
	t.Helper()
	var mv meetingView
	e.post("sup", "/api/v1/meetings", map[string]any{"kind": "special", "title": "矩阵会议", "held_at": start, "chair": "县长"}, &mv, 201)
	path := fmt.Sprintf("/api/v1/meetings/%d/", mv.ID)
	e.post("sup", path+"record-minutes", map[string]any{"minutes_no": "〔2026〕2号", "minutes": "纪要"}, nil, 200)
	e.post("sup", path+"add-decision", map[string]any{"decision": "矩阵事项", "lead_unit_id": e.units["A"], "deadline": start.AddDate(0, 3, 0)}, nil, 200)
	if to == luoshi.MeetingPublished {
		e.post("sup", path+"publish", nil, nil, 200)
	}
	var out *luoshi.Meeting
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindMeetingByID(context.Background(), mv.ID)
		return err
	})
	if err != nil || out.State != to {
		t.Fatalf("matrix meeting: %v %+v, want %s", err, out, to)
	}
	return out
}
