// Package synth generates synthetic catalogs for benchmarks and scale tests.
//
// The shipped catalogs hold tens of permissions; the public cloud catalogs
// permcat is meant to handle hold 10,000 to 20,000 actions. Spec writes the
// YAML of a catalog of any size up to the ID limit, with the shape of such a
// catalog, so that loading, closure computation, code generation and the
// generated Set operations can be measured where they would hurt:
//
//   - services as top-level groups of 20 to 200 permissions, about a quarter
//     of the groups nested under a service, two features gating a few groups;
//   - keys in the cloud style "service:VerbResource", display names
//     "service: Verb Resource", one-sentence descriptions;
//   - a requires graph that is acyclic by construction: every permission has
//     a level from 0 to MaxDepth, requires at least one permission of the
//     level just below (so its longest requires chain is exactly its level)
//     and otherwise only permissions of lower levels, mostly of its own
//     group; about EdgesPerPermission × N edges in all, a few permissions
//     with many; a few level-0 "hub" permissions that a large part of the
//     catalog requires directly or transitively;
//   - flags audited and global_lock_date and attribute date_field on a
//     fraction of permissions, a few deprecated permissions, a few replaced
//     legacy keys (some split into two permissions) with the retired keys
//     and IDs listed under reserved, and gaps in the IDs;
//   - roles of a few hundred permissions each, closed under requires, some
//     including another role.
//
// The output is a pure function of the Options: the same options and seed
// give the same bytes.
package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/permcat/permcat/internal/model"
)

// Options shape a synthetic catalog. Zero fields take the documented
// defaults.
type Options struct {
	// Permissions is the number of permissions N, from 1 to model.MaxID
	// (65535). Spec panics outside that range.
	Permissions int
	// Seed selects the catalog: the same seed and options give the same
	// bytes.
	Seed int64
	// EdgesPerPermission is the mean number of direct requirements per
	// permission (default 3, so about 60,000 edges at 20,000 permissions).
	// The total is lower only when the catalog is too small to hold that
	// many distinct lower-level requirements. Negative: no requires at all.
	EdgesPerPermission float64
	// MaxDepth is the length of the longest requires chain (default 12).
	// Small catalogs get fewer levels: at most N/4.
	MaxDepth int
	// Roles is the number of roles (default max(1, N/1000)). Negative: none.
	Roles int
	// RoleSize is how many permissions a role names itself, requirements
	// included (default 300, capped by N). A role that includes another
	// holds that role's permissions too.
	RoleSize int
	// Hubs is the number of widely required level-0 permissions (default
	// 1 + N/4000).
	Hubs int
	// RandomRequires, when positive, replaces the layered requires graph
	// with a closure-heavy one: every permission requires RandomRequires
	// permissions (fewer at the start) drawn uniformly from those before
	// it in spec order. With 3 at 20,000 permissions a permission needs
	// about 720 others on average, against a few dozen in the layered
	// shape: the worst case for closure tables and the checks built on
	// them. EdgesPerPermission, MaxDepth and Hubs then have no effect on
	// the edges.
	RandomRequires int
}

// Shape constants.
const (
	minGroup      = 20   // smallest group, when N allows
	maxGroup      = 200  // largest group
	meanGroup     = 80   // average group size
	childShare    = 0.25 // share of groups nested under a service
	baseShare     = 0.15 // share of level-0 permissions
	levelDecay    = 0.7  // each level holds this much of the one below
	maxRequires   = 32   // direct requirements of one permission at most
	heavyShare    = 0.1  // share of permissions that draw extra requirements
	localShare    = 0.7  // share of extra requirements within the group
	hubShare      = 0.3  // chance that a permission requires a hub directly
	reasonShare   = 0.05 // share of requirements that state a reason
	defaultDepth  = 12
	defaultEdges  = 3
	defaultRole   = 300
	maxRoleMisses = 64 // consecutive rejected candidates that end a role
)

// Spec returns the YAML of a catalog named "synth" (package synth) with the
// given shape. It panics if o.Permissions is outside 1..model.MaxID.
func Spec(o Options) []byte {
	o = o.withDefaults()
	g := &generator{o: o, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x5eed_c47a_109))}
	g.groups()
	g.levels()
	g.permissions()
	g.ids()
	g.index()
	g.edges()
	g.attributes()
	g.legacy()
	g.roles()
	return g.write()
}

