package model

import (
	"container/heap"
	"fmt"
	"slices"
	"strings"
)

// graph orders the requires graph topologically, rejects cycles, and
// records each permission's direct dependents (RequiredBy). It returns the
// permissions whose closure is known: all of them when the graph is
// acyclic; otherwise those that require no cycle, directly or not, so that
// the roles can still be checked against what those require.
//
// No closure is computed here: Permission.Closure walks the edges when
// asked, so that resolving takes time and memory linear in the size of
// the graph whatever the size of the closures.
func (r *resolver) graph() (closed map[*Permission]bool) {
	c := r.c
	n := len(c.ByID)
	index := make(map[*Permission]int, n)
	for i, p := range c.ByID {
		index[p] = i
	}
	order, ok := topoOrder(c.ByID, index)
	if ok {
		c.Topo = make([]*Permission, n)
		for i, v := range order {
			c.Topo[i] = c.ByID[v]
		}
	} else {
		r.reportCycles(index)
	}
	newGraph(c.ByID)
	// In ID order, so that every RequiredBy list is by ID.
	for _, p := range c.ByID {
		for _, e := range p.Requires {
			e.To.RequiredBy = append(e.To.RequiredBy, p)
		}
	}
	closed = make(map[*Permission]bool, len(order))
	for _, i := range order {
		closed[c.ByID[i]] = true
	}
	return closed
}

// topoOrder returns the indices of perms so that requirements come first,
// breaking ties by ID (perms is sorted by ID, so by index). ok is false
// when the graph has a cycle; order then holds the permissions that
// require no cycle, directly or not.
func topoOrder(perms []*Permission, index map[*Permission]int) (order []int, ok bool) {
	n := len(perms)
	indegree := make([]int, n)     // unprocessed requirements
	dependents := make([][]int, n) // direct reverse edges
	for i, p := range perms {
		for _, e := range p.Requires {
			u := index[e.To]
			indegree[i]++
			dependents[u] = append(dependents[u], i)
		}
	}
	ready := &intHeap{}
	for i := range n {
		if indegree[i] == 0 {
			*ready = append(*ready, i)
		}
	}
	heap.Init(ready)
	order = make([]int, 0, n)
	for ready.Len() > 0 {
		v := heap.Pop(ready).(int)
		order = append(order, v)
		for _, d := range dependents[v] {
			if indegree[d]--; indegree[d] == 0 {
				heap.Push(ready, d)
			}
		}
	}
	return order, len(order) == n
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// reportCycles reports one error per strongly connected component that
// holds a cycle (self-loops included), each showing a shortest cycle through
// the component's lowest-ID permission and listing the other members. A
// real catalog converted from public data may hold many independent cycles:
// reporting them all at once saves a run per cycle.
func (r *resolver) reportCycles(index map[*Permission]int) {
	perms := r.c.ByID
	for _, comp := range components(perms, index) {
		start := comp[0]
		p := perms[start]
		if len(comp) == 1 && !requiresSelf(p) {
			continue
		}
		inComp := map[int]bool{}
		for _, v := range comp {
			inComp[v] = true
		}
		cycle := shortestCycle(perms, index, start, inComp)
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
func shortestCycle(perms []*Permission, index map[*Permission]int, start int, inComp map[int]bool) []int {
	prev := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range perms[v].Requires {
			u := index[e.To]
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
func components(perms []*Permission, index map[*Permission]int) [][]int {
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
				u := index[reqs[f.edge].To]
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
