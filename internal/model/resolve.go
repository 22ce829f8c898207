package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/naming"
	"github.com/permcat/permcat/internal/syntax"
)

// MaxID is the largest permission ID a catalog may use. A Set holds one bit
// per possible ID in a fixed-size array, so the cap keeps a Set at 8 KiB:
// large enough for the biggest public catalogs (about 20,000 actions), small
// enough to stay a value type.
const MaxID = 65535

// MaxGroupDepth is how many levels groups nest below a top-level group.
// Catalogs nest a few; the cap keeps what grows with the depth (the paths
// of the docs, each group's permissions with its descendants') in
// proportion to the spec.
const MaxGroupDepth = 16

// Limits on the small enumerations, chosen so that each fits its generated
// representation.
const (
	MaxFeatures = 64  // Features is a uint64 mask
	MaxFlags    = 255 // Flag is a uint8 with 0 unused
)

// Resolve checks a parsed spec against every rule of the format and builds
// the catalog. On failure it returns a diag.Errors with every problem found;
// the catalog is then nil.
func Resolve(f *syntax.File) (*Catalog, error) { return resolve(f, nil) }

// resolve is Resolve continuing after the errors of the syntax stage, which
// it reports with its own. Each check runs as long as what it looks at is
// still meaningful; what an earlier error leaves unknown (a list that could
// not be read, a permission with an unreadable field) is not reported
// again as missing or unknown.
func resolve(f *syntax.File, syntaxErr error) (*Catalog, error) {
	r := &resolver{
		f:        f,
		c:        &Catalog{Path: f.Path},
		flags:    map[string]*Flag{},
		attrs:    map[string]*Attribute{},
		features: map[string]*Feature{},
		groups:   map[string]*Group{},
		perms:    make(map[string]*Permission, len(f.Permissions)),
		roles:    map[string]*Role{},
		goNames:  make(map[string]claimant, len(GeneratedNames)+len(f.Permissions)+len(f.Groups)+len(f.Roles)),
	}
	r.errs.AddAll(f.Path, syntaxErr)
	r.catalog()
	r.enums()
	r.resolveGroups()
	r.reserved()
	r.permissions()
	// The graph of the requirements that resolved is checked for cycles
	// even when others did not: an unknown requirement removes an edge,
	// never adds one.
	closed := r.graph()
	r.resolveRoles(closed)
	if err := r.errs.Err(); err != nil {
		return nil, err
	}
	return r.c, nil
}

type resolver struct {
	f    *syntax.File
	c    *Catalog
	errs diag.List

	flags    map[string]*Flag
	attrs    map[string]*Attribute
	features map[string]*Feature
	groups   map[string]*Group
	perms    map[string]*Permission
	roles    map[string]*Role

	reservedIDs  map[int64]diag.Pos
	reservedKeys map[string]diag.Pos

	// edges holds every requires edge, in one array that Edge pointers
	// point into: sized for all the spec's requirements, it never grows.
	edges []Edge

	// goNames maps every package-level Go name to where it comes from, to
	// report collisions with both places.
	goNames map[string]claimant
}

func (r *resolver) errorf(pos diag.Pos, format string, args ...any) {
	r.errs.Addf(pos, format, args...)
}

func (r *resolver) catalog() {
	cs := r.f.Catalog
	c := r.c
	c.Name, c.Title, c.Source = cs.Name.Value, cs.Title.Value, cs.Source.Value
	if c.Name != "" && !isCatalogName(c.Name) {
		r.errorf(cs.Name.Pos, "catalog name %q must be lower case letters, digits and underscores, starting with a letter (it names the output directory and the default package); try %q", c.Name, suggestLower(c.Name))
	}
	c.Package = c.Name
	pkgPos := cs.Name.Pos
	if cs.Package.Set() {
		c.Package, pkgPos = cs.Package.Value, cs.Package.Pos
	}
	if cs.Package.Set() && !r.checkASCIIName(fmt.Sprintf("catalog package %q", cs.Package.Value), cs.Package, packageRule) {
		// reported
	} else if c.Package != "" && !naming.IsPackageName(c.Package) && (cs.Package.Set() || isCatalogName(c.Name)) {
		hint := fmt.Sprintf("use lower case letters and digits, such as %q", suggestLower(c.Package))
		if suggestLower(c.Package) == c.Package {
			hint = "it is a Go keyword or reserved name, so choose another"
		}
		what := "catalog package"
		if !cs.Package.Set() {
			what = "catalog name (the default package name)"
		}
		r.errorf(pkgPos, "%s %q is not a valid Go package name; %s", what, c.Package, hint)
	}
	c.Type = "Permission"
	pos := cs.Pos
	if cs.Type.Set() {
		c.Type, pos = cs.Type.Value, cs.Type.Pos
		if r.checkASCIIName(fmt.Sprintf("catalog type %q", c.Type), cs.Type, exportedRule) && !naming.IsExported(c.Type) {
			r.errorf(pos, "catalog type %q is not an exported Go identifier; use a name such as Permission", c.Type)
		}
	}
	for _, n := range GeneratedNames {
		r.goNames[n] = claimant{generated: true}
	}
	r.claim(c.Type, pos, owner{kind: "the catalog type"})
}

func suggestLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "catalog"
	}
	return strings.Trim(b.String(), "_")
}

// owner names what a Go name or a display name belongs to in messages:
// "permission CommlogEdit", "group main_menu", "the catalog type". Its
// text is built only when a message needs it.
type owner struct {
	kind, key string
}

func (o owner) String() string {
	if o.key == "" {
		return o.kind
	}
	return o.kind + " " + o.key
}

// ownerField names a field of an owner in messages: "permission
// CommlogEdit display name".
type ownerField struct {
	owner owner
	field string
}

func (f ownerField) String() string { return f.owner.String() + " " + f.field }

// claimant is what claimed a package-level Go name, and where.
type claimant struct {
	owner     owner
	pos       diag.Pos
	generated bool // one of GeneratedNames
}

func (c claimant) String() string {
	if c.generated {
		return "a name the generated package declares"
	}
	return fmt.Sprintf("%s (%s)", c.owner, c.pos)
}

// claim reserves a package-level Go name, reporting a collision with the
// earlier owner.
func (r *resolver) claim(name string, pos diag.Pos, who owner) {
	if prev, taken := r.goNames[name]; taken {
		r.errorf(pos, "Go name %s of %s is already used by %s; set go_name (or rename the key) so the two differ", name, who, prev)
		return
	}
	r.goNames[name] = claimant{owner: who, pos: pos}
}

// goName derives and claims a Go name, reporting keys that yield no valid
// identifier.
func (r *resolver) goName(prefix, key string, pos diag.Pos, owner owner) string {
	name := prefix + naming.GoName(key)
	if !naming.IsExported(name) {
		r.errorf(pos, "%s yields Go name %q, which is not a valid exported identifier; start the key with a letter", owner, name)
		return name
	}
	r.claim(name, pos, owner)
	return name
}

// enums resolves flags, attributes and features, the three lists of
// {key, description}.
func (r *resolver) enums() {
	for i, fs := range r.f.Flags {
		if !newKey(r, "flag", fs.Key, r.flags) {
			continue
		}
		fl := &Flag{Key: fs.Key.Value, Description: fs.Description.Value, Index: i, Pos: fs.Key.Pos}
		if r.checkKey("flag key", fs.Key) {
			fl.GoName = r.goName("Flag", fl.Key, fs.Key.Pos, owner{"flag", fl.Key})
		}
		r.flags[fl.Key] = fl
		r.c.Flags = append(r.c.Flags, fl)
	}
	if len(r.c.Flags) > MaxFlags {
		r.errorf(r.f.Flags[MaxFlags].Pos, "a catalog may declare at most %d flags; merge flags that always go together", MaxFlags)
	}
	methods := map[string]bool{}
	for _, m := range PermissionMethods {
		methods[m] = true
	}
	for _, as := range r.f.Attributes {
		if !newKey(r, "attribute", as.Key, r.attrs) {
			continue
		}
		a := &Attribute{Key: as.Key.Value, GoName: naming.GoName(as.Key.Value), Description: as.Description.Value, Pos: as.Key.Pos}
		switch {
		case !r.checkKey("attribute key", as.Key):
		case !naming.IsExported(a.GoName):
			r.errorf(as.Key.Pos, "attribute %s yields method name %q, which is not a valid exported identifier; start the key with a letter", a.Key, a.GoName)
		case methods[a.GoName]:
			r.errorf(as.Key.Pos, "attribute %s yields method name %s, which the generated %s type already has; rename the attribute", a.Key, a.GoName, r.c.Type)
		}
		methods[a.GoName] = true
		r.attrs[a.Key] = a
		r.c.Attributes = append(r.c.Attributes, a)
	}
	for i, fs := range r.f.Features {
		if !newKey(r, "feature", fs.Key, r.features) {
			continue
		}
		if i == MaxFeatures {
			r.errorf(fs.Pos, "a catalog may declare at most %d features (they form a 64-bit mask); merge features that are always switched together", MaxFeatures)
		}
		ft := &Feature{Key: fs.Key.Value, Description: fs.Description.Value, Index: len(r.c.Features), Pos: fs.Key.Pos}
		if r.checkFeatureKey(fs.Key) {
			ft.GoName = r.goName("Feature", ft.Key, fs.Key.Pos, owner{"feature", ft.Key})
		}
		r.features[ft.Key] = ft
		r.c.Features = append(r.c.Features, ft)
	}
}

