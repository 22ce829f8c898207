package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/diag"
)

// randomSpec writes a spec of n permissions whose requires edges go only
// from higher to lower index (so the graph is acyclic), with IDs shuffled so
// that ID order and dependency order differ.
func randomSpec(r *rand.Rand, n, edges int) (string, [][]int) {
	ids := r.Perm(n)
	reqs := make([][]int, n)
	for range edges {
		a, b := r.IntN(n), r.IntN(n)
		if a == b {
			continue
		}
		if a < b {
			a, b = b, a
		}
		if !slices.Contains(reqs[a], b) {
			reqs[a] = append(reqs[a], b)
		}
	}
	var sb strings.Builder
	sb.WriteString("permcat: 1\ncatalog: {name: rnd}\npermissions:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  - key: p%d\n    id: %d\n", i, ids[i]+1)
		if len(reqs[i]) > 0 {
			sb.WriteString("    requires: [")
			for j, q := range reqs[i] {
				if j > 0 {
					sb.WriteString(", ")
				}
				fmt.Fprintf(&sb, "p%d", q)
			}
			sb.WriteString("]\n")
		}
	}
	return sb.String(), reqs
}

// naiveClosure computes what index i requires by depth-first search: the
// obviously correct reference for the bitset computation.
func naiveClosure(reqs [][]int, i int) map[int]bool {
	seen := map[int]bool{}
	var visit func(int)
	visit = func(v int) {
		for _, u := range reqs[v] {
			if !seen[u] {
				seen[u] = true
				visit(u)
			}
		}
	}
	visit(i)
	return seen
}

func TestClosureMatchesNaiveReference(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		n := 1 + r.IntN(150)
		src, reqs := randomSpec(r, n, r.IntN(4*n))
		c, err := Load("random.yaml", []byte(src))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for i := range n {
			p := c.Permission(fmt.Sprintf("p%d", i))
			want := naiveClosure(reqs, i)
			var got []string
			for _, q := range p.Closure() {
				got = append(got, q.Key)
			}
			var wantKeys []string
			for _, q := range c.ByID {
				var idx int
				fmt.Sscanf(q.Key, "p%d", &idx)
				if want[idx] {
					wantKeys = append(wantKeys, q.Key)
				}
			}
			if !slices.Equal(got, wantKeys) {
				t.Fatalf("seed %d: closure of %s = %v, want %v", seed, p.Key, got, wantKeys)
			}
			// Dependents is the exact transpose of Closure.
			for _, q := range p.Closure() {
				if !slices.Contains(q.Dependents(), p) {
					t.Fatalf("seed %d: %s requires %s but is not among its dependents", seed, p.Key, q.Key)
				}
			}
		}
		checkTopo(t, c)
	}
}

// checkTopo asserts that Topo holds every permission once, after all it
// requires.
func checkTopo(t *testing.T, c *Catalog) {
	t.Helper()
	pos := map[*Permission]int{}
	for i, p := range c.Topo {
		if _, dup := pos[p]; dup {
			t.Fatalf("Topo lists %s twice", p.Key)
		}
		pos[p] = i
	}
	if len(pos) != len(c.Permissions) {
		t.Fatalf("Topo has %d permissions, want %d", len(pos), len(c.Permissions))
	}
	for _, p := range c.Permissions {
		for _, e := range p.Requires {
			if pos[e.To] >= pos[p] {
				t.Fatalf("Topo puts %s (at %d) after %s (at %d), which requires it", e.To.Key, pos[e.To], p.Key, pos[p])
			}
		}
	}
}

func TestClosureIsTransitive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	src, _ := randomSpec(r, 300, 900)
	c, err := Load("random.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Permissions {
		closure := p.Closure()
		for _, q := range closure {
			for _, x := range q.Closure() {
				if !slices.Contains(closure, x) {
					t.Fatalf("%s requires %s, which requires %s, but %s's closure lacks it", p.Key, q.Key, x.Key, p.Key)
				}
			}
		}
	}
}

func TestEveryCycleIsReported(t *testing.T) {
	src := `permcat: 1
catalog: {name: cyc}
permissions:
  - {key: a, id: 1, requires: [b]}
  - {key: b, id: 2, requires: [c]}
  - {key: c, id: 3, requires: [a]}
  - {key: d, id: 4, requires: [d]}
  - {key: e, id: 5, requires: [f]}
  - {key: f, id: 6, requires: [e, a]}
  - {key: g, id: 7, requires: [a]}
`
	_, err := Load("cyc.yaml", []byte(src))
	if err == nil {
		t.Fatal("Load accepted a spec with cycles")
	}
	want := []string{
		"cyc.yaml:4:32: requires cycle: a → b → c → a;",
		"cyc.yaml:7:32: requires cycle: d → d;",
		"cyc.yaml:8:32: requires cycle: e → f → e;",
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("error lacks %q; got:\n%s", w, got)
		}
	}
	if n := strings.Count(got, "requires cycle"); n != len(want) {
		t.Errorf("got %d cycle errors, want %d:\n%s", n, len(want), got)
	}
}