func (o Options) withDefaults() Options {
	n := o.Permissions
	if n < 1 || n > model.MaxID {
		panic("synth: Options.Permissions must be in 1.." + strconv.Itoa(model.MaxID) + ", not " + strconv.Itoa(n))
	}
	switch {
	case o.EdgesPerPermission == 0:
		o.EdgesPerPermission = defaultEdges
	case o.EdgesPerPermission < 0 || math.IsNaN(o.EdgesPerPermission):
		o.EdgesPerPermission = 0
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = defaultDepth
	}
	switch {
	case o.Roles == 0:
		o.Roles = max(1, n/1000)
	case o.Roles < 0:
		o.Roles = 0
	}
	if o.RoleSize <= 0 {
		o.RoleSize = defaultRole
	}
	o.RoleSize = min(o.RoleSize, n)
	if o.Hubs <= 0 {
		o.Hubs = 1 + n/4000
	}
	return o
}

type group struct {
	key, title, desc string
	svc              string // key prefix of its permissions
	parent           int    // -1 for a service
	feature          int    // -1 for none
	size             int
	nouns            []string
	start, end       int // its permissions, in spec order
}

type perm struct {
	group      int
	level      int
	verb, noun string
	variant    int // 0, or the number that tells two equal actions apart
	key        string
	id         int
	requires   []int32
	reasons    uint64 // bit i: requires[i] states a reason
	audited    bool
	lockDate   bool
	dateField  string
	feature    int // -1 for none
	replaces   []string
	deprecated string
}

type role struct {
	key, title, desc string
	includes         int // -1 for none
	perms            []int32
}

