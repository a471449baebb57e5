package api

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/proposal"
	"luoshi/internal/service"
	"luoshi/internal/stocktake"
	"luoshi/internal/target"
)

// apiBodies is every JSON body the API decodes, by the type its handler decodes into.
// TestAPIBodiesListed keeps it whole: a handler decoding a type missing here fails it.
var apiBodies = []reflect.Type{
	reflect.TypeFor[loginRequest](),
	reflect.TypeFor[codeRequest](),
	reflect.TypeFor[passwordRequest](),
	reflect.TypeFor[tokenRequest](),
	reflect.TypeFor[rolesRequest](),
	reflect.TypeFor[resetRequest](),
	reflect.TypeFor[contactRequest](),
	reflect.TypeFor[luoshi.SecurityPolicy](),
	reflect.TypeFor[calendarDayRequest](),
	reflect.TypeFor[itemRequest](),
	reflect.TypeFor[idsRequest](),
	reflect.TypeFor[service.NotifyPrefsInput](),
	reflect.TypeFor[service.UnitInput](),
	reflect.TypeFor[service.UserInput](),
	reflect.TypeFor[service.LeaderInput](),
	reflect.TypeFor[service.TopicInput](),
	reflect.TypeFor[meetingRequest](),
	reflect.TypeFor[service.SessionInput](),
	reflect.TypeFor[proposalRequest](),
	reflect.TypeFor[service.PracticeInput](),
	reflect.TypeFor[practiceUpdate](),
	reflect.TypeFor[service.MeetingKindInput](),
	reflect.TypeFor[service.LetterInput](),
	reflect.TypeFor[indicatorsRequest](),
	reflect.TypeFor[actualsRequest](),
	reflect.TypeFor[luoshi.TargetRules](),
	reflect.TypeFor[service.BulletinInput](),
	reflect.TypeFor[service.StocktakeInput](),
	actionBody, proposalBody, letterBody, bulletinBody, topicBody, meetingBody, stocktakeBody,
}

// actionBodies pairs each action body with the fields of the specs it is built from.
var actionBodies = map[reflect.Type][]flow.Field{
	actionBody:    item.Fields(),
	proposalBody:  proposal.Fields(),
	letterBody:    target.Fields(),
	bulletinBody:  bulletin.Fields(),
	topicBody:     meeting.TopicFields(),
	meetingBody:   meeting.MeetingFields(),
	stocktakeBody: stocktake.Fields(),
}

// decodeBody decodes data as the API decodes a posted body into a new value of typ.
func decodeBody(typ reflect.Type, data []byte) (any, error) {
	v := reflect.New(typ).Interface()
	r := httptest.NewRequest("POST", "/", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/json")
	return v, httpx.Decode(httptest.NewRecorder(), r, v)
}

// checkRefusal is what every refusal of outside input must be: a domain error whose key
// and every field's key are in the catalogue, rendering in both languages with its
// arguments all used (no "%!").
func checkRefusal(t *testing.T, err error, codes ...string) {
	t.Helper()
	e, ok := luoshi.AsError(err)
	if !ok {
		t.Fatalf("not a domain error: %#v", err)
	}
	if !slices.Contains(codes, e.Code) {
		t.Fatalf("code %s for %v", e.Code, err)
	}
	keys := []string{e.Key}
	for _, f := range e.Fields {
		keys = append(keys, f.Key)
	}
	for _, k := range keys {
		if k != "" && !i18n.Has(k) {
			t.Fatalf("key %q not in the catalogue: %v", k, err)
		}
	}
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		msg, fields := l.Error(e)
		all := []string{msg}
		for _, f := range fields {
			all = append(all, f.Message)
		}
		for _, m := range all {
			// A formatting fault shows as "%!"; the input echoed in the message may hold
			// it too (FuzzPathID found "%!"), so the arguments' own text is taken out first.
			bare := m
			for _, a := range e.Args {
				if s, ok := a.(string); ok && s != "" {
					bare = strings.ReplaceAll(strings.ReplaceAll(bare, strconv.Quote(s), ""), s, "")
				}
			}
			if m == "" || strings.Contains(bare, "%!") {
				t.Fatalf("message %q for %v", m, err)
			}
		}
	}
}