func TestLongChainDoesNotExhaustStack(t *testing.T) {
	const n = 20000
	var sb strings.Builder
	sb.WriteString("permcat: 1\ncatalog: {name: chain}\npermissions:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  - {key: p%d, id: %d", i, i+1)
		if i > 0 {
			fmt.Fprintf(&sb, ", requires: [p%d]", i-1)
		}
		sb.WriteString("}\n")
	}
	// Close the chain into one big cycle: Tarjan's algorithm must not
	// recurse once per permission.
	src := strings.Replace(sb.String(), "{key: p0, id: 1}", fmt.Sprintf("{key: p0, id: 1, requires: [p%d]}", n-1), 1)
	_, err := Load("chain.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "requires cycle: p0 → p19999 → p19998") {
		t.Fatalf("want one long cycle error, got %v", err)
	}
}

// TestDependentsTransposeClosure: Dependents of q is exactly the set of
// permissions whose Closure holds q, by ID, and RequiredBy is exactly the
// direct requires edges turned around, by ID.
func TestDependentsTransposeClosure(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 11))
		n := 1 + r.IntN(120)
		src, _ := randomSpec(r, n, r.IntN(4*n))
		c, err := Load("random.yaml", []byte(src))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		wantDeps := map[*Permission][]*Permission{}
		wantDirect := map[*Permission][]*Permission{}
		for _, p := range c.ByID { // by ID, so the lists come out by ID
			for _, q := range p.Closure() {
				wantDeps[q] = append(wantDeps[q], p)
			}
			for _, e := range p.Requires {
				wantDirect[e.To] = append(wantDirect[e.To], p)
			}
		}
		for _, q := range c.ByID {
			if got := q.Dependents(); !slices.Equal(got, wantDeps[q]) {
				t.Fatalf("seed %d: Dependents of %s = %v, want %v", seed, q.Key, keysOf(got), keysOf(wantDeps[q]))
			}
			if !slices.Equal(q.RequiredBy, wantDirect[q]) {
				t.Fatalf("seed %d: RequiredBy of %s = %v, want %v", seed, q.Key, keysOf(q.RequiredBy), keysOf(wantDirect[q]))
			}
		}
	}
}

func keysOf(ps []*Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Key
	}
	return out
}

// TestClosureOfLongChain: a requires chain of 20,000 permissions, whose
// closures hold 200 million entries in all, loads without computing them,
// and the closure of its end is walked without exhausting the stack.
func TestClosureOfLongChain(t *testing.T) {
	const n = 20000
	var sb strings.Builder
	sb.WriteString("permcat: 1\ncatalog: {name: chain}\npermissions:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  - {key: p%d, id: %d", i, i+1)
		if i > 0 {
			fmt.Fprintf(&sb, ", requires: [p%d]", i-1)
		}
		sb.WriteString("}\n")
	}
	c, err := Load("chain.yaml", []byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := c.ByID[n-1], c.ByID[0]
	if got := top.Closure(); len(got) != n-1 || got[0] != bottom || got[n-2] != c.ByID[n-2] {
		t.Errorf("closure of %s has %d permissions, want %d by ID", top.Key, len(got), n-1)
	}
	if got := bottom.Dependents(); len(got) != n-1 || got[n-2] != top {
		t.Errorf("dependents of %s: %d permissions, want %d by ID", bottom.Key, len(got), n-1)
	}
	if got := bottom.Closure(); len(got) != 0 {
		t.Errorf("closure of %s = %v, want none", bottom.Key, keysOf(got))
	}
}

// TestRoleCheckMatchesNaiveReference: on random graphs and random roles, a
// role is reported exactly when one of its permissions requires, directly
// or not, a permission the role lacks, and the error names exactly those.
// The check looks at direct requirements first and walks closures only
// for a role that fails, so this compares it with the closure of every
// member computed by depth-first search.
func TestRoleCheckMatchesNaiveReference(t *testing.T) {
	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 13))
		n := 2 + r.IntN(60)
		src, reqs := randomSpec(r, n, r.IntN(3*n))
		var sb strings.Builder
		sb.WriteString(src)
		sb.WriteString("roles:\n")
		var want []string
		for k := range 1 + r.IntN(4) {
			held := map[int]bool{}
			for i := range n {
				if r.IntN(3) == 0 {
					held[i] = true
				}
			}
			if r.IntN(2) == 0 { // close it: the role is valid
				for i := range n {
					if held[i] {
						for u := range naiveClosure(reqs, i) {
							held[u] = true
						}
					}
				}
			}
			var members []string
			for i := range n {
				if !held[i] {
					continue
				}
				members = append(members, fmt.Sprintf("p%d", i))
				var missing []int
				for u := range naiveClosure(reqs, i) {
					if !held[u] {
						missing = append(missing, u)
					}
				}
				if len(missing) > 0 {
					want = append(want, fmt.Sprintf("role r%d grants p%d without ", k, i))
				}
			}
			fmt.Fprintf(&sb, "  - {key: r%d, permissions: [%s]}\n", k, strings.Join(members, ", "))
		}
		_, err := Load("roles.yaml", []byte(sb.String()))
		var got []string
		var es diag.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				got = append(got, e.Msg)
			}
		} else if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d role errors, want %d:\n%v", seed, len(got), len(want), strings.Join(got, "\n"))
		}
		for _, w := range want {
			if !slices.ContainsFunc(got, func(m string) bool { return strings.HasPrefix(m, w) }) {
				t.Fatalf("seed %d: no error starts with %q:\n%v", seed, w, strings.Join(got, "\n"))
			}
		}
	}
}
