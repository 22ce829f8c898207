package closures_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/compat/closures"
	"github.com/permcat/permcat/internal/model"
)

// randomVersions returns two versions of a random acyclic catalog of
// about n permissions: the new one drops some permissions (keeping the
// others' requirements on them out), adds some, renames some under their
// ID, moves some to a new ID under their key, and rewires about a third
// of the requirements.
func randomVersions(t *testing.T, r *rand.Rand, n int) (old, new *model.Catalog) {
	t.Helper()
	type perm struct {
		key      string
		id       int
		requires []int // indexes of earlier permissions
	}
	perms := make([]perm, n)
	for i := range perms {
		perms[i] = perm{key: fmt.Sprintf("p%d", i), id: 1 + 2*i}
		for k := r.IntN(4); k > 0 && i > 0; k-- {
			j := r.IntN(i)
			if !slices.Contains(perms[i].requires, j) {
				perms[i].requires = append(perms[i].requires, j)
			}
		}
	}
	spec := func(ps []perm, live func(int) bool) []byte {
		var b bytes.Buffer
		b.WriteString("permcat: 1\ncatalog: {name: r}\npermissions:\n")
		for i, p := range ps {
			if !live(i) {
				continue
			}
			fmt.Fprintf(&b, "  - {key: %s, id: %d, requires: [", p.key, p.id)
			sep := ""
			for _, j := range p.requires {
				if live(j) {
					fmt.Fprintf(&b, "%s%s", sep, ps[j].key)
					sep = ", "
				}
			}
			b.WriteString("]}\n")
		}
		return b.Bytes()
	}
	old = load(t, "old.yaml", spec(perms, func(int) bool { return true }))

	gone := map[int]bool{}
	for i := range perms {
		switch r.IntN(12) {
		case 0:
			gone[i] = true
		case 1:
			perms[i].key += "_renamed"
		case 2:
			perms[i].id++ // odd IDs are the old ones: an even one is free
		}
		if r.IntN(3) == 0 && i > 0 {
			perms[i].requires = nil
			for k := r.IntN(4); k > 0; k-- {
				if j := r.IntN(i); !slices.Contains(perms[i].requires, j) {
					perms[i].requires = append(perms[i].requires, j)
				}
			}
		}
	}
	for i := range n / 10 {
		at := r.IntN(len(perms) + 1)
		p := perm{key: fmt.Sprintf("new%d", i), id: 2*n + 1 + i}
		for k := r.IntN(3); k > 0 && at > 0; k-- {
			p.requires = append(p.requires, r.IntN(at))
		}
		slices.Sort(p.requires)
		p.requires = slices.Compact(p.requires)
		// Inserting shifts the indexes of the permissions after it.
		for k := range perms {
			for x, j := range perms[k].requires {
				if j >= at {
					perms[k].requires[x] = j + 1
				}
			}
		}
		perms = slices.Insert(perms, at, p)
		shifted := map[int]bool{}
		for j := range gone {
			if j >= at {
				shifted[j+1] = true
			} else {
				shifted[j] = true
			}
		}
		gone = shifted
	}
	new = load(t, "new.yaml", spec(perms, func(i int) bool { return !gone[i] }))
	return old, new
}

func load(t *testing.T, name string, src []byte) *model.Catalog {
	t.Helper()
	c, err := model.Load(name, src)
	if err != nil {
		t.Fatalf("%s:\n%s\n%v", name, src, err)
	}
	return c
}

// want answers a query from the model's closures.
func want(pairs map[*model.Permission]*model.Permission, aOld bool, a, b *model.Permission, first int) closures.Answer {
	// as maps a permission of B's version to A's.
	as := func(p *model.Permission) *model.Permission {
		if !aOld {
			return pairs[p]
		}
		for o, n := range pairs {
			if n == p {
				return o
			}
		}
		return nil
	}
	held := map[*model.Permission]bool{}
	if b != nil {
		for _, r := range b.Closure() {
			if x := as(r); x != nil {
				held[x] = true
			}
		}
	}
	var ans closures.Answer
	for _, r := range a.Closure() {
		if !held[r] {
			ans.Count++
			if len(ans.First) < first {
				ans.First = append(ans.First, r)
			}
		}
	}
	ans.Covered = held[a]
	return ans
}

