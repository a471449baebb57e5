// Package gen generates luoshi's benchmark datasets: regions of 60 units with supervision
// items whose histories are real event sequences. Every event is decided by the domain's
// Policy.Decide and folded by luoshi.Apply, so each stored item equals the fold of its
// events, and the light columns are the Policy's LightTimes, exactly as the services would
// have stored them. The data depend only on the seed and the reference time; they are
// written in bulk (store.Bulk).
package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// DefaultPassword is the password of every generated account unless --password says
// otherwise; the load tool uses it too.
const DefaultPassword = "Bench@2026"

// Scale is the size of a dataset.
type Scale struct {
	Name           string
	Regions        int
	UnitsPerRegion int
	Items          int // in all regions
	Events         int // in all regions
}

// Scales are the named sizes: a county, a city of ten counties, a province of a hundred.
var Scales = map[string]Scale{
	"county":   {Name: "county", Regions: 1, UnitsPerRegion: 60, Items: 10_000, Events: 200_000},
	"city":     {Name: "city", Regions: 10, UnitsPerRegion: 60, Items: 100_000, Events: 2_000_000},
	"province": {Name: "province", Regions: 100, UnitsPerRegion: 60, Items: 1_000_000, Events: 20_000_000},
}

// Options say what to generate.
type Options struct {
	Scale    Scale
	Seed     uint64
	Password string
	// Now is the reference time: histories end before it and lights are as of it.
	Now time.Time
	// Progress, if set, receives a line per finished share of the regions.
	Progress io.Writer
}

// Summary tells what was generated.
type Summary struct {
	Regions, Units, Leaders, Users, Items, Events int
	States                                        map[luoshi.State]int
	Lights                                        map[luoshi.Light]int
	Elapsed                                       time.Duration
}

// Account names. Region r (1-based) has a supervisor, a county head and five deputies, and
// each unit u (1-based; unit 1 is the government office) a liaison and a staff member.

// SupervisorUsername is the supervision office's account of region r.
func SupervisorUsername(r int) string { return fmt.Sprintf("r%03d_dc", r) }

// HeadUsername is the county head's account of region r.
func HeadUsername(r int) string { return fmt.Sprintf("r%03d_xz", r) }

// LiaisonUsername is the liaison (联络员) of unit u of region r.
func LiaisonUsername(r, u int) string { return fmt.Sprintf("r%03d_u%02d_ll", r, u) }

// StaffUsername is the staff member (经办人) of unit u of region r.
func StaffUsername(r, u int) string { return fmt.Sprintf("r%03d_u%02d_jb", r, u) }

// Generate fills the empty database named by dsn with a dataset.
func Generate(ctx context.Context, dsn string, o Options) (*Summary, error) {
	start := time.Now()
	if o.Scale.Regions < 1 || o.Scale.UnitsPerRegion < 3 || o.Scale.Items < 0 || o.Scale.Events < o.Scale.Items {
		return nil, fmt.Errorf("scale %+v: want at least 1 region, 3 units per region, and events ≥ items", o.Scale)
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Millisecond)
	// The service fills the calendar and gives the policy the server will use.
	db, svc, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	policy := svc.Policy()
	// As for the demo county: no second factor (a load tool carries no phone), and logins
	// from the one address of the load tool are not throttled below what a run needs.
	sec := luoshi.DefaultSecurityPolicy()
	sec.MFARequiredRoles, sec.LoginRatePerMinute = []luoshi.Role{}, 600
	_, err = svc.SetSecurityPolicy(ctx, nil, sec)
	hash, herr := svc.Hasher.Hash(o.Password)
	db.Close()
	if err = errors.Join(err, herr); err != nil {
		return nil, err
	}
	b, err := store.OpenBulk(ctx, dsn)
	if err != nil {
		return nil, err
	}
	g := &generator{o: o, p: policy, b: b, hash: hash, start: start,
		sum: &Summary{States: map[luoshi.State]int{}, Lights: map[luoshi.Light]int{}}}
	err = g.run(ctx)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	g.sum.Elapsed = time.Since(start)
	return g.sum, nil
}