// newKey checks that key is set and not yet in m.
func newKey[T any](r *resolver, kind string, key syntax.String, m map[string]T) bool {
	if !key.Set() {
		return false
	}
	if _, dup := m[key.Value]; dup {
		r.errorf(key.Pos, "duplicate %s key %q; keys must be unique, so rename or remove this one", kind, key.Value)
		return false
	}
	return true
}

// lookup resolves a reference, reporting an unknown one with the nearest
// known key. When some key of the list could not be read (unread), the
// reference may name that entry: it is then not reported.
func lookup[T keyed](r *resolver, kind string, ref syntax.String, m map[string]T, all []T, unread bool) (T, bool) {
	v, ok := m[ref.Value]
	if !ok && !unread {
		r.errorf(ref.Pos, "unknown %s %q%s%s", kind, ref.Value, refNote(ref.Value), didYouMean(ref.Value, keys(all), kind))
	}
	return v, ok
}

func didYouMean(name string, known []string, kind string) string {
	if s := naming.DidYouMean(name, known); s != "" {
		return s
	}
	if len(known) == 0 {
		return fmt.Sprintf("; no %s is declared, so declare it first", kind)
	}
	return fmt.Sprintf("; declare it under %ss or use a declared key", kind)
}

// keyed is what lookup resolves references to.
type keyed interface{ key() string }

// keys lists the keys of xs, in order, for suggestions.
func keys[T keyed](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.key()
	}
	return out
}

func (f *Flag) key() string       { return f.Key }
func (a *Attribute) key() string  { return a.Key }
func (f *Feature) key() string    { return f.Key }
func (g *Group) key() string      { return g.Key }
func (p *Permission) key() string { return p.Key }
func (ro *Role) key() string      { return ro.Key }

func (r *resolver) resolveGroups() {
	specs := map[*Group]syntax.Group{}
	titles := newDisplayNames(len(r.f.Groups))
	for _, gs := range r.f.Groups {
		if !newKey(r, "group", gs.Key, r.groups) {
			continue
		}
		g := &Group{Key: gs.Key.Value, Title: gs.Title.Value, Description: gs.Description.Value, Pos: gs.Key.Pos}
		if g.Title == "" {
			g.Title = g.Key
		}
		if r.checkKey("group key", gs.Key) {
			g.GoName = r.goName("Group", g.Key, gs.Key.Pos, owner{"group", g.Key})
		}
		r.title(titles, owner{"group", g.Key}, gs.Title, gs.Key, "titles head the sections of the docs")
		g.Index = len(r.c.Groups) + 1
		r.groups[g.Key] = g
		r.c.Groups = append(r.c.Groups, g)
		specs[g] = gs
	}
	for _, g := range r.c.Groups {
		gs := specs[g]
		if gs.Feature.Set() {
			g.Feature, _ = lookup(r, "feature", gs.Feature, r.features, r.c.Features, r.f.Unread.Features)
		}
		if !gs.Parent.Set() {
			continue
		}
		if p, ok := lookup(r, "group", gs.Parent, r.groups, r.c.Groups, r.f.Unread.Groups); ok {
			g.Parent = p
		}
	}
	r.groupDepths(specs)
	for _, g := range r.c.Groups {
		if g.Parent != nil {
			g.Parent.Children = append(g.Parent.Children, g)
		}
	}
}