type generator struct {
	o   Options
	rng *rand.Rand

	groupList []group
	depth     int   // levels 0..depth
	levelOf   []int // level of the i-th permission generated
	perms     []perm

	byLevel    []int32 // permissions by level, then spec order
	levelStart []int   // byLevel[levelStart[l]:levelStart[l+1]] is level l
	byGL       []int32 // each group's permissions by level
	glStart    []int   // [g*(depth+2)+l]: offset in byGL of group g's level l
	hubs       []int32

	reservedIDs  []int
	reservedKeys []string
	roleList     []role
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// groups partitions N into groups of minGroup..maxGroup permissions and
// names them.
func (g *generator) groups() {
	n := g.o.Permissions
	k := 1
	if n >= 2*minGroup {
		k = max(1, int(math.Round(float64(n)/meanGroup)))
	}
	sizes := make([]int, k)
	if k == 1 {
		sizes[0] = n
	} else {
		// Squared uniform weights: many small groups, a few large ones.
		w := make([]float64, k)
		total := 0.0
		for i := range w {
			u := g.rng.Float64()
			w[i] = u*u + 0.02
			total += w[i]
		}
		rest := n - k*minGroup
		used := 0
		for i := range sizes {
			sizes[i] = minGroup + min(maxGroup-minGroup, int(float64(rest)*w[i]/total))
			used += sizes[i]
		}
		for left := n - used; left > 0; {
			i := g.rng.IntN(k)
			if add := min(left, maxGroup-sizes[i], 1+g.rng.IntN(8)); add > 0 {
				sizes[i] += add
				left -= add
			}
		}
	}

	services := slices.Clone(serviceWords)
	g.rng.Shuffle(len(services), func(i, j int) { services[i], services[j] = services[j], services[i] })
	keys := make(map[string]bool, k) // membership only, never iterated
	parent, nsvc := -1, 0
	for i, size := range sizes {
		gr := group{parent: -1, feature: -1, size: size}
		nn := 3 + g.rng.IntN(8)
		gr.nouns = make([]string, 0, nn)
		for len(gr.nouns) < nn {
			if w := nouns[g.rng.IntN(len(nouns))]; !slices.Contains(gr.nouns, w) {
				gr.nouns = append(gr.nouns, w)
			}
		}
		if i > 0 && parent >= 0 && g.chance(childShare) {
			p := &g.groupList[parent]
			gr.parent, gr.svc = parent, p.svc
			for j := 0; ; j++ {
				noun := gr.nouns[j%len(gr.nouns)]
				gr.key = p.svc + "_" + strings.ToLower(noun)
				if j >= len(gr.nouns) {
					gr.key += strconv.Itoa(j)
				}
				if !keys[gr.key] {
					break
				}
			}
			words := words(gr.nouns[0])
			gr.title = p.title + " " + words
			gr.desc = "Permissions on " + strings.ToLower(words) + " resources of the " + p.svc + " service."
		} else {
			gr.svc = services[nsvc%len(services)]
			if round := nsvc / len(services); round > 0 {
				gr.svc += strconv.Itoa(round + 1)
			}
			nsvc++
			parent = i
			gr.key = gr.svc
			gr.title = strings.ToUpper(gr.svc[:1]) + gr.svc[1:]
			gr.desc = "Permissions of the synthetic " + gr.svc + " service."
		}
		keys[gr.key] = true
		g.groupList = append(g.groupList, gr)
	}

	// Two features, each gating a few services (with their children).
	var cands []int
	for i := 1; i < len(g.groupList); i++ {
		if g.groupList[i].parent < 0 {
			cands = append(cands, i)
		}
	}
	g.rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	gated := []int{max(1, len(cands)/40), max(1, len(cands)/80)}
	for f, c := range gated {
		for ; c > 0 && len(cands) > 0; c-- {
			g.groupList[cands[0]].feature = f
			cands = cands[1:]
		}
	}
}

// levels decides how many permissions sit at each level and deals the
// levels out at random.
func (g *generator) levels() {
	n := g.o.Permissions
	e := g.o.EdgesPerPermission
	d := 0
	if n >= 2 && e > 0 {
		d = min(g.o.MaxDepth, max(1, n/4))
	}
	g.depth = d
	share0 := 1.0
	if d > 0 {
		// With fewer than one edge per permission, keep more of them at
		// level 0 so that the chain edges alone do not exceed the budget.
		share0 = max(baseShare, 1-e)
	}
	w := make([]float64, d+1)
	w[0] = share0
	sum := 0.0
	for l := 1; l <= d; l++ {
		w[l] = math.Pow(levelDecay, float64(l-1))
		sum += w[l]
	}
	for l := 1; l <= d; l++ {
		w[l] *= (1 - share0) / sum
	}
	counts := largestRemainder(n, w)
	for l := range counts { // every level is inhabited
		if counts[l] == 0 {
			counts[slices.Index(counts, slices.Max(counts))]--
			counts[l]++
		}
	}
	g.levelOf = make([]int, 0, n)
	for l, c := range counts {
		for range c {
			g.levelOf = append(g.levelOf, l)
		}
	}
	g.rng.Shuffle(n, func(i, j int) { g.levelOf[i], g.levelOf[j] = g.levelOf[j], g.levelOf[i] })
}

// largestRemainder splits n in proportion to w, exactly.
func largestRemainder(n int, w []float64) []int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	counts := make([]int, len(w))
	frac := make([]float64, len(w))
	used := 0
	for i, x := range w {
		v := float64(n) * x / total
		counts[i] = int(v)
		frac[i] = v - float64(counts[i])
		used += counts[i]
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case frac[a] > frac[b]:
			return -1
		case frac[a] < frac[b]:
			return 1
		}
		return 0
	})
	for i := 0; used < n; i++ {
		counts[order[i%len(order)]]++
		used++
	}
	return counts
}

// permissions names every permission, group by group, each group sorted by
// key as the public catalogs list them.
func (g *generator) permissions() {
	n := g.o.Permissions
	g.perms = make([]perm, 0, n)
	keys := make(map[string]bool, n) // membership only, never iterated
	next := 0
	var b []byte
	for gi := range g.groupList {
		gr := &g.groupList[gi]
		gr.start = len(g.perms)
		for range gr.size {
			p := perm{group: gi, level: g.levelOf[next], feature: -1}
			next++
			pool := verbs[min(p.level, len(verbs)-1)]
			p.verb = pool[g.rng.IntN(len(pool))]
			p.noun = gr.nouns[g.rng.IntN(len(gr.nouns))]
			if g.chance(0.45) {
				p.noun += subNouns[g.rng.IntN(len(subNouns))]
			}
			b = append(append(append(append(b[:0], gr.svc...), ':'), p.verb...), p.noun...)
			base := len(b)
			for v := 2; keys[string(b)]; v++ {
				b = strconv.AppendInt(b[:base], int64(v), 10)
				p.variant = v
			}
			p.key = string(b)
			keys[p.key] = true
			g.perms = append(g.perms, p)
		}
		gr.end = len(g.perms)
		slices.SortFunc(g.perms[gr.start:gr.end], func(a, b perm) int { return strings.Compare(a.key, b.key) })
	}
}

