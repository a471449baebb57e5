package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/demo"
)

// statusBusy stands for a 503 answer with Retry-After: the server's "come back later".
const statusBusy = -503

type client struct {
	base string
	hc   *http.Client
}

func newClient(base string, conc int) *client {
	tr := &http.Transport{MaxIdleConns: 2 * conc, MaxIdleConnsPerHost: 2 * conc, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	return &client{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// do sends one request; out, if not nil, receives the body of a 2xx answer. A 503 with
// Retry-After is answered as statusBusy.
func (c *client) do(ctx context.Context, method, path, token string, body []byte, out *[]byte) (int, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
		_, err = io.Copy(io.Discard, resp.Body)
		return statusBusy, err
	}
	if out != nil && resp.StatusCode < 300 {
		*out, err = io.ReadAll(resp.Body)
		return resp.StatusCode, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// getJSON is for the setup: a GET that must answer 200.
func (c *client) getJSON(ctx context.Context, path, token string, v any) error {
	var body []byte
	st, err := c.do(ctx, "GET", path, token, nil, &body)
	if err != nil {
		return err
	}
	if st != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, st)
	}
	return json.Unmarshal(body, v)
}

func (c *client) login(ctx context.Context, user, pw string) (string, error) {
	b, _ := json.Marshal(map[string]string{"username": user, "password": pw})
	var body []byte
	st, err := c.do(ctx, "POST", "/api/v1/login", "", b, &body)
	if err != nil {
		return "", err
	}
	if st != http.StatusOK {
		return "", fmt.Errorf("login %s: status %d (is the password %q right?)", user, st, pw)
	}
	var res struct{ Token string }
	if err := json.Unmarshal(body, &res); err != nil || res.Token == "" {
		return "", fmt.Errorf("login %s: no token in the answer", user)
	}
	return res.Token, nil
}

// account is a logged-in liaison with the items the unit can see.
type account struct {
	unit  int64
	token string
	open  []int64 // items in progress it leads: where reports go
	seen  []int64 // items it can see: what it opens
}

type unitInfo struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type itemRef struct {
	ID         int64 `json:"id"`
	LeadUnitID int64 `json:"lead_unit_id"`
}

// setup logs in the supervisor and as many unit liaisons as there are workers (up to the
// region's units), and finds the items each may report on or open.
func setup(ctx context.Context, cl *client, c *Config) ([]*worker, error) {
	ws := make([]*worker, c.Concurrency)
	for i := range ws {
		ws[i] = &worker{cl: cl, workload: c.Workload, acked: c.Acked}
	}
	if c.Workload == "healthz" {
		return ws, nil
	}
	if c.Workload == "login" {
		b, _ := json.Marshal(map[string]string{"username": c.Supervisor, "password": c.Password})
		for _, w := range ws {
			w.login = b
		}
		return ws, nil
	}
	sup, err := cl.login(ctx, c.Supervisor, c.Password)
	if err != nil {
		return nil, err
	}
	var units struct{ Units []unitInfo }
	if err := cl.getJSON(ctx, "/api/v1/units", sup, &units); err != nil {
		return nil, err
	}
	if len(units.Units) < 2 {
		return nil, errors.New("the region has fewer than two units")
	}
	ids := make([]int64, len(units.Units))
	for i, u := range units.Units {
		ids[i] = u.ID
	}
	bodies := createBodies(ids, c.Seed)
	var accts []*account
	if c.Workload != "create" && c.Workload != "stats" && c.Workload != "cockpit" {
		if accts, err = liaisons(ctx, cl, c, sup, units.Units); err != nil {
			return nil, err
		}
	}
	for i, w := range ws {
		w.sup, w.creates = sup, bodies
		if len(accts) > 0 {
			w.acct = accts[i%len(accts)]
		}
	}
	return ws, nil
}

// liaisons logs in one liaison per worker, on the units (after the government office) that
// lead items in progress.
func liaisons(ctx context.Context, cl *client, c *Config, sup string, units []unitInfo) ([]*account, error) {
	var out []*account
	for i := 1; i < len(units) && len(out) < c.Concurrency; i++ {
		user, err := liaisonOf(ctx, cl, c, sup, units[i], i+1)
		if err != nil {
			return nil, err
		}
		tok, err := cl.login(ctx, user, c.Password)
		if err != nil {
			return nil, err
		}
		a := &account{unit: units[i].ID, token: tok}
		var page struct{ Items []itemRef }
		if err := cl.getJSON(ctx, "/api/v1/items?state=in_progress&limit=200", tok, &page); err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			if it.LeadUnitID == a.unit {
				a.open = append(a.open, it.ID)
			}
		}
		if err := cl.getJSON(ctx, "/api/v1/items?limit=200", tok, &page); err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			a.seen = append(a.seen, it.ID)
		}
		if len(a.open) > 0 && len(a.seen) > 0 {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no unit of the region leads an item in progress")
	}
	return out, nil
}

// liaisonOf finds the liaison of a unit through the API, or else by the generator's naming.
func liaisonOf(ctx context.Context, cl *client, c *Config, sup string, u unitInfo, index int) (string, error) {
	var users struct {
		Users []struct {
			Username string   `json:"username"`
			Roles    []string `json:"roles"`
		}
	}
	if err := cl.getJSON(ctx, "/api/v1/users?unit_id="+strconv.FormatInt(u.ID, 10), sup, &users); err == nil {
		for _, x := range users.Users {
			for _, r := range x.Roles {
				if r == "liaison" {
					return x.Username, nil
				}
			}
		}
	}
	return gen.LiaisonUsername(c.Region, index), nil
}

// createBodies are new items for the create workload: demo texts, led by the region's units.
func createBodies(units []int64, seed uint64) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 99))
	out := make([][]byte, 64)
	deadline := time.Now().Add(60 * 24 * time.Hour).UTC().Format(time.RFC3339)
	for i := range out {
		spec := demo.Items[rng.IntN(len(demo.Items))]
		lead := units[1+rng.IntN(len(units)-1)]
		co := []int64{}
		if u := units[1+rng.IntN(len(units)-1)]; u != lead {
			co = append(co, u)
		}
		out[i], _ = json.Marshal(map[string]any{"title": spec.Title, "content": spec.Content, "source": spec.Source,
			"source_ref": spec.SourceRef, "priority": spec.Priority, "lead_unit_id": lead, "co_unit_ids": co,
			"deadline": deadline, "report_every": "1w", "assign": true, "unclassified": true})
	}
	return out
}