// checkActionValues: the values read from an action body are the fields of its specs, each
// of the Go type its kind gives, every time one the API can answer with again.
func checkActionValues(t *testing.T, fields []flow.Field, v flow.Values) {
	t.Helper()
	kinds := map[string]flow.Kind{}
	for _, f := range fields {
		kinds[f.Name] = f.Kind
	}
	for name, val := range v {
		k, ok := kinds[name]
		if !ok {
			t.Fatalf("value %q is no field of the specs", name)
		}
		if reflect.TypeOf(val) != k.GoType() {
			t.Fatalf("value %q is a %T, not of kind %d", name, val, k)
		}
		if tm, ok := val.(time.Time); ok {
			if _, err := json.Marshal(tm); err != nil {
				t.Fatalf("time %v of %q cannot be written back: %v", tm, name, err)
			}
		}
	}
}

// sample is a plausible JSON value for a Go type: every field of a struct filled.
func sample(t reflect.Type) any {
	if t == reflect.TypeFor[Time]() {
		return "2026-12-31"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return sample(t.Elem())
	case reflect.String:
		return "县交通运输局"
	case reflect.Bool:
		return true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return 3
	case reflect.Float32, reflect.Float64:
		return 1.5
	case reflect.Slice, reflect.Array:
		return []any{sample(t.Elem())}
	case reflect.Map:
		return map[string]any{}
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return "2026-12-31T08:00:00Z"
		}
		m := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			m[name] = sample(f.Type)
		}
		return m
	}
	return nil
}

