package model

import (
	"fmt"
	"slices"
	"strings"
)

// graph orders the requires graph topologically, rejects cycles, and
// records each permission's direct dependents (RequiredBy). It returns,
// by index in ByID, the permissions whose closure is known: all of them
// when the graph is acyclic; otherwise those that require no cycle,
// directly or not, so that the roles can still be checked against what
// those require.
//
// No closure is computed here: Permission.Closure walks the edges when
// asked, so that resolving takes time and memory linear in the size of
// the graph whatever the size of the closures.
func (r *resolver) graph() (closed []bool) {
	c := r.c
	g := newGraph(c.ByID)
	order, ok := topoOrder(g)
	if ok {
		c.Topo = make([]*Permission, len(order))
		for i, v := range order {
			c.Topo[i] = c.ByID[v]
		}
	} else {
		r.reportCycles()
	}
	// One array holds every RequiredBy list, each by ID as g.up is.
	all := make([]*Permission, len(g.up.to))
	for i, u := range g.up.to {
		all[i] = c.ByID[u]
	}
	for i, p := range c.ByID {
		if lo, hi := g.up.start[i], g.up.start[i+1]; lo < hi {
			p.RequiredBy = all[lo:hi:hi]
		}
	}
	closed = make([]bool, len(c.ByID))
	for _, i := range order {
		closed[i] = true
	}
	return closed
}

// topoOrder returns the indices of the permissions of g so that
// requirements come first, breaking ties by ID (indices follow IDs). ok is
// false when the graph has a cycle; order then holds the permissions that
// require no cycle, directly or not.
func topoOrder(g *graph) (order []int32, ok bool) {
	n := len(g.byID)
	indegree := make([]int32, n) // unprocessed requirements
	var ready minHeap
	for i := range n {
		indegree[i] = g.down.start[i+1] - g.down.start[i]
		if indegree[i] == 0 {
			ready = append(ready, int32(i)) // ascending: already a heap
		}
	}
	order = make([]int32, 0, n)
	for len(ready) > 0 {
		v := ready.pop()
		order = append(order, v)
		for _, d := range g.up.of(v) {
			if indegree[d]--; indegree[d] == 0 {
				ready.push(d)
			}
		}
	}
	return order, len(order) == n
}

// minHeap is a binary min-heap of indices.
type minHeap []int32

func (h *minHeap) push(x int32) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		parent := (i - 1) / 2
		if a[parent] <= a[i] {
			break
		}
		a[parent], a[i] = a[i], a[parent]
		i = parent
	}
}

func (h *minHeap) pop() int32 {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < len(a) && a[l] < a[small] {
			small = l
		}
		if r < len(a) && a[r] < a[small] {
			small = r
		}
		if small == i {
			break
		}
		a[i], a[small] = a[small], a[i]
		i = small
	}
	*h = a
	return top
}

// reportCycles reports one error per strongly connected component that
// holds a cycle (self-loops included), each showing a shortest cycle through
// the component's lowest-ID permission and listing the other members. A
// real catalog converted from public data may hold many independent cycles:
// reporting them all at once saves a run per cycle.
func (r *resolver) reportCycles() {
	perms := r.c.ByID
	for _, comp := range components(perms) {
		start := comp[0]
		p := perms[start]
		if len(comp) == 1 && !requiresSelf(p) {
			continue
		}
		inComp := map[int]bool{}
		for _, v := range comp {
			inComp[v] = true
		}
		cycle := shortestCycle(perms, start, inComp)
		names := make([]string, len(cycle))
		for i, v := range cycle {
			names[i] = perms[v].Key
		}
		msg := fmt.Sprintf("requires cycle: %s; a permission cannot require itself, even through others, so remove one of these requirements", strings.Join(names, " → "))
		if len(comp) > len(cycle)-1 {
			var others []string
			for _, v := range comp {
				if !slices.Contains(cycle, v) {
					others = append(others, perms[v].Key)
				}
			}
			msg += fmt.Sprintf(" (the cycle's component also holds %s)", strings.Join(others, ", "))
		}
		pos := p.Pos
		for _, e := range p.Requires {
			if e.To == perms[cycle[1]] {
				pos = e.Pos
				break
			}
		}
		r.errorf(pos, "%s", msg)
	}
}

func requiresSelf(p *Permission) bool {
	for _, e := range p.Requires {
		if e.To == p {
			return true
		}
	}
	return false
}

// shortestCycle finds, by breadth-first search inside one component, the
// shortest path of requires edges from start back to start. The result
// begins and ends with start.
func shortestCycle(perms []*Permission, start int, inComp map[int]bool) []int {
	prev := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range perms[v].Requires {
			u := e.To.index
			if u == start {
				path := []int{start}
				for x := v; x != start; x = prev[x] {
					path = append(path, x)
				}
				slices.Reverse(path[1:])
				return append(path, start)
			}
			if _, seen := prev[u]; seen || !inComp[u] {
				continue
			}
			prev[u] = v
			queue = append(queue, u)
		}
	}
	return []int{start, start}
}

// components returns the strongly connected components of the requires
// graph (Tarjan's algorithm, iterative so that long chains cannot exhaust
// the stack), each sorted by index, the list sorted by first index.
func components(perms []*Permission) [][]int {
	n := len(perms)
	const unvisited = -1
	num := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range num {
		num[i] = unvisited
	}
	var stack []int
	var comps [][]int
	counter := 0
	type frame struct{ v, edge int }
	for root := range n {
		if num[root] != unvisited {
			continue
		}
		call := []frame{{root, 0}}
		num[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			reqs := perms[f.v].Requires
			if f.edge < len(reqs) {
				u := reqs[f.edge].To.index
				f.edge++
				switch {
				case num[u] == unvisited:
					num[u], low[u] = counter, counter
					counter++
					stack = append(stack, u)
					onStack[u] = true
					call = append(call, frame{u, 0})
				case onStack[u]:
					low[f.v] = min(low[f.v], num[u])
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				parent := call[len(call)-1].v
				low[parent] = min(low[parent], low[v])
			}
			if low[v] == num[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				slices.Sort(comp)
				comps = append(comps, comp)
			}
		}
	}
	slices.SortFunc(comps, func(a, b []int) int { return a[0] - b[0] })
	return comps
}