// Open opens a database and the services over it, as the server does; for the generator,
// the benchmarks and the tests over generated data.
func Open(ctx context.Context, dsn string) (*store.DB, *service.Service, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	svc, err := service.New(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, svc, nil
}

type generator struct {
	o     Options
	p     *luoshi.Policy
	b     *store.Bulk
	hash  string
	sum   *Summary
	start time.Time

	nextUnit, nextLeader, nextUser, nextItem, nextEvent int64
}

// run writes the regions in order. One goroutine builds a region's item histories while
// this one writes the region before, and the store's writer goroutine runs the INSERTs: the
// three share the two cores.
func (g *generator) run(ctx context.Context) error {
	sc := g.o.Scale
	type result struct {
		rg    *region
		items []built
		err   error
	}
	jobs, results := make(chan *region, 1), make(chan result, 1)
	defer close(jobs)
	go func() {
		for rg := range jobs {
			items, err := g.build(rg)
			results <- result{rg, items, err}
		}
	}()
	next := func(r int) error {
		rg, err := g.organisation(r)
		if err != nil {
			return err
		}
		rg.items, rg.events = sc.Items/sc.Regions, sc.Events/sc.Regions
		if r == sc.Regions {
			rg.items += sc.Items % sc.Regions
			rg.events += sc.Events % sc.Regions
		}
		jobs <- rg
		return nil
	}
	if err := next(1); err != nil {
		return err
	}
	step := max(1, sc.Regions/10)
	for r := 1; r <= sc.Regions; r++ {
		if err := ctx.Err(); err != nil {
			<-results
			return err
		}
		if r < sc.Regions {
			if err := next(r + 1); err != nil {
				<-results
				return err
			}
		}
		res := <-results
		if res.err == nil {
			res.err = g.write(res.rg, res.items)
		}
		if res.err != nil {
			if r < sc.Regions {
				<-results
			}
			return fmt.Errorf("region %d: %w", r, res.err)
		}
		if g.o.Progress != nil && (r%step == 0 || r == sc.Regions) {
			fmt.Fprintf(g.o.Progress, "gen: %d/%d regions, %d items, %d events, %s\n", r, sc.Regions,
				g.sum.Items, g.sum.Events, time.Since(g.start).Round(time.Second))
		}
	}
	return nil
}

// region is one generated county: its organisation and the actors who act in it.
type region struct {
	idx      int
	id       int64
	rng      *rand.Rand
	units    []*luoshi.Unit // units[0] is the government office
	liaison  []*luoshi.Actor
	sup      *luoshi.Actor
	head     *luoshi.Actor
	deputyOf []int64 // per unit: the deputy leader whose portfolio holds it
	items    int     // how many items and events to generate
	events   int
}

// organisation writes region r, its units, leaders and accounts.
func (g *generator) organisation(r int) (*region, error) {
	now := g.o.Now
	created := now.AddDate(-2, 0, 0)
	accounts := now.Add(-time.Hour) // and their passwords, which must not have expired
	rg := &region{idx: r, id: int64(r), rng: rand.New(rand.NewPCG(g.o.Seed, uint64(r)))}
	if err := g.b.Region(&luoshi.Region{ID: rg.id, Code: regionCode(r), Name: regionName(r),
		TZ: service.DefaultTZ, CreatedAt: created}); err != nil {
		return nil, err
	}
	g.sum.Regions++
	n := g.o.Scale.UnitsPerRegion
	for i := 0; i < n; i++ {
		g.nextUnit++
		name, kind := unitName(i)
		u := &luoshi.Unit{ID: g.nextUnit, RegionID: rg.id, Name: name, Kind: kind, CreatedAt: created}
		if err := g.b.Unit(u); err != nil {
			return nil, err
		}
		rg.units = append(rg.units, u)
		g.sum.Units++
	}
	office := rg.units[0].ID
	user := func(username, name string, unit int64, role luoshi.Role, leader *int64) (*luoshi.Actor, error) {
		g.nextUser++
		g.sum.Users++
		u := &luoshi.User{ID: g.nextUser, RegionID: rg.id, UnitID: unit, Username: username, Name: name,
			PasswordHash: g.hash, Roles: []luoshi.Role{role}, LeaderID: leader, CreatedAt: accounts}
		a := &luoshi.Actor{UserID: u.ID, Username: username, Name: name, RegionID: rg.id, UnitID: unit, Roles: u.Roles}
		return a, g.b.User(u)
	}
	var err error
	if rg.sup, err = user(SupervisorUsername(r), "县政府督查室", office, luoshi.RoleSupervisor, nil); err != nil {
		return nil, err
	}
	if err := g.leaders(rg, user); err != nil {
		return nil, err
	}
	for i, u := range rg.units {
		a, err := user(LiaisonUsername(r, i+1), u.Name+"联络员", u.ID, luoshi.RoleLiaison, nil)
		if err != nil {
			return nil, err
		}
		rg.liaison = append(rg.liaison, a)
		if _, err := user(StaffUsername(r, i+1), u.Name+"经办人", u.ID, luoshi.RoleStaff, nil); err != nil {
			return nil, err
		}
	}
	return rg, nil
}

type userFunc func(username, name string, unit int64, role luoshi.Role, leader *int64) (*luoshi.Actor, error)

// leaders writes the county head (all units) and five deputies, who share the units
// round-robin.
func (g *generator) leaders(rg *region, user userFunc) error {
	posts := []string{"县长", "常务副县长", "副县长", "副县长", "副县长", "副县长"}
	deputies := len(posts) - 1
	rg.deputyOf = make([]int64, len(rg.units))
	for k, post := range posts {
		g.nextLeader++
		l := &luoshi.Leader{ID: g.nextLeader, RegionID: rg.id, Name: personName(rg.rng), Post: post, Rank: k,
			AllUnits: k == 0, Portfolio: []int64{}}
		for i := 1; k > 0 && i < len(rg.units); i++ {
			if (i-1)%deputies == k-1 {
				l.Portfolio = append(l.Portfolio, rg.units[i].ID)
				rg.deputyOf[i] = l.ID
			}
		}
		if err := g.b.Leader(l); err != nil {
			return err
		}
		g.sum.Leaders++
		username := HeadUsername(rg.idx)
		if k > 0 {
			username = fmt.Sprintf("r%03d_fxz%d", rg.idx, k)
		}
		a, err := user(username, l.Name, rg.units[0].ID, luoshi.RoleLeader, &l.ID)
		if err != nil {
			return err
		}
		if k == 0 {
			a.LeaderID, a.AllUnits = l.ID, true
			rg.head = a
		}
	}
	return nil
}

// built is one generated item with its events, before ids are given.
type built struct {
	it     *luoshi.Item
	events []luoshi.Event
}

// build generates a region's item histories, in order of creation. It reads the generator's
// options and policy only, so that it runs beside the writing of the region before.
func (g *generator) build(rg *region) ([]built, error) {
	n, events := rg.items, rg.events
	plans := make([]plan, n)
	fixed := make([]int, n+1) // fixed[i]: planned non-report events of items i..n-1
	for i := range plans {
		plans[i] = newPlan(rg.rng, len(rg.units))
	}
	for i := n - 1; i >= 0; i-- {
		fixed[i] = fixed[i+1] + plans[i].fixedEvents()
	}
	reportable := 0
	for _, pl := range plans {
		if pl.reportable() {
			reportable++
		}
	}
	out := make([]built, 0, n)
	emitted := 0
	for i, pl := range plans {
		reports := 0
		if pl.reportable() {
			budget := max(0, events-emitted-fixed[i])
			if reportable--; reportable == 0 {
				reports = budget
			} else {
				reports = min(budget, int(float64(budget)/float64(reportable+1)*(0.5+rg.rng.Float64())+0.5))
			}
		}
		ib := &itemBuilder{rg: rg, rng: rg.rng, p: g.p, now: g.o.Now, plan: pl}
		bt, err := ib.build(reports)
		if err != nil {
			return nil, fmt.Errorf("item %d (%s): %w", i, pl.sc, err)
		}
		emitted += len(bt.events)
		out = append(out, bt)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].it.CreatedAt.Before(out[j].it.CreatedAt) })
	return out, nil
}