// groupDepths sets the depth of every group, each group visited once:
// walking up from each group until a group whose depth is known would
// otherwise cost the depth of the tree per group, which a chain of
// thousands of nested groups makes quadratic. A parent cycle is reported
// and broken, and so is nesting deeper than MaxGroupDepth, so that what
// follows (paths in the docs, a group's permissions with its
// descendants') stays proportional to the spec.
func (r *resolver) groupDepths(specs map[*Group]syntax.Group) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[*Group]int, len(r.c.Groups))
	var path []*Group
	for _, g := range r.c.Groups {
		path = path[:0]
		a := g
		for a != nil && state[a] == unseen {
			state[a] = onPath
			path = append(path, a)
			a = a.Parent
		}
		if a != nil && state[a] == onPath {
			// a is its own ancestor: break the cycle at a's parent link.
			r.errorf(specs[a].Parent.Pos, "group %s is its own ancestor (%s); groups nest as a tree, so change a parent", a.Key, groupChain(a))
			a.Parent = nil
		}
		// Depths from the top of the path down.
		for i := len(path) - 1; i >= 0; i-- {
			b := path[i]
			state[b] = done
			if b.Parent == nil {
				b.Depth = 0
				continue
			}
			b.Depth = b.Parent.Depth + 1
			if b.Depth == MaxGroupDepth+1 {
				r.errorf(specs[b].Parent.Pos, "group %s is nested %d levels below a top-level group (%s); groups nest at most %d levels, so give it a parent higher up", b.Key, b.Depth, groupChain(b), MaxGroupDepth)
			}
			if b.Depth > MaxGroupDepth {
				// Reported at the first level too deep; its depth stays,
				// so the groups below it are not reported again, and the
				// link is cut so that nothing walks a longer chain.
				b.Parent = nil
			}
		}
	}
}

// title checks the title of a group or role: a clean display name that
// neither equals nor looks like another's. A title left out is the key,
// which is only recorded: keys are checked by their own rules.
func (r *resolver) title(titles *displayNames, who owner, title, key syntax.String, why string) {
	n := shownName{owner: who, what: "title", text: key.Value, pos: key.Pos}
	if title.Set() {
		if !r.checkDisplay(ownerField{who, "title"}, title) {
			return
		}
		n.text, n.pos = title.Value, title.Pos
	}
	if prev, ok := titles.add(n); !ok && title.Set() {
		r.errorf(n.pos, "%s", clash(n, prev, why))
	}
}

func groupChain(g *Group) string {
	var parts []string
	seen := map[*Group]bool{}
	for a := g; a != nil; a = a.Parent {
		parts = append(parts, a.Key)
		if seen[a] {
			break
		}
		seen[a] = true
	}
	return strings.Join(parts, " → ")
}

func (r *resolver) reserved() {
	r.reservedIDs = map[int64]diag.Pos{}
	r.reservedKeys = map[string]diag.Pos{}
	for _, id := range r.f.Reserved.IDs {
		if id.Value < 0 || id.Value > MaxID {
			r.errorf(id.Pos, "reserved id %d is outside 0..%d; remove it", id.Value, MaxID)
			continue
		}
		if prev, dup := r.reservedIDs[id.Value]; dup {
			r.errorf(id.Pos, "reserved id %d is listed twice (first at %s); remove one", id.Value, prev)
			continue
		}
		r.reservedIDs[id.Value] = id.Pos
		r.c.ReservedIDs = append(r.c.ReservedIDs, int(id.Value))
	}
	slices.Sort(r.c.ReservedIDs)
	for _, k := range r.f.Reserved.Keys {
		r.checkSetKey("reserved key", k)
		if prev, dup := r.reservedKeys[k.Value]; dup {
			r.errorf(k.Pos, "reserved key %q is listed twice (first at %s); remove one", k.Value, prev)
			continue
		}
		r.reservedKeys[k.Value] = k.Pos
		r.c.ReservedKeys = append(r.c.ReservedKeys, k.Value)
	}
}