// FuzzDecodeBody decodes arbitrary bytes as each API body (which picks the type): never a
// panic; a refusal is a malformed/invalid/too-large domain error in the catalogue; a body
// accepted writes back to JSON and decodes again to the same value, and an action body's
// values are of its fields' kinds. Seeds are in testdata/fuzz/FuzzDecodeBody.
func FuzzDecodeBody(f *testing.F) {
	for i, typ := range apiBodies {
		full, err := json.Marshal(sample(typ))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), full)
		f.Add(uint8(i), []byte(`{}`))
	}
	f.Add(uint8(0), []byte(`{"username":"a\u0000"}`))
	f.Add(uint8(0), []byte(`{"username":"a"} {}`))
	f.Add(uint8(0), []byte(`{"Username":1}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		typ := apiBodies[int(which)%len(apiBodies)]
		v, err := decodeBody(typ, data)
		if err != nil {
			checkRefusal(t, err, luoshi.EMALFORMED, luoshi.EINVALID, luoshi.ETOOLARGE)
			return
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%v: accepted %q, cannot write it back: %v", typ, data, err)
		}
		v2, err := decodeBody(typ, again)
		if err != nil {
			t.Fatalf("%v: accepted %q, refused it written back %s: %v", typ, data, again, err)
		}
		if !reflect.DeepEqual(v, v2) {
			t.Fatalf("%v: %q read as %+v, written back %s read as %+v", typ, data, v, again, v2)
		}
		if fields, ok := actionBodies[typ]; ok {
			checkActionValues(t, fields, flow.ValuesOf(v))
		}
	})
}

// FuzzParseTime: a time in a request is refused with the catalogue's message, or is a UTC
// moment to the millisecond that JSON can carry and that reads back the same.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-12-31", "2026-12-31T08:00:00+08:00", "2026-02-30", " 2026-01-01 ",
		"0000-01-01", "9999-12-31T23:00:00-05:00", "2026-12-31T08:00:00.123456789Z", "明天"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s)
		if err != nil {
			checkRefusal(t, err, luoshi.EMALFORMED)
			return
		}
		if tm.Location() != time.UTC || tm.Nanosecond()%int(time.Millisecond) != 0 {
			t.Fatalf("%q read as %v", s, tm)
		}
		b, err := json.Marshal(tm)
		if err != nil {
			t.Fatalf("%q read as %v, which JSON cannot carry: %v", s, tm, err)
		}
		var back Time
		if err := json.Unmarshal(b, &back); err != nil || !back.Time.Equal(tm) {
			t.Fatalf("%q read as %v, written %s, read back %v (%v)", s, tm, b, back.Time, err)
		}
	})
}

// FuzzItemFilter reads an arbitrary query string as the list of items does: a refusal names
// each bad parameter with the catalogue's message; a filter accepted holds only valid
// states, lights, priorities and sources, positive ids and a limit from 1 to 200.
func FuzzItemFilter(f *testing.F) {
	for _, q := range []string{"state=open&light=red&limit=20", "unit_id=0", "limit=201", "overdue=maybe",
		"region_id=-3&leader_id=x", "q=%E6%9F%A5&cursor=aTEy", "priority=high&source=county", "a=%zz&state=%"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.RawQuery = q
		fl, err := parseItemFilter(r)
		if err != nil {
			checkRefusal(t, err, luoshi.EINVALID)
			return
		}
		if fl.State != nil && !fl.State.Valid() || fl.Light != nil && !fl.Light.Valid() ||
			fl.Priority != nil && !fl.Priority.Valid() || fl.Source != nil && !fl.Source.Valid() {
			t.Fatalf("%q: a choice out of its list accepted: %+v", q, fl)
		}
		for _, id := range []*int64{fl.UnitID, fl.LeaderID, fl.ParentID} {
			if id != nil && *id <= 0 {
				t.Fatalf("%q: id %d accepted", q, *id)
			}
		}
		if fl.RegionID < 0 || fl.Limit < 0 || fl.Limit > 200 || len([]rune(fl.Query)) > 100 {
			t.Fatalf("%q: filter %+v accepted", q, fl)
		}
	})
}

// TestAPIBodiesListed: every type a handler decodes a body into is in apiBodies, and every
// httpx.Decode call of the handlers is accounted for, so that FuzzDecodeBody covers them all.
func TestAPIBodiesListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, typ := range apiBodies {
		listed[typ.String()] = true
	}
	bodyVar := map[reflect.Type]string{actionBody: "actionBody", proposalBody: "proposalBody", letterBody: "letterBody",
		bulletinBody: "bulletinBody", topicBody: "topicBody", meetingBody: "meetingBody", stocktakeBody: "stocktakeBody"}
	bodyNames := slices.Collect(maps.Values(bodyVar))
	for _, typ := range apiBodies {
		delete(bodyVar, typ)
	}
	if len(bodyVar) > 0 {
		t.Errorf("action bodies missing from apiBodies: %v", bodyVar)
	}
	declared := regexp.MustCompile(`var (\w+) ([\w.]+)\n\s*if err := httpx\.Decode\(w, r, &(\w+)\)`)
	generic := regexp.MustCompile(`withID\(w, r, func\(id int64, \w+ ([\w.]+)\)`)
	bodyTypes := regexp.MustCompile(`(\w+)\s*=\s*flow\.BodyType\(`)
	calls, accounted := 0, 0
	name := func(s string) string {
		if !strings.Contains(s, ".") {
			return "api." + s
		}
		return s
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		calls += strings.Count(src, "httpx.Decode(")
		for _, m := range declared.FindAllStringSubmatch(src, -1) {
			if m[2] == "T" {
				continue // withID's generic body, counted below
			}
			accounted++
			if m[1] != m[3] || !listed[name(m[2])] {
				t.Errorf("%s: the body %s (%s) is not in apiBodies", file, m[2], m[1])
			}
		}
		for _, m := range generic.FindAllStringSubmatch(src, -1) {
			if !listed[name(m[1])] {
				t.Errorf("%s: the body %s is not in apiBodies", file, m[1])
			}
		}
		for _, m := range bodyTypes.FindAllStringSubmatch(src, -1) {
			if !slices.Contains(bodyNames, m[1]) {
				t.Errorf("%s: the action body %s is not in apiBodies", file, m[1])
			}
		}
		// An action body (body.Interface()), withID's generic body and the target rules are
		// the Decode calls whose type is named elsewhere: counted by their shapes.
		accounted += strings.Count(src, "httpx.Decode(w, r, body.Interface())")
		accounted += strings.Count(src, "httpx.Decode(w, r, &req); err != nil {\n\t\treturn err\n\t}\n\tv, err := call(id, req)")
		accounted += strings.Count(src, "httpx.Decode(w, r, rules)")
	}
	if calls != accounted {
		t.Errorf("%d httpx.Decode calls in the handlers, %d accounted for: list the new body in apiBodies", calls, accounted)
	}
}

// FuzzQueryParams reads an arbitrary query string with every query reader the handlers
// share (the audit filter, the page size, as_of, year/region/unit of the statistics, the
// region): a refusal is a catalogue error naming the parameter; what is read is in range.
func FuzzQueryParams(f *testing.F) {
	for _, q := range []string{"from=2026-01-01&to=2026-12-31T18:00:00%2B08:00&limit=50&outcome=denied", "as_of=2026-09-30",
		"as_of=9999-12-31T23:00:00-05:00", "year=2026&region_id=3&unit_id=4", "unit_id=0&year=x", "limit=0", "actor_id=x&limit=1001"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.RawQuery = q
		if af, err := parseAuditFilter(r); err != nil {
			checkRefusal(t, err, luoshi.EINVALID)
		} else if !af.From.IsZero() && !luoshi.YearInRange(af.From) || !af.To.IsZero() && !luoshi.YearInRange(af.To) ||
			af.Limit < 0 || af.Limit > 1000 {
			t.Fatalf("%q: audit filter %+v read", q, af)
		}
		if n, err := queryLimit(r); err != nil {
			checkRefusal(t, err, luoshi.EINVALID)
		} else if n < 0 {
			t.Fatalf("%q: limit %d read", q, n)
		}
		if at, err := asOf(r); err != nil {
			checkRefusal(t, err, luoshi.EINVALID)
		} else if _, err := json.Marshal(at); err != nil || !at.IsZero() && !luoshi.YearInRange(at.Add(-time.Second)) {
			t.Fatalf("%q: as_of %v read (%v)", q, at, err)
		}
		if region, unit, _, err := collabQuery(r, true); err != nil {
			checkRefusal(t, err, luoshi.EINVALID)
		} else if region < 0 || unit <= 0 {
			t.Fatalf("%q: region %d, unit %d read", q, region, unit)
		}
	})
}

// FuzzPathID reads an arbitrary {id} path segment: a positive id, or not found with the
// catalogue's message.
func FuzzPathID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "9223372036854775808", "1e3", "０１", "", "%!", "%!d(x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("id", s)
		id, err := pathID(r)
		if err != nil {
			checkRefusal(t, err, luoshi.ENOTFOUND)
			return
		}
		if id <= 0 {
			t.Fatalf("%q read as %d", s, id)
		}
	})
}

// FuzzBulletinRef reads an arbitrary bulletin {id} segment: not found with the catalogue's
// message, or a positive id with at most one of the two suffixes, the segment being exactly
// the id's digits (as ParseInt reads them) and that suffix. Seeds are in
// testdata/fuzz/FuzzBulletinRef.
func FuzzBulletinRef(f *testing.F) {
	for _, s := range []string{"12", "12.docx", "12.xlsx", "12.xlsx.docx", "0.docx", ".xlsx", "12.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ext, err := bulletinRef(s)
		if err != nil {
			checkRefusal(t, err, luoshi.ENOTFOUND)
			return
		}
		digits := strings.TrimSuffix(s, ext)
		if id <= 0 || ext != "" && ext != ".docx" && ext != ".xlsx" || strings.Contains(digits, ".") {
			t.Fatalf("%q read as %d %q", s, id, ext)
		}
	})
}