// ids numbers the permissions from 1, mostly in spec order with a few late
// additions at the end, leaving gaps; most gaps are reserved.
func (g *generator) ids() {
	n := g.o.Permissions
	gaps := min(max(1, n/200), model.MaxID-n)
	top := n + gaps
	gap := make([]bool, top+1)
	for c := 0; c < gaps; {
		// Never the top ID, so that MaxID belongs to a permission.
		if id := 1 + g.rng.IntN(top-1); !gap[id] {
			gap[id] = true
			c++
		}
	}
	late := make([]bool, n)
	for i := range late {
		late[i] = g.chance(0.05)
	}
	id := 1
	assign := func(i int) {
		for gap[id] {
			id++
		}
		g.perms[i].id = id
		id++
	}
	for i := range n {
		if !late[i] {
			assign(i)
		}
	}
	for i := range n {
		if late[i] {
			assign(i)
		}
	}
	for id, isGap := range gap {
		if isGap && g.chance(0.8) {
			g.reservedIDs = append(g.reservedIDs, id)
		}
	}
}

// index sorts the permissions by level, globally and within each group, and
// picks the hubs.
func (g *generator) index() {
	n, d := len(g.perms), g.depth
	g.levelStart = make([]int, d+2)
	for _, p := range g.perms {
		g.levelStart[p.level+1]++
	}
	for l := 1; l <= d+1; l++ {
		g.levelStart[l] += g.levelStart[l-1]
	}
	g.byLevel = make([]int32, n)
	fill := slices.Clone(g.levelStart)
	for i, p := range g.perms {
		g.byLevel[fill[p.level]] = int32(i)
		fill[p.level]++
	}

	g.byGL = make([]int32, n)
	g.glStart = make([]int, len(g.groupList)*(d+2))
	for gi, gr := range g.groupList {
		st := g.glStart[gi*(d+2) : (gi+1)*(d+2)]
		for _, p := range g.perms[gr.start:gr.end] {
			st[p.level+1]++
		}
		st[0] = gr.start
		for l := 1; l <= d+1; l++ {
			st[l] += st[l-1]
		}
		fill := slices.Clone(st)
		for i := gr.start; i < gr.end; i++ {
			l := g.perms[i].level
			g.byGL[fill[l]] = int32(i)
			fill[l]++
		}
	}

	for _, i := range g.byLevel[:g.levelStart[1]] {
		if len(g.hubs) == g.o.Hubs {
			break
		}
		g.hubs = append(g.hubs, i)
	}
}

// gl returns the offset in byGL where group gi's level l begins.
func (g *generator) gl(gi, l int) int { return g.glStart[gi*(g.depth+2)+l] }