// TestMinus checks every answer against the model's closures, for queries
// from each version to the other (the pair, another permission, nothing),
// with the whole sets in memory at once and with one word at a time.
func TestMinus(t *testing.T) {
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 1))
		old, new := randomVersions(t, r, 150+int(seed)*40)
		pairs := compat.Pair(old, new)
		v := closures.Index(old, new, pairs)
		for _, budget := range []int{closures.Budget, 1} {
			restore := closures.SetBudget(budget)
			for _, a := range []closures.Side{closures.Old, closures.New} {
				from, to := old, new
				if a == closures.New {
					from, to = new, old
				}
				var qs []closures.Query
				for _, p := range from.ByID {
					other := to.ByID[r.IntN(len(to.ByID))]
					var partner *model.Permission
					for o, n := range pairs {
						if a == closures.Old && o == p {
							partner = n
						} else if a == closures.New && n == p {
							partner = o
						}
					}
					qs = append(qs, closures.Query{A: p, B: partner}, closures.Query{A: p, B: other}, closures.Query{A: p})
				}
				got := v.Minus(a, qs, 3)
				for i, q := range qs {
					w := want(pairs, a == closures.Old, q.A, q.B, 3)
					g := got[i]
					if g.Count != w.Count || g.Covered != w.Covered || !slices.Equal(g.First, w.First) {
						t.Fatalf("seed %d, budget %d, side %d: %s minus %v: got %d %v %v, want %d %v %v",
							seed, budget, a, q.A.Key, q.B, g.Count, keys(g.First), g.Covered, w.Count, keys(w.First), w.Covered)
					}
				}
			}
			restore()
		}
	}
}

func keys(ps []*model.Permission) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Key)
	}
	return out
}

// TestUnchanged checks that Unchanged is sound, against the model's
// closures: a permission it calls unchanged has its pair's closure,
// permission for permission. A catalog compared with itself is unchanged
// throughout.
func TestUnchanged(t *testing.T) {
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 2))
		old, new := randomVersions(t, r, 200)
		pairs := compat.Pair(old, new)
		same := closures.Index(old, new, pairs).Unchanged()
		found := 0
		for i, p := range old.ByID {
			if !same[i] {
				continue
			}
			found++
			q := pairs[p]
			var mapped []*model.Permission
			for _, x := range p.Closure() {
				mapped = append(mapped, pairs[x])
			}
			if now := q.Closure(); len(mapped) != len(now) || slices.ContainsFunc(mapped, func(x *model.Permission) bool { return !slices.Contains(now, x) }) {
				t.Errorf("seed %d: %s is unchanged, but its closure %v is now %v", seed, p.Key, keys(p.Closure()), keys(now))
			}
		}
		if found == 0 {
			t.Errorf("seed %d: no permission is unchanged", seed)
		}
		for i, ok := range closures.Index(old, old, compat.Pair(old, old)).Unchanged() {
			if !ok {
				t.Errorf("seed %d: %s changed from itself", seed, old.ByID[i].Key)
			}
		}
	}
}

// TestMinusChain answers, over a requires chain and its unlinked version,
// how much each permission of the chain loses: a question whose answers
// total n²/2 permissions, counted without listing them.
func TestMinusChain(t *testing.T) {
	const n = 3000
	var chain, flat bytes.Buffer
	for _, b := range []*bytes.Buffer{&chain, &flat} {
		b.WriteString("permcat: 1\ncatalog: {name: c}\npermissions:\n")
	}
	for i := range n {
		fmt.Fprintf(&flat, "  - {key: p%d, id: %d}\n", i, i)
		if i == 0 {
			fmt.Fprintf(&chain, "  - {key: p0, id: 0}\n")
		} else {
			fmt.Fprintf(&chain, "  - {key: p%d, id: %d, requires: [p%d]}\n", i, i, i-1)
		}
	}
	old, new := load(t, "chain.yaml", chain.Bytes()), load(t, "flat.yaml", flat.Bytes())
	v := closures.Index(old, new, compat.Pair(old, new))
	var qs []closures.Query
	for i, p := range old.ByID {
		qs = append(qs, closures.Query{A: p, B: new.ByID[i]})
	}
	for i, a := range v.Minus(closures.Old, qs, 2) {
		if a.Count != i || a.Covered || len(a.First) != min(i, 2) || i >= 2 && (a.First[0].Key != "p0" || a.First[1].Key != "p1") {
			t.Fatalf("p%d: count %d, first %v, covered %v", i, a.Count, keys(a.First), a.Covered)
		}
	}
}
