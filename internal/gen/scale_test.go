package gen_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

// TestLargeCatalogAgainstNaiveReference generates a 5,000-permission
// synthetic catalog (large enough for the sorted lookup index), builds it
// in a temporary module, and checks every closure, check and lookup of the
// generated code against a naive reference written in the test from the
// raw edge list: the proof that the closures the package computes on first
// use are right.
func TestLargeCatalogAgainstNaiveReference(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 5,000-permission package; skipped in -short mode")
	}
	spec := synth.Spec(synth.Options{Permissions: 5000, Seed: 42})
	c, err := model.Load("synth.yaml", spec)
	if err != nil {
		t.Fatal(err)
	}
	src, err := gen.Generate(c, gen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "lookupIndex") {
		t.Fatal("a 5,000-permission catalog did not get the sorted lookup index")
	}

	// The reference data: every permission's ID, direct edges and own
	// feature gates, straight from the model, and nothing derived.
	var data strings.Builder
	data.WriteString("package synth\n\nvar refIDs = []int{")
	for _, p := range c.ByID {
		fmt.Fprintf(&data, "%d,", p.ID)
	}
	data.WriteString("}\n\nvar refEdges = [][2]int{")
	for _, p := range c.ByID {
		for _, e := range p.Requires {
			fmt.Fprintf(&data, "{%d,%d},", p.ID, e.To.ID)
		}
	}
	data.WriteString("}\n\nvar refGates = map[int]uint64{")
	for _, p := range c.ByID {
		var mask uint64
		for _, f := range p.Gates {
			mask |= 1 << f.Index
		}
		if mask != 0 {
			fmt.Fprintf(&data, "%d:%d,", p.ID, mask)
		}
	}
	data.WriteString("}\n\nvar refKeys = map[int][2]string{")
	for _, p := range c.ByID {
		fmt.Fprintf(&data, "%d:{%q,%q},", p.ID, p.Key, p.Name)
	}
	data.WriteString("}\n")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/scale\n\ngo 1.23\n")
	writeFile(t, filepath.Join(dir, "synth", "synth.go"), string(src))
	writeFile(t, filepath.Join(dir, "synth", "ref_data_test.go"), data.String())
	writeFile(t, filepath.Join(dir, "synth", "ref_test.go"), referenceTest)
	out := goCmd(t, dir, "test", "-count=1", "./...")
	t.Logf("%s", out)
}

const referenceTest = `package synth

import (
	"math/rand/v2"
	"testing"
)

// refClosure follows edges from p by depth-first search.
func refClosure(adj map[int][]int, p int) map[int]bool {
	seen := map[int]bool{}
	var visit func(int)
	visit = func(v int) {
		for _, u := range adj[v] {
			if !seen[u] {
				seen[u] = true
				visit(u)
			}
		}
	}
	visit(p)
	return seen
}

func toSet(m map[int]bool) Set {
	var s Set
	for id := range m {
		s[id/64] |= 1 << (id % 64)
	}
	return s
}

func TestLookupsAgainstReference(t *testing.T) {
	for id, kn := range refKeys {
		if p, err := Parse(kn[0]); err != nil || int(p) != id {
			t.Fatalf("Parse(%q) = %v, %v; want %d", kn[0], p, err, id)
		}
		if p, err := Parse(kn[1]); err != nil || int(p) != id {
			t.Fatalf("Parse(%q) = %v, %v; want %d", kn[1], p, err, id)
		}
		if got := Permission(id).Key(); got != kn[0] {
			t.Fatalf("Permission(%d).Key() = %q, want %q", id, got, kn[0])
		}
	}
	for _, s := range []string{"", "nope", "synth:", "zzzz"} {
		if _, err := Parse(s); err == nil {
			t.Fatalf("Parse(%q) succeeded", s)
		}
	}
}

func TestAgainstReference(t *testing.T) {
	fwd, back := map[int][]int{}, map[int][]int{}
	for _, e := range refEdges {
		fwd[e[0]] = append(fwd[e[0]], e[1])
		back[e[1]] = append(back[e[1]], e[0])
	}
	req := map[int]map[int]bool{}
	for _, id := range refIDs {
		p := Permission(id)
		req[id] = refClosure(fwd, id)
		if p.Requires() != toSet(req[id]) {
			t.Fatalf("Requires(%d) differs from the reference", id)
		}
		if p.RequiredBy() != toSet(refClosure(back, id)) {
			t.Fatalf("RequiredBy(%d) differs from the reference", id)
		}
	}
	// Effective by fixed point: drop anything gated off or lacking a
	// direct requirement, until nothing changes.
	r := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		grant := map[int]bool{}
		for _, id := range refIDs {
			if r.IntN(3) > 0 {
				grant[id] = true
			}
		}
		enabled := Features(r.IntN(4))
		held := map[int]bool{}
		for id := range grant {
			if uint64(enabled)&refGates[id] == refGates[id] {
				held[id] = true
			}
		}
		for changed := true; changed; {
			changed = false
			for id := range held {
				for _, q := range fwd[id] {
					if !held[q] {
						delete(held, id)
						changed = true
						break
					}
				}
			}
		}
		s := toSet(grant)
		if got := Effective(s, enabled); got != toSet(held) {
			t.Fatalf("Effective differs from the fixed point: %d permissions, want %d", got.Len(), len(held))
		}
		id := refIDs[r.IntN(len(refIDs))]
		p := Permission(id)
		if Can(s, p, enabled) != held[id] {
			t.Fatalf("Can(%d) = %v, want %v", id, !held[id], held[id])
		}
		want := toSet(grant).Union(toSet(req[id])).With(p)
		if Grant(s, p) != want {
			t.Fatalf("Grant(%d) differs", id)
		}
		missing := map[int]bool{}
		for q := range req[id] {
			if !grant[q] {
				missing[q] = true
			}
		}
		if Missing(s, p) != toSet(missing) {
			t.Fatalf("Missing(%d) differs", id)
		}
		blocked, off := Blockers(s, p, enabled)
		if grant[id] {
			delete(missing, id)
		} else {
			missing[id] = true
		}
		var needs uint64
		for q := range req[id] {
			needs |= refGates[q]
		}
		needs |= refGates[id]
		if blocked != toSet(missing) || uint64(off) != needs&^uint64(enabled) {
			t.Fatalf("Blockers(%d) differs", id)
		}
		if (blocked.IsEmpty() && off == 0) != held[id] {
			t.Fatalf("Blockers(%d) disagrees with Can", id)
		}
		revoked := toSet(grant).Minus(toSet(refClosure(back, id))).Without(p)
		if Revoke(s, p) != revoked {
			t.Fatalf("Revoke(%d) differs", id)
		}
	}
}
`