// edges decides how many requirements each permission has, then draws them.
func (g *generator) edges() {
	if g.o.RandomRequires > 0 {
		g.randomEdges()
		return
	}
	if g.depth == 0 {
		return
	}
	n := len(g.perms)
	upper := g.byLevel[g.levelStart[1]:] // permissions above level 0
	want := make([]int, n)
	capOf := func(i int32) int { return min(maxRequires, g.levelStart[g.perms[i].level]) }
	capacity := 0
	for _, i := range upper {
		want[i] = 1
		capacity += capOf(i)
	}
	target := min(int(math.Round(g.o.EdgesPerPermission*float64(n))), capacity)
	var heavy []int32
	for _, i := range upper {
		if g.chance(heavyShare) {
			heavy = append(heavy, i)
		}
	}
	for extra, misses := target-len(upper), 0; extra > 0; {
		pool := upper
		if len(heavy) > 0 && g.chance(0.5) {
			pool = heavy
		}
		i := pool[g.rng.IntN(len(pool))]
		if misses >= 64 { // nearly full: take the next one with room
			start := g.rng.IntN(len(upper))
			for j := range upper {
				if i = upper[(start+j)%len(upper)]; want[i] < capOf(i) {
					break
				}
			}
		}
		if want[i] < capOf(i) {
			want[i]++
			extra--
			misses = 0
		} else {
			misses++
		}
	}

	hubWeight := make([]float64, len(g.hubs)) // Zipf: the first hub dominates
	total := 0.0
	for j := range hubWeight {
		total += 1 / float64(j+1)
		hubWeight[j] = total
	}
	for i := range g.perms {
		p := &g.perms[i]
		k, l := want[i], p.level
		if k == 0 {
			continue
		}
		req := make([]int32, 0, k)
		// The chain edge: one requirement one level down, in the group if
		// it has one.
		if lo, hi := g.gl(p.group, l-1), g.gl(p.group, l); hi > lo && g.chance(0.85) {
			req = append(req, g.byGL[lo+g.rng.IntN(hi-lo)])
		} else {
			lo, hi := g.levelStart[l-1], g.levelStart[l]
			req = append(req, g.byLevel[lo+g.rng.IntN(hi-lo)])
		}
		if k > 1 && g.chance(hubShare) {
			x := g.rng.Float64() * total
			h := g.hubs[min(len(g.hubs)-1, sortSearch(hubWeight, x))]
			if !slices.Contains(req, h) {
				req = append(req, h)
			}
		}
		glo, ghi := g.gl(p.group, 0), g.gl(p.group, l)
		below := g.levelStart[l]
		for len(req) < k {
			t, found := int32(0), false
			for range 32 {
				if ghi > glo && g.chance(localShare) {
					t = g.byGL[glo+g.rng.IntN(ghi-glo)]
				} else {
					t = g.byLevel[g.rng.IntN(below)]
				}
				if !slices.Contains(req, t) {
					found = true
					break
				}
			}
			if !found {
				start := g.rng.IntN(below)
				for j := range below {
					if t = g.byLevel[(start+j)%below]; !slices.Contains(req, t) {
						break
					}
				}
			}
			req = append(req, t)
		}
		p.requires = req
		for j := range req {
			if g.chance(reasonShare) {
				p.reasons |= 1 << j
			}
		}
	}
}

// randomEdges draws o.RandomRequires distinct requirements for every
// permission uniformly among those before it in spec order, which keeps the
// graph acyclic.
func (g *generator) randomEdges() {
	for i := range g.perms {
		k := min(g.o.RandomRequires, i, maxRequires)
		req := make([]int32, 0, k)
		for len(req) < k {
			if t := int32(g.rng.IntN(i)); !slices.Contains(req, t) {
				req = append(req, t)
			}
		}
		g.perms[i].requires = req
	}
}

