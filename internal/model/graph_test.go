package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
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
			for _, q := range p.Closure {
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
			for _, q := range p.Closure {
				if !slices.Contains(q.Dependents, p) {
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
		for _, q := range p.Closure {
			for _, x := range q.Closure {
				if !slices.Contains(p.Closure, x) {
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