func (r *resolver) permissions() {
	// specs[i] is the spec of r.c.Permissions[i]. The permissions and
	// their edges are allocated together, a slab each.
	specs := make([]*syntax.Permission, 0, len(r.f.Permissions))
	ids := make(map[int64]*Permission, len(r.f.Permissions))
	slab := make([]Permission, len(r.f.Permissions))
	edges := 0
	for i := range r.f.Permissions {
		edges += len(r.f.Permissions[i].Requires)
	}
	r.edges = make([]Edge, 0, edges)
	for i := range r.f.Permissions {
		ps := &r.f.Permissions[i]
		if !ps.Key.Set() {
			continue
		}
		key := ps.Key.Value
		p := &slab[i]
		*p = Permission{Key: key, Name: ps.Name.Value, Description: ps.Description.Value, Deprecated: ps.Deprecated.Value, Pos: ps.Key.Pos}
		validKey := r.checkSetKey("permission key", ps.Key)
		if prev, dup := r.perms[key]; dup {
			r.errorf(ps.Key.Pos, "duplicate permission key %q (first at %s); keys must be unique", key, prev.Pos)
			continue
		}
		if pos, res := r.reservedKeys[key]; res {
			r.errorf(ps.Key.Pos, "permission key %q is reserved (at %s): it belonged to a retired permission and must not come back; choose a new key", key, pos)
		}
		r.perms[key] = p
		specs = append(specs, ps)
		r.c.Permissions = append(r.c.Permissions, p)

		if ps.ID.Set() {
			id := ps.ID.Value
			switch {
			case id < 0 || id > MaxID:
				r.errorf(ps.ID.Pos, "permission %s has id %d, outside 0..%d; a Set holds one bit per possible id, so ids must stay in that range (renumber, keeping stored ids where they exist)", key, id, MaxID)
			case ids[id] != nil:
				r.errorf(ps.ID.Pos, "permission %s has id %d, already used by %s (%s); ids must be unique, so give it an unused id", key, id, ids[id].Key, ids[id].Pos)
			default:
				if pos, res := r.reservedIDs[id]; res {
					r.errorf(ps.ID.Pos, "permission %s has id %d, which is reserved (at %s) for a retired permission; give it an unused id", key, id, pos)
				}
				ids[id] = p
				p.ID = int(id)
				r.c.MaxID = max(r.c.MaxID, p.ID)
			}
		}

		switch {
		case ps.GoName.Set():
			p.GoName = ps.GoName.Value
			if !r.checkASCIIName(fmt.Sprintf("go_name %q of permission %s", p.GoName, key), ps.GoName, exportedRule) {
				break
			}
			if !naming.IsExported(p.GoName) {
				r.errorf(ps.GoName.Pos, "go_name %q of permission %s is not a valid exported Go identifier; start it with an upper-case letter", p.GoName, key)
			} else {
				r.claim(p.GoName, ps.GoName.Pos, owner{"permission", key})
			}
		case validKey:
			p.GoName = r.goName("", key, ps.Key.Pos, owner{"permission", key})
		}
		if p.Name == "" {
			p.Name = key
		}
	}
	r.displayNames(specs)
	for i, p := range r.c.Permissions {
		r.permissionRefs(p, specs[i])
	}
	r.c.ByID = slices.Clone(r.c.Permissions)
	slices.SortFunc(r.c.ByID, func(a, b *Permission) int { return a.ID - b.ID })
	r.legacy(specs)
	for _, fl := range r.c.Flags {
		slices.SortFunc(fl.Permissions, func(a, b *Permission) int { return a.ID - b.ID })
	}
	for _, g := range r.c.Groups {
		for a := g; a != nil; a = a.Parent {
			a.All = append(a.All, g.Own...)
		}
	}
	for _, g := range r.c.Groups {
		slices.SortFunc(g.All, func(a, b *Permission) int { return a.ID - b.ID })
	}
}