// write gives ids and item codes (督办〔year〕N号, numbered per year in order of creation)
// and writes items and events.
func (g *generator) write(rg *region, items []built) error {
	loc := g.p.Cal.Location()
	numbers := map[int]int{}
	for _, bt := range items {
		g.nextItem++
		it := bt.it
		year := it.CreatedAt.In(loc).Year()
		numbers[year]++
		it.ID = g.nextItem
		it.Code = fmt.Sprintf("督办〔%d〕%d号", year, numbers[year])
		bt.events[0].Data.Item.Code = it.Code
		y, r := g.p.LightTimes(it)
		d := luoshi.ItemDerived{YellowAt: y, RedAt: r, Percent: it.Percent, Schedule: g.p.ScheduleTimes(it)}
		if err := g.b.Item(it, d); err != nil {
			return err
		}
		for k := range bt.events {
			g.nextEvent++
			e := &bt.events[k]
			e.ID, e.ItemID = g.nextEvent, it.ID
			if err := g.b.Event(e, rg.id); err != nil {
				return err
			}
		}
		g.sum.Items++
		g.sum.Events += len(bt.events)
		g.sum.States[it.State]++
		g.sum.Lights[luoshi.LightAt(it.State, y, r, g.o.Now)]++
	}
	years := make([]int, 0, len(numbers))
	for y := range numbers {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if err := g.b.ItemNumber(rg.id, y, numbers[y]); err != nil {
			return err
		}
	}
	return nil
}
