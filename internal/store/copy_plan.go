package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// copyTable is one table as Copy moves it: the target's columns and foreign keys.
type copyTable struct {
	name     string
	cols     []copyColumn
	hasID    bool // an "id" primary key, renumbered in a merge
	identity bool // the id is an identity column
}

type copyColumn struct {
	name string
	kind string // int, bool, text, float: what the target stores
	ref  string // the table a foreign key (or a known reference) points to
}

func (t *copyTable) colNames() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.name
	}
	return out
}

// looseRefs are id columns without a foreign key: the audit trail outlives what it names.
var looseRefs = map[string]string{"audit_log.region_id": "regions", "audit_log.actor_id": "users"}

// planCopy reads both schemas and orders the tables so that every table comes after those
// it refers to. The two must hold the same tables and columns (both at the same migration).
func planCopy(ctx context.Context, stx *sql.Tx, srcDialect string, dst *DB, merge bool) ([]*copyTable, error) {
	var sv, dv int
	if err := stx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&sv); err != nil {
		return nil, err
	}
	if err := dst.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&dv); err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("copy: the source is at schema %d and the target at %d: run the same luoshi on both", sv, dv)
	}
	tables, err := queryStrings(ctx, dst.w, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'data_version') ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	srcTables, err := sourceTables(ctx, stx, srcDialect)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(tables, srcTables) {
		return nil, fmt.Errorf("copy: the schemas differ:\n source %v\n target %v", srcTables, tables)
	}
	byName := map[string]*copyTable{}
	for _, name := range tables {
		t, err := targetTable(ctx, dst.w, name)
		if err != nil {
			return nil, err
		}
		cols, err := sourceColumns(ctx, stx, srcDialect, name)
		if err != nil {
			return nil, err
		}
		if !slices.Equal(cols, sortedCopy(t.colNames())) {
			return nil, fmt.Errorf("copy: table %s has columns %v in the source, %v in the target", name, cols, t.colNames())
		}
		if merge {
			if err := checkRefs(t); err != nil {
				return nil, err
			}
		}
		byName[name] = t
	}
	return orderTables(byName, tables)
}

// checkRefs refuses a merge of a table with an id column Copy would not renumber: a new
// table must declare its references for a merge to stay consistent.
func checkRefs(t *copyTable) error {
	if slices.Contains(globalTables, t.name) {
		return nil
	}
	for _, c := range t.cols {
		if c.ref == "" && c.kind == "int" && (strings.HasSuffix(c.name, "_id") || strings.HasSuffix(c.name, "_by")) {
			return fmt.Errorf("copy --merge: %s.%s looks like a reference without a foreign key; declare it", t.name, c.name)
		}
	}
	return nil
}

func orderTables(byName map[string]*copyTable, names []string) ([]*copyTable, error) {
	var out []*copyTable
	done := map[string]bool{}
	for len(out) < len(names) {
		progress := false
		for _, name := range names {
			t := byName[name]
			if done[name] {
				continue
			}
			ready := true
			for _, c := range t.cols {
				if c.ref != "" && c.ref != name && !done[c.ref] {
					ready = false
				}
			}
			if ready {
				out, done[name], progress = append(out, t), true, true
			}
		}
		if !progress {
			return nil, fmt.Errorf("copy: the foreign keys among %v form a cycle", names)
		}
	}
	return out, nil
}

func targetTable(ctx context.Context, db *sql.DB, name string) (*copyTable, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name, data_type, is_identity FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, name)
	if err != nil {
		return nil, err
	}
	t := &copyTable{name: name}
	_, err = collect(rows, func(s interface{ Scan(...any) error }) (bool, error) {
		var col, typ, ident string
		if err := s.Scan(&col, &typ, &ident); err != nil {
			return false, err
		}
		kind := "text"
		switch typ {
		case "bigint", "integer", "smallint":
			kind = "int"
		case "boolean":
			kind = "bool"
		case "double precision", "real", "numeric":
			kind = "float"
		}
		t.cols = append(t.cols, copyColumn{name: col, kind: kind, ref: looseRefs[name+"."+col]})
		if col == "id" && kind == "int" {
			t.hasID, t.identity = true, ident == "YES"
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT a.attname, cf.relname FROM pg_constraint c
		JOIN pg_class ct ON ct.oid = c.conrelid JOIN pg_namespace n ON n.oid = ct.relnamespace
		JOIN pg_class cf ON cf.oid = c.confrelid
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		WHERE c.contype = 'f' AND n.nspname = current_schema() AND ct.relname = $1`, name)
	if err != nil {
		return nil, err
	}
	_, err = collect(rows, func(s interface{ Scan(...any) error }) (bool, error) {
		var col, ref string
		if err := s.Scan(&col, &ref); err != nil {
			return false, err
		}
		for i := range t.cols {
			if t.cols[i].name == col {
				t.cols[i].ref = ref
			}
		}
		return true, nil
	})
	return t, err
}

func sourceTables(ctx context.Context, stx *sql.Tx, dialect string) ([]string, error) {
	if dialect == DialectSQLite {
		return queryStrings(ctx, stx, `SELECT name FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'data_version') ORDER BY 1`)
	}
	return queryStrings(ctx, stx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'data_version') ORDER BY 1`)
}

func sourceColumns(ctx context.Context, stx *sql.Tx, dialect, table string) ([]string, error) {
	q := `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY 1`
	if dialect == DialectSQLite {
		q = `SELECT name FROM pragma_table_info($1) ORDER BY 1`
	}
	return queryStrings(ctx, stx, q, table)
}

func queryStrings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (string, error) {
		var v string
		return v, s.Scan(&v)
	})
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// converter turns a source row into the target's types, and in a merge renumbers its ids.
func (c *copier) converter(t *copyTable) func([]any) error {
	remap := c.remapper(t)
	return func(vals []any) error {
		for i, col := range t.cols {
			v, err := convertValue(vals[i], col.kind)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", t.name, col.name, err)
			}
			vals[i] = v
		}
		if remap != nil {
			return remap(vals)
		}
		return nil
	}
}

// convertValue makes a value of the source driver one the target column takes: SQLite
// keeps booleans as integers and may hand text back as bytes.
func convertValue(v any, kind string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case "int":
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case float64:
			return int64(x), nil
		}
	case "bool":
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case "float":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	}
	return nil, fmt.Errorf("cannot store %T as %s", v, kind)
}