// displayNames checks the display names of the permissions. Parse accepts
// keys and display names, and the docs show display names, so no display
// name may equal or look like another permission's key or display name.
// Keys come first, so that a clash is reported on the display name. Keys
// are not compared with each other here: they are ASCII and compared
// exactly.
func (r *resolver) displayNames(specs []*syntax.Permission) {
	names := newDisplayNames(2 * len(r.c.Permissions))
	for _, p := range r.c.Permissions {
		names.add(shownName{owner: owner{"permission", p.Key}, what: "key", text: p.Key, pos: p.Pos})
	}
	for i, p := range r.c.Permissions {
		ps := specs[i]
		if !ps.Name.Set() || ps.Name.Value == p.Key {
			continue
		}
		if !r.checkDisplay(ownerField{owner{"permission", p.Key}, "display name"}, ps.Name) {
			continue
		}
		n := shownName{owner: owner{"permission", p.Key}, what: "display name", text: p.Name, pos: ps.Name.Pos}
		if prev, ok := names.add(n); !ok {
			r.errorf(n.pos, "%s", clash(n, prev, "Parse and the docs could not tell them apart"))
		}
	}
}

// permissionRefs resolves a permission's references to groups, flags,
// attributes, features and other permissions.
func (r *resolver) permissionRefs(p *Permission, ps *syntax.Permission) {
	if ps.Group.Set() {
		if g, ok := lookup(r, "group", ps.Group, r.groups, r.c.Groups, r.f.Unread.Groups); ok {
			p.Group = g
			g.Own = append(g.Own, p)
		}
	} else if len(r.c.Groups) > 0 && !ps.Incomplete {
		r.errorf(ps.Key.Pos, "permission %s has no group; the catalog declares groups, so add \"group:\" with one of them", p.Key)
	}
	var seenFlag map[string]bool // for long lists; short ones are searched
	if len(ps.Flags) > 16 {
		seenFlag = make(map[string]bool, len(ps.Flags))
	}
	for i, fs := range ps.Flags {
		if seenFlag[fs.Value] || seenFlag == nil && slices.ContainsFunc(ps.Flags[:i], func(prev syntax.String) bool { return prev.Value == fs.Value }) {
			r.errorf(fs.Pos, "permission %s lists flag %s twice; remove one", p.Key, fs.Value)
			continue
		}
		if seenFlag != nil {
			seenFlag[fs.Value] = true
		}
		if fl, ok := lookup(r, "flag", fs, r.flags, r.c.Flags, r.f.Unread.Flags); ok {
			p.Flags = append(p.Flags, fl)
			fl.Permissions = append(fl.Permissions, p)
		}
	}
	slices.SortFunc(p.Flags, func(a, b *Flag) int { return a.Index - b.Index })
	for _, av := range ps.Attributes {
		if a, ok := lookup(r, "attribute", av.Key, r.attrs, r.c.Attributes, r.f.Unread.Attributes); ok {
			p.Attributes = append(p.Attributes, AttributeValue{Attribute: a, Value: av.Value.Value})
		}
	}
	slices.SortStableFunc(p.Attributes, func(a, b AttributeValue) int {
		return slices.Index(r.c.Attributes, a.Attribute) - slices.Index(r.c.Attributes, b.Attribute)
	})
	if ps.Feature.Set() {
		p.Feature, _ = lookup(r, "feature", ps.Feature, r.features, r.c.Features, r.f.Unread.Features)
	}
	gates := map[*Feature]bool{}
	if p.Feature != nil {
		gates[p.Feature] = true
	}
	for g := p.Group; g != nil; g = g.Parent {
		if g.Feature != nil {
			gates[g.Feature] = true
		}
	}
	for _, f := range r.c.Features {
		if gates[f] {
			p.Gates = append(p.Gates, f)
		}
	}
	var seenReq map[string]diag.Pos // for long lists; short ones are searched
	if len(ps.Requires) > 16 {
		seenReq = make(map[string]diag.Pos, len(ps.Requires))
	}
	for i, req := range ps.Requires {
		if prev, dup := firstRequirement(ps.Requires[:i], req.Key.Value, seenReq); dup {
			r.errorf(req.Key.Pos, "permission %s requires %s twice (first at %s); remove one", p.Key, req.Key.Value, prev)
			continue
		}
		if seenReq != nil {
			seenReq[req.Key.Value] = req.Key.Pos
		}
		if q, ok := lookup(r, "permission", req.Key, r.perms, r.c.Permissions, r.f.Unread.Permissions); ok {
			r.edges = append(r.edges, Edge{To: q, Reason: req.Reason.Value, Pos: req.Key.Pos})
			if p.Requires == nil {
				p.Requires = make([]*Edge, 0, len(ps.Requires))
			}
			p.Requires = append(p.Requires, &r.edges[len(r.edges)-1])
			r.c.Edges++
		}
	}
}