// sortSearch returns the first index whose cumulative weight exceeds x.
func sortSearch(cum []float64, x float64) int {
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// attributes sets flags, date_field, a feature gate and deprecations.
func (g *generator) attributes() {
	isHub := make([]bool, len(g.perms))
	for _, h := range g.hubs {
		isHub[h] = true
	}
	for i := range g.perms {
		p := &g.perms[i]
		switch {
		case p.level >= 2:
			p.audited = g.chance(0.35)
		case p.level == 1:
			p.audited = g.chance(0.1)
		}
		p.lockDate = p.level >= 1 && g.chance(0.05)
		if p.lockDate || g.chance(0.02) {
			p.dateField = dateFields[g.rng.IntN(len(dateFields))]
		}
		gr := g.groupList[p.group]
		if !isHub[i] && gr.end-gr.start > 1 && g.chance(0.003) {
			j := gr.start + g.rng.IntN(gr.end-gr.start-1)
			if j >= i {
				j++
			}
			p.deprecated = "Superseded by " + g.perms[j].key + "; kept so that stored grants still decode."
		}
	}
	// One permission gated on its own, outside the gated groups.
	if len(g.perms) >= 100 {
		for range 16 {
			i := g.rng.IntN(len(g.perms))
			gr := g.groupList[g.perms[i].group]
			if gr.feature < 0 && (gr.parent < 0 || g.groupList[gr.parent].feature < 0) {
				g.perms[i].feature = 0
				break
			}
		}
	}
}

// legacy retires a few keys: most replaced by one permission, some split
// into two, a few removed outright.
func (g *generator) legacy() {
	n := len(g.perms)
	count := min(n, max(1, n/400))
	taken := make([]bool, n)
	for c := 0; c < count; {
		i := g.rng.IntN(n)
		if taken[i] {
			continue
		}
		taken[i] = true
		c++
		p := &g.perms[i]
		old := g.groupList[p.group].svc + "_" + snake(p.verb+p.noun)
		if p.variant > 0 {
			old += strconv.Itoa(p.variant)
		}
		old += "_v1"
		p.replaces = append(p.replaces, old)
		g.reservedKeys = append(g.reservedKeys, old)
		gr := g.groupList[p.group]
		if gr.end-gr.start > 1 && g.chance(0.3) {
			j := gr.start + g.rng.IntN(gr.end-gr.start-1)
			if j >= i {
				j++
			}
			g.perms[j].replaces = append(g.perms[j].replaces, old)
		}
	}
	for r := range max(1, n/5000) {
		svc := g.groupList[g.rng.IntN(len(g.groupList))].svc
		g.reservedKeys = append(g.reservedKeys, svc+"_retired_"+strconv.Itoa(r+1))
	}
}

// roles builds roles around a home group and a persona. Every candidate
// permission comes with its whole closure, so a role is closed under
// requires by construction.
func (g *generator) roles() {
	n := len(g.perms)
	if g.o.Roles == 0 {
		return
	}
	held := make([]int32, n) // role number + 1 when held
	seen := make([]int32, n) // visit stamp of the closure search
	stamp := int32(0)
	var stack, found []int32
	// add adds c and what it requires, unless that takes more than budget
	// new permissions.
	add := func(c int32, mark int32, budget int) []int32 {
		stamp++
		found = found[:0]
		stack = append(stack[:0], c)
		seen[c] = stamp
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if found = append(found, v); len(found) > budget {
				return nil
			}
			for _, t := range g.perms[v].requires {
				if held[t] != mark && seen[t] != stamp {
					seen[t] = stamp
					stack = append(stack, t)
				}
			}
		}
		for _, v := range found {
			held[v] = mark
		}
		return found
	}
	for r := range g.o.Roles {
		mark := int32(r + 1)
		persona := personas[g.rng.IntN(len(personas))]
		home := make([]int, 1+g.rng.IntN(3))
		for j := range home {
			home[j] = g.rng.IntN(len(g.groupList))
		}
		hg := g.groupList[home[0]]
		ro := role{
			key:      hg.key + "_" + persona + "_" + strconv.Itoa(r+1),
			title:    hg.title + " " + persona + " " + strconv.Itoa(r+1),
			desc:     "Synthetic " + persona + " role centred on " + hg.key + ".",
			includes: -1,
		}
		if r%3 == 2 {
			ro.includes = r - 1
			for _, v := range g.roleList[r-1].perms {
				held[v] = mark
			}
		}
		size := g.o.RoleSize
		for tries, misses := 0, 0; len(ro.perms) < size && tries < 4*size+64 && misses < maxRoleMisses; tries++ {
			var c int32
			if g.chance(0.75) {
				gr := g.groupList[home[g.rng.IntN(len(home))]]
				c = int32(gr.start + g.rng.IntN(gr.end-gr.start))
			} else {
				c = int32(g.rng.IntN(n))
			}
			p := &g.perms[c]
			if held[c] == mark ||
				persona == "viewer" && p.level > 1 ||
				persona == "auditor" && p.level > 1 && !p.audited {
				continue
			}
			if got := add(c, mark, size-len(ro.perms)); got != nil {
				ro.perms = append(ro.perms, got...)
				misses = 0
			} else {
				misses++
			}
		}
		slices.Sort(ro.perms)
		g.roleList = append(g.roleList, ro)
	}
}