// worker is one client of the load, with its own accounts and latencies.
type worker struct {
	cl       *client
	workload string
	sup      string
	acct     *account
	creates  [][]byte
	login    []byte // the login workload's body
	acked    func(Ack)

	cnt     *counters
	max     int64
	pace    <-chan struct{} // with Config.Rate: one token per operation
	observe func(string, time.Duration, bool)
	op      string // the operation being run, for observe
	rng     *rand.Rand
	lat     []int32 // microseconds
}

func (w *worker) run(ctx context.Context) {
	for ctx.Err() == nil {
		if w.pace != nil {
			select {
			case <-ctx.Done():
				return
			case <-w.pace:
			}
		}
		op := w.pick()
		w.op = op
		switch op {
		case "detail":
			id := w.acct.seen[w.rng.IntN(len(w.acct.seen))]
			path := "/api/v1/items/" + strconv.FormatInt(id, 10)
			if !w.request(ctx, "GET", path, w.acct.token, nil) || !w.request(ctx, "GET", path+"/events", w.acct.token, nil) {
				return
			}
		default:
			if !w.one(ctx, op) {
				return
			}
		}
	}
}

// mixed is what a county office does on a Friday afternoon, by operation.
var mixed = []struct {
	op string
	w  int
}{{"list", 30}, {"detail", 30}, {"report", 25}, {"stats", 10}, {"create", 5}}

func (w *worker) pick() string {
	if w.workload != "mixed" {
		return w.workload
	}
	n := w.rng.IntN(100)
	for _, m := range mixed {
		if n -= m.w; n < 0 {
			return m.op
		}
	}
	return "list"
}

func (w *worker) one(ctx context.Context, op string) bool {
	switch op {
	case "healthz":
		return w.request(ctx, "GET", "/healthz", "", nil)
	case "login": // the supervisor logs in again: a password hash each time
		return w.request(ctx, "POST", "/api/v1/login", "", w.login)
	case "stats":
		return w.request(ctx, "GET", "/api/v1/stats/units", w.sup, nil)
	case "cockpit": // the office's county-wide cockpit, as the county head's
		return w.request(ctx, "GET", "/api/v1/cockpit", w.sup, nil)
	case "list":
		return w.request(ctx, "GET", "/api/v1/items?overdue=true&limit=50", w.acct.token, nil)
	case "create":
		return w.request(ctx, "POST", "/api/v1/items", w.sup, w.creates[w.rng.IntN(len(w.creates))])
	case "report":
		return w.report(ctx)
	}
	return false
}

func (w *worker) report(ctx context.Context) bool {
	id := w.acct.open[w.rng.IntN(len(w.acct.open))]
	r := demo.Reports[w.rng.IntN(len(demo.Reports))]
	body, _ := json.Marshal(map[string]any{"text": r.Text, "problems": r.Problems, "next_steps": r.NextSteps,
		"percent": 5 + w.rng.IntN(90)})
	path := "/api/v1/items/" + strconv.FormatInt(id, 10) + "/report"
	if w.acked == nil {
		return w.request(ctx, "POST", path, w.acct.token, body)
	}
	var out []byte
	ok, st := w.send(ctx, "POST", path, w.acct.token, body, &out)
	if st == http.StatusOK {
		var v struct{ Version int }
		if json.Unmarshal(out, &v) == nil {
			w.acked(Ack{ItemID: id, Version: v.Version, Text: r.Text})
		}
	}
	return ok
}

func (w *worker) request(ctx context.Context, method, path, token string, body []byte) bool {
	ok, _ := w.send(ctx, method, path, token, body, nil)
	return ok
}

// send makes one counted request; false means the run is over.
func (w *worker) send(ctx context.Context, method, path, token string, body []byte, out *[]byte) (bool, int) {
	if w.max > 0 && w.cnt.issued.Add(1) > w.max {
		return false, 0
	}
	start := time.Now()
	st, err := w.cl.do(ctx, method, path, token, body, out)
	if ctx.Err() != nil {
		return false, st // cut off by the end of the run: not counted
	}
	d := time.Since(start)
	w.lat = append(w.lat, int32(min(d.Microseconds(), 1<<31-1)))
	w.cnt.done.Add(1)
	if w.observe != nil {
		w.observe(w.op, d, err != nil || st >= 400 || st == statusBusy)
	}
	switch {
	case err != nil:
		w.cnt.fail(err.Error())
	case st == statusBusy:
		w.cnt.busy.Add(1)
		time.Sleep(5 * time.Millisecond) // a server that is down is not hammered in a tight loop
	case st >= 400:
		w.cnt.fail(fmt.Sprintf("%s %s: status %d", method, trimID(path), st))
	}
	return true, st
}

// trimID keeps error samples few: /api/v1/items/123/report → /api/v1/items/{id}/report.
func trimID(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if _, err := strconv.Atoi(p); err == nil && p != "" {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}
