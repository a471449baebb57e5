package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

func (t *tx) CreateTopic(ctx context.Context, tp *luoshi.Topic) error {
	id, err := t.insertID(ctx, `INSERT INTO topics (region_id, unit_id, meeting_id, state, version, doc, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		tp.RegionID, tp.UnitID, nullID(tp.MeetingID), string(tp.State), tp.Version, mustJSON(tp), ms(tp.CreatedAt), ms(tp.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	tp.ID = id
	if _, err := t.tx.ExecContext(ctx, `UPDATE topics SET doc = $1 WHERE id = $2`, mustJSON(tp), id); err != nil {
		return err
	}
	return t.putTopicUnits(ctx, tp)
}

// putTopicUnits replaces the rows of the units asked for the topic's sign-off.
func (t *tx) putTopicUnits(ctx context.Context, tp *luoshi.Topic) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM topic_units WHERE topic_id = $1`, tp.ID); err != nil {
		return err
	}
	for _, s := range tp.SignOffs {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO topic_units (topic_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			tp.ID, s.UnitID); err != nil {
			return fmt.Errorf("topic %d sign-off unit: %w", tp.ID, err)
		}
	}
	return nil
}

func (t *tx) UpdateTopic(ctx context.Context, tp *luoshi.Topic, prevVersion int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE topics SET meeting_id = $1, state = $2, version = $3, doc = $4, updated_at = $5
		WHERE id = $6 AND version = $7`,
		nullID(tp.MeetingID), string(tp.State), tp.Version, mustJSON(tp), ms(tp.UpdatedAt), tp.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update topic %d: %w", tp.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "meeting.stale")
	}
	return t.putTopicUnits(ctx, tp)
}

// scanJSON reads a record's JSON document.
func scanJSON[T any](s scanner) (*T, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	var v T
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	return &v, nil
}

func (t *tx) FindTopicByID(ctx context.Context, id int64) (*luoshi.Topic, error) {
	tp, err := scanJSON[luoshi.Topic](t.tx.QueryRowContext(ctx, `SELECT doc FROM topics WHERE id = $1`, id))
	return tp, notFound("topic.not_found", err)
}

// FindTopics lists the topics the filter selects, oldest first.
func (t *tx) FindTopics(ctx context.Context, f luoshi.TopicFilter) ([]*luoshi.Topic, error) {
	where := []string{"region_id = $1"}
	args := []any{f.RegionID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.UnitID != 0 {
		p := arg(f.UnitID)
		where = append(where, "(unit_id = "+p+" OR EXISTS (SELECT 1 FROM topic_units u WHERE u.topic_id = topics.id AND u.unit_id = "+p+"))")
	}
	if f.State != "" {
		where = append(where, "state = "+arg(string(f.State)))
	}
	if f.MeetingID != 0 {
		where = append(where, "meeting_id = "+arg(f.MeetingID))
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM topics WHERE `+strings.Join(where, " AND ")+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find topics: %w", err)
	}
	return collect(rows, scanJSON[luoshi.Topic])
}

func (t *tx) CreateMeeting(ctx context.Context, m *luoshi.Meeting) error {
	id, err := t.insertID(ctx, `INSERT INTO meetings (region_id, kind, held_at, state, version, doc, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		m.RegionID, m.Kind, ms(m.HeldAt), string(m.State), m.Version, mustJSON(m), ms(m.CreatedAt), ms(m.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create meeting: %w", err)
	}
	m.ID = id
	_, err = t.tx.ExecContext(ctx, `UPDATE meetings SET doc = $1 WHERE id = $2`, mustJSON(m), id)
	return err
}

func (t *tx) UpdateMeeting(ctx context.Context, m *luoshi.Meeting, prevVersion int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE meetings SET state = $1, version = $2, doc = $3, updated_at = $4
		WHERE id = $5 AND version = $6`, string(m.State), m.Version, mustJSON(m), ms(m.UpdatedAt), m.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update meeting %d: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "meeting.stale")
	}
	return nil
}

func (t *tx) FindMeetingByID(ctx context.Context, id int64) (*luoshi.Meeting, error) {
	m, err := scanJSON[luoshi.Meeting](t.tx.QueryRowContext(ctx, `SELECT doc FROM meetings WHERE id = $1`, id))
	return m, notFound("meeting.not_found", err)
}

// FindMeetings lists a region's meetings, latest first.
func (t *tx) FindMeetings(ctx context.Context, regionID int64) ([]*luoshi.Meeting, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM meetings WHERE region_id = $1 ORDER BY held_at DESC, id DESC`, regionID)
	if err != nil {
		return nil, fmt.Errorf("find meetings: %w", err)
	}
	return collect(rows, scanJSON[luoshi.Meeting])
}

// eventTable is the table of a record's events and its id column.
func eventTable(record string) (table, col string, err error) {
	switch record {
	case luoshi.RecordTopic:
		return "topic_events", "topic_id", nil
	case luoshi.RecordMeeting:
		return "meeting_events", "meeting_id", nil
	}
	return "", "", fmt.Errorf("meeting event of an unknown record %q", record)
}

func (t *tx) AppendMeetingEvent(ctx context.Context, e *luoshi.MeetingEvent, regionID int64) error {
	table, col, err := eventTable(e.Record)
	if err != nil {
		return err
	}
	id, err := t.insertID(ctx, `INSERT INTO `+table+` (`+col+`, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.RecordID, regionID, e.Seq, e.Kind, e.ActorID, ms(e.At), mustJSON(e.Data))
	if err != nil {
		return fmt.Errorf("append %s event: %w", e.Record, err)
	}
	e.ID = id
	return nil
}

func (t *tx) FindMeetingEvents(ctx context.Context, record string, id int64) ([]luoshi.MeetingEvent, error) {
	table, col, err := eventTable(record)
	if err != nil {
		return nil, err
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT id, `+col+`, seq, kind, actor_id, at, payload
		FROM `+table+` WHERE `+col+` = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (luoshi.MeetingEvent, error) {
		e := luoshi.MeetingEvent{Record: record}
		var at int64
		var payload string
		if err := s.Scan(&e.ID, &e.RecordID, &e.Seq, &e.Kind, &e.ActorID, &at, &payload); err != nil {
			return e, err
		}
		e.At = fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}