// write renders the catalog as YAML, every string double-quoted.
func (g *generator) write() []byte {
	n := len(g.perms)
	b := make([]byte, 0, 64*1024+n*360)
	q := appendQuote
	line := func(s ...string) {
		for _, x := range s {
			b = append(b, x...)
		}
		b = append(b, '\n')
	}
	quoted := func(prefix, s string) {
		b = q(append(b, prefix...), s)
		b = append(b, '\n')
	}
	num := strconv.Itoa
	o := g.o

	line("# Synthetic permission catalog written by permcat's internal/synth for")
	line("# benchmarks and scale tests; it describes no real product.")
	line("permcat: 1")
	line("catalog:")
	line("  name: synth")
	quoted("  title: ", "Synthetic catalog of "+num(n)+" permissions")
	quoted("  source: ", "internal/synth, seed "+strconv.FormatInt(o.Seed, 10)+
		", edges per permission "+strconv.FormatFloat(o.EdgesPerPermission, 'g', -1, 64)+
		", max depth "+num(o.MaxDepth)+", roles "+num(o.Roles)+" of "+num(o.RoleSize)+", hubs "+num(o.Hubs)+
		randomNote(o.RandomRequires))
	line("  package: synth")
	line("  type: Permission")
	line("flags:")
	line("  - key: audited")
	quoted("    description: ", "Every use is written to the audit log.")
	line("  - key: global_lock_date")
	quoted("    description: ", "Edits are blocked before the global lock date.")
	line("attributes:")
	line("  - key: date_field")
	quoted("    description: ", "Field whose date is compared with the lock date.")
	line("features:")
	line("  - key: preview")
	quoted("    description: ", "Active only when preview services are enabled.")
	line("  - key: sovereign_regions")
	quoted("    description: ", "Active only in sovereign cloud regions.")

	features := []string{"preview", "sovereign_regions"}
	line("groups:")
	for _, gr := range g.groupList {
		quoted("  - key: ", gr.key)
		quoted("    title: ", gr.title)
		quoted("    description: ", gr.desc)
		if gr.parent >= 0 {
			quoted("    parent: ", g.groupList[gr.parent].key)
		}
		if gr.feature >= 0 {
			quoted("    feature: ", features[gr.feature])
		}
	}

	line("permissions:")
	for gi, gr := range g.groupList {
		line("  # ", gr.key, ": ", num(gr.end-gr.start), " permissions")
		for i := gr.start; i < gr.end; i++ {
			p := &g.perms[i]
			svc := g.groupList[gi].svc
			quoted("  - key: ", p.key)
			b = strconv.AppendInt(append(b, "    id: "...), int64(p.id), 10)
			b = append(b, '\n')
			// Names and descriptions are built in place: they hold only
			// the letters and digits of the vocabulary, nothing to escape.
			b = append(append(append(b, "    name: \""...), svc...), ": "...)
			b = appendWords(append(appendWords(b, p.verb, false), ' '), p.noun, false)
			if p.variant > 0 {
				b = strconv.AppendInt(append(b, ' '), int64(p.variant), 10)
			}
			b = append(b, "\"\n"...)
			quoted("    group: ", gr.key)
			b = append(b, "    description: \"Allows the caller to "...)
			b = appendWords(append(appendWords(b, p.verb, true), ' '), p.noun, true)
			b = append(append(b, " resources in "...), svc...)
			if p.variant > 0 {
				b = append(strconv.AppendInt(append(b, " (variant "...), int64(p.variant), 10), ')')
			}
			b = append(b, ".\"\n"...)
			switch {
			case p.audited && p.lockDate:
				line(`    flags: ["audited", "global_lock_date"]`)
			case p.audited:
				line(`    flags: ["audited"]`)
			case p.lockDate:
				line(`    flags: ["global_lock_date"]`)
			}
			if p.dateField != "" {
				b = q(append(b, "    attributes: {date_field: "...), p.dateField)
				b = append(b, "}\n"...)
			}
			if len(p.requires) > 0 {
				b = append(b, "    requires: ["...)
				for j, t := range p.requires {
					if j > 0 {
						b = append(b, ", "...)
					}
					tk := g.perms[t].key
					if p.reasons&(1<<j) == 0 {
						b = q(b, tk)
						continue
					}
					b = q(append(b, "{key: "...), tk)
					b = append(append(b, ", reason: \"Needs "...), tk...)
					b = appendWords(append(appendWords(append(b, " to "...), p.verb, true), ' '), p.noun, true)
					b = append(b, " resources.\"}"...)
				}
				b = append(b, "]\n"...)
			}
			if p.feature >= 0 {
				quoted("    feature: ", features[p.feature])
			}
			if len(p.replaces) > 0 {
				b = append(b, "    replaces: ["...)
				for j, r := range p.replaces {
					if j > 0 {
						b = append(b, ", "...)
					}
					b = q(b, r)
				}
				b = append(b, "]\n"...)
			}
			if p.deprecated != "" {
				quoted("    deprecated: ", p.deprecated)
			}
		}
	}

	line("reserved:")
	b = append(b, "  ids: ["...)
	for j, id := range g.reservedIDs {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(id), 10)
	}
	b = append(b, "]\n  keys: ["...)
	for j, k := range g.reservedKeys {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = q(b, k)
	}
	b = append(b, "]\n"...)

	if len(g.roleList) > 0 {
		line("roles:")
		for _, ro := range g.roleList {
			quoted("  - key: ", ro.key)
			quoted("    title: ", ro.title)
			quoted("    description: ", ro.desc)
			if ro.includes >= 0 {
				b = q(append(b, "    includes: ["...), g.roleList[ro.includes].key)
				b = append(b, "]\n"...)
			}
			b = append(b, "    permissions:\n"...)
			for _, v := range ro.perms {
				quoted("      - ", g.perms[v].key)
			}
		}
	}
	return b
}