// firstRequirement returns the position of the first of before that
// requires key: looked up in seen when it is not nil, searched otherwise.
func firstRequirement(before []syntax.Requirement, key string, seen map[string]diag.Pos) (diag.Pos, bool) {
	if seen != nil {
		pos, ok := seen[key]
		return pos, ok
	}
	for _, req := range before {
		if req.Key.Value == key {
			return req.Key.Pos, true
		}
	}
	return diag.Pos{}, false
}

// legacy resolves replaces: each retired key maps to the permissions that
// replaced it.
func (r *resolver) legacy(specs []*syntax.Permission) {
	by := map[string]*Legacy{}
	for i, p := range r.c.Permissions {
		for _, old := range specs[i].Replaces {
			if q, live := r.perms[old.Value]; live {
				r.errorf(old.Pos, "permission %s replaces %q, which is still the key of a permission (%s); a replaced key is retired, so remove it from replaces or retire that permission", p.Key, old.Value, q.Pos)
				continue
			}
			if !r.checkSetKey("replaced key", old) {
				continue
			}
			l := by[old.Value]
			if l == nil {
				l = &Legacy{Key: old.Value}
				by[old.Value] = l
				r.c.Legacy = append(r.c.Legacy, l)
			}
			if slices.Contains(l.By, p) {
				r.errorf(old.Pos, "permission %s lists %q in replaces twice; remove one", p.Key, old.Value)
				continue
			}
			l.By = append(l.By, p)
			p.Replaces = append(p.Replaces, old.Value)
		}
	}
	slices.SortFunc(r.c.Legacy, func(a, b *Legacy) int { return strings.Compare(a.Key, b.Key) })
	for _, l := range r.c.Legacy {
		slices.SortFunc(l.By, func(a, b *Permission) int { return a.ID - b.ID })
	}
}

// resolveRoles resolves the roles and their references, rejects include
// cycles and checks that each role holds everything its permissions
// require, for the permissions whose closure is known (closed: those that
// require no cycle). A role with a reference that did not resolve, or a
// field that could not be read, is not checked for what it lacks: it lacks
// what the error left out.
func (r *resolver) resolveRoles(closed []bool) {
	specs := map[*Role]syntax.Role{}
	titles := newDisplayNames(len(r.f.Roles))
	for _, rs := range r.f.Roles {
		if !newKey(r, "role", rs.Key, r.roles) {
			continue
		}
		ro := &Role{Key: rs.Key.Value, Title: rs.Title.Value, Description: rs.Description.Value, Pos: rs.Key.Pos}
		if ro.Title == "" {
			ro.Title = ro.Key
		}
		if r.checkKey("role key", rs.Key) {
			ro.GoName = r.goName("Role", ro.Key, rs.Key.Pos, owner{"role", ro.Key})
		}
		r.title(titles, owner{"role", ro.Key}, rs.Title, rs.Key, "titles name the roles in the docs")
		ro.Index = len(r.c.Roles) + 1
		r.roles[ro.Key] = ro
		r.c.Roles = append(r.c.Roles, ro)
		specs[ro] = rs
	}
	partial := map[*Role]bool{}
	for _, ro := range r.c.Roles {
		rs := specs[ro]
		partial[ro] = rs.Incomplete
		for _, inc := range rs.Includes {
			if inc.Value == ro.Key {
				r.errorf(inc.Pos, "role %s includes itself; remove it from includes", ro.Key)
				continue
			}
			if in, ok := lookup(r, "role", inc, r.roles, r.c.Roles, r.f.Unread.Roles); ok {
				ro.Includes = append(ro.Includes, in)
			} else {
				partial[ro] = true
			}
		}
		for _, ps := range rs.Permissions {
			if p, ok := lookup(r, "permission", ps, r.perms, r.c.Permissions, r.f.Unread.Permissions); ok {
				ro.Own = append(ro.Own, p)
			} else {
				partial[ro] = true
			}
		}
	}
	members := roleMembers(r.c.Roles, partial, len(r.c.ByID))
	for _, ro := range r.c.Roles {
		m := members[ro]
		if m.cycle != nil {
			r.errorf(specs[ro].Pos, "role %s includes itself through %s; remove one include", ro.Key, cyclePath(m.cycle, ro))
			continue
		}
		ro.members, ro.byID = m.bits, r.c.ByID
		if m.partial {
			continue
		}
		r.checkRole(ro, specs[ro], closed)
	}
}