// randomNote records RandomRequires in the source line when it is set.
func randomNote(k int) string {
	if k <= 0 {
		return ""
	}
	return ", random requires " + strconv.Itoa(k)
}

// appendQuote appends s as a double-quoted scalar, exactly as
// strconv.AppendQuote would. YAML's double-quoted style reads the escapes Go
// writes for printable ASCII (\" and \\); the generated text is plain
// printable ASCII without either, so the common case is a straight copy.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// words splits a CamelCase identifier into space-separated words.
func words(s string) string { return string(appendWords(nil, s, false)) }

// appendWords appends the words of a CamelCase identifier, separated by
// spaces, in lower case if lower is set.
func appendWords(b []byte, s string, lower bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b = append(b, ' ')
			}
			if lower {
				c += 'a' - 'A'
			}
		}
		b = append(b, c)
	}
	return b
}

// snake turns a CamelCase identifier into snake_case.
func snake(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				sb.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// serviceWords name the services. None starts a generated Go name of its
// own (Group, Flag, Feature, Role, Set, Err...), so the Go names of
// permissions cannot collide with them.
var serviceWords = []string{
	"compute", "storage", "network", "identity", "billing", "queue", "stream",
	"cache", "search", "dns", "cdn", "vault", "kms", "logs", "metrics", "trace",
	"deploy", "build", "registry", "mail", "notify", "ledger", "batch", "funcs",
	"sql", "kv", "docdb", "graphdb", "backup", "edge", "iot", "ml", "vision",
	"speech", "translate", "maps", "support", "org", "account", "policy", "audit",
	"config", "secrets", "certs", "firewall", "vpn", "gateway", "mesh", "cluster",
	"container", "image", "workspace", "desktop", "media", "transcode",
	"warehouse", "lake", "etl", "pipeline", "scheduler", "quota", "cost",
}

// verbs by level: reads at the bottom, destructive actions at the top.
var verbs = [][]string{
	{"Describe", "List", "Get", "View"},
	{"Read", "Download", "Export", "Query", "Watch", "Tag", "Untag", "Validate"},
	{"Create", "Update", "Put", "Modify", "Enable", "Disable", "Start", "Stop", "Copy", "Import"},
	{"Delete", "Attach", "Detach", "Restore", "Rotate", "Purge", "Transfer", "Approve",
		"Publish", "Share", "Revoke", "Reset", "Migrate", "Failover", "Terminate"},
}

var nouns = []string{
	"Instance", "Volume", "Snapshot", "Bucket", "Object", "Key", "Alias", "Topic",
	"Subscription", "Queue", "Message", "Stream", "Shard", "Table", "Index",
	"Backup", "Cluster", "Node", "Endpoint", "Route", "Zone", "Record",
	"Certificate", "Secret", "Function", "Layer", "Trigger", "Job", "Task",
	"Pipeline", "Stage", "Artifact", "Repository", "Image", "Template", "Stack",
	"Workflow", "Dataset", "Model", "Notebook", "Dashboard", "Alarm", "Metric",
	"Log", "Trace", "Report", "Budget", "Invoice", "Account", "Project", "Tenant",
	"User", "Member", "Session", "Token", "Device", "Gateway", "Network",
	"Subnet", "Firewall", "Listener", "Target", "Domain", "Mailbox", "Channel",
	"Schedule", "Reservation", "License", "Workspace", "Environment", "Release",
	"Deployment", "Container", "Service", "Registry", "Vault", "Ledger", "Pool",
}

var subNouns = []string{
	"Policy", "Attachment", "Setting", "Config", "Version", "Permission",
	"Lifecycle", "Replica", "Quota", "Schedule", "Rule", "Label", "Export",
	"Access", "Status", "History",
}

var personas = []string{"viewer", "operator", "developer", "auditor", "admin"}

var dateFields = []string{"CreatedAt", "UpdatedAt", "EffectiveDate", "PostedAt", "ClosedAt"}