// checkRole reports each of the role's own permissions whose closure the
// role does not hold, itself or through its includes, naming what is
// missing. Looking at its own permissions is enough: those of an included
// role were checked with that role, and are held here with everything
// they require, which that role holds. And a first pass over direct
// requirements is enough to clear a role: for permissions that require no
// cycle (closed), if every permission a role holds holds its direct
// requirements, it holds its closure. Only a role that fails that pass has
// its permissions' closures walked, to say all each one lacks.
func (r *resolver) checkRole(ro *Role, rs syntax.Role, closed []bool) {
	complete := true
	for _, p := range ro.Own {
		if !closed[p.index] {
			continue
		}
		for _, e := range p.Requires {
			if !ro.Has(e.To) {
				complete = false
			}
		}
	}
	if complete {
		return
	}
	for _, p := range ro.Own {
		if !closed[p.index] {
			continue
		}
		var missing []string
		for _, q := range p.Closure() {
			if !ro.Has(q) {
				missing = append(missing, q.Key)
			}
		}
		if len(missing) > 0 {
			r.errorf(rs.Pos, "role %s grants %s without %s, which it requires; add %s to the role", ro.Key, p.Key, strings.Join(missing, ", "), plural(missing))
		}
	}
}

func plural(keys []string) string {
	if len(keys) == 1 {
		return "it"
	}
	return "them"
}

// membership is what a role holds through its own permissions and its
// includes.
type membership struct {
	bits    []uint64 // one bit per permission, by index in ByID
	partial bool     // the role or one it includes is marked partial
	cycle   []*Role  // non-nil: an include cycle the role is on or reaches, first role not repeated
}

// cyclePath prints an include cycle from ro, when ro is on it, and back:
// "r1 → r2 → r1".
func cyclePath(cycle []*Role, ro *Role) string {
	if i := slices.Index(cycle, ro); i > 0 {
		cycle = append(slices.Clone(cycle[i:]), cycle[:i]...)
	}
	names := make([]string, 0, len(cycle)+1)
	for _, x := range cycle {
		names = append(names, x.Key)
	}
	return strings.Join(append(names, cycle[0].Key), " → ")
}

// roleMembers computes the membership of every role, each role once (a
// hostile spec of roles that each include the two before would otherwise
// take exponential time), as bit sets of n bits, so that a role costs a
// word operation per 64 permissions for each role it includes, whatever
// they hold. A role on an include cycle, or including one, gets the cycle
// instead.
func roleMembers(roles []*Role, partial map[*Role]bool, n int) map[*Role]membership {
	out := make(map[*Role]membership, len(roles))
	onPath := map[*Role]bool{}
	var path []*Role
	words := (n + 63) / 64
	var visit func(ro *Role) membership
	visit = func(ro *Role) membership {
		if m, done := out[ro]; done {
			return m
		}
		if onPath[ro] {
			return membership{cycle: slices.Clone(path[slices.Index(path, ro):])}
		}
		onPath[ro] = true
		path = append(path, ro)
		m := membership{bits: make([]uint64, words), partial: partial[ro]}
		for _, p := range ro.Own {
			m.bits[p.index/64] |= 1 << (p.index % 64)
		}
		for _, in := range ro.Includes {
			sub := visit(in)
			if sub.cycle != nil {
				m.cycle = sub.cycle
				break
			}
			for i, w := range sub.bits {
				m.bits[i] |= w
			}
			m.partial = m.partial || sub.partial
		}
		path = path[:len(path)-1]
		onPath[ro] = false
		if m.cycle != nil {
			m.bits = nil
		}
		out[ro] = m
		return m
	}
	for _, ro := range roles {
		visit(ro)
	}
	return out
}
