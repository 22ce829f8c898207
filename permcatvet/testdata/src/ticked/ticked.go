package ticked

import (
	"database/sql"
	"encoding/json"

	"clinic"
	"tickedlib"
)

var features = clinic.FeatureOnlineBooking

// Sources of grants as stored.

func decoded(v any) bool {
	var s clinic.Set
	if err := s.Scan(v); err != nil {
		return false
	}
	return s.Has(clinic.PaymentRefund) // want `s.Has asks whether the box is ticked, not whether its holder may use it: the Set is filled by \(\*clinic.Set\).Scan at ticked.go:17:12, and Has ignores prerequisites and feature gates; use clinic.Can\(s, clinic.PaymentRefund, features\), or clinic.Effective\(s, features\).Has\(clinic.PaymentRefund\), or mark a deliberate check with //permcat:ticked <reason>`
}

func unmarshalled(doc []byte) bool { // want unmarshalled:"reads names: param 0: a JSON array of permission keys"
	var s clinic.Set
	_ = json.Unmarshal(doc, &s)
	return s.HasAll(clinic.Of(clinic.PatientView)) // want `s.HasAll asks whether the box is ticked.*the Set is filled by json.Unmarshal.*use clinic.Effective\(s, features\).HasAll\(clinic.Of\(clinic.PatientView\)\)`
}

func scannedRow(row *sql.Row) bool {
	var s clinic.Set
	_ = row.Scan(&s)
	return s.HasAny(clinic.Of(clinic.PatientEdit)) // want `the Set is filled by \(\*sql.Row\).Scan`
}

// keys adapts a Set to an SQL column, as adapters of the generated package
// do: whatever fills a *Set is a source of grants.
func keys(s *clinic.Set) sql.Scanner { return keyScanner{s} }

type keyScanner struct{ s *clinic.Set }

func (k keyScanner) Scan(v any) error { return k.s.Scan(v) }

func adapted(row *sql.Row) bool {
	var s clinic.Set
	_ = row.Scan(keys(&s))
	return s.Has(clinic.PatientView) // want `the Set is filled by keys`
}

func text(b []byte) bool { // want text:"reads names: param 0: permission keys separated by commas"
	var s clinic.Set
	_ = s.UnmarshalText(b)
	return s.Has(clinic.PatientEdit) // want `the Set is filled by \(\*clinic.Set\).UnmarshalText`
}

func built() bool {
	return clinic.Of(clinic.PatientView).Has(clinic.PatientView) // want `is built with clinic.Of`
}

func literal(w uint64) bool {
	s := clinic.Set{w}
	return s.Has(clinic.PatientView) // want `the Set is a composite literal`
}

func converted(words [1]uint64) bool {
	return clinic.Set(words).Has(clinic.PatientView) // want `is converted from \[1\]uint64`
}

// Check is called by other packages, with whatever they hold.
func Check(s clinic.Set, p clinic.Permission) bool {
	return s.Has(p) // want `the Set is the parameter s of Check, which other packages may call with stored grants`
}

// User is a user as stored.
type User struct {
	Grants clinic.Set
}

func field(u User) bool {
	return u.Grants.Has(clinic.PatientView) // want `the Set is read from the struct field User.Grants`
}

func granted(s clinic.Set) bool {
	return clinic.Grant(s, clinic.PaymentRefund).Has(clinic.PaymentRefund) // want `is returned by clinic.Grant, which adds prerequisites but checks no feature`
}

func with(doc []byte) bool { // want with:"reads names: param 0: a JSON array of permission keys"
	allowed, _ := tickedlib.Allowed(doc, features)
	return allowed.With(clinic.PaymentView).Has(clinic.PaymentView) // want `has permissions added by clinic.Set.With`
}

func union(doc []byte, stored clinic.Set) bool { // want union:"reads names: param 0: a JSON array of permission keys"
	allowed, _ := tickedlib.Allowed(doc, features)
	return allowed.Union(stored).Has(clinic.PaymentView) // want `is the parameter stored of union, which is used as a value, so its callers are not known`
}

var check = union // union is used as a value: its callers are unknown

func phi(doc []byte, admin bool) bool { // want phi:"reads names: param 0: a JSON array of permission keys"
	s := clinic.Effective(clinic.Set{}, features)
	if admin {
		s, _ = tickedlib.Stored(doc)
	}
	return s.Has(clinic.PatientEdit) // want `the Set is returned by tickedlib.Stored`
}

func captured(b []byte) bool {
	var s clinic.Set
	load := func() { _ = s.UnmarshalText(b) }
	load()
	return s.Has(clinic.PatientView) // want `the Set is filled by \(\*clinic.Set\).UnmarshalText`
}

func methodValue(s clinic.Set) func(clinic.Permission) bool {
	return s.Has // want `the Set is the parameter s of methodValue`
}

var _ = methodValue

func literalParam() func(clinic.Set) bool {
	return func(s clinic.Set) bool {
		return s.Has(clinic.PatientView) // want `the Set is the parameter s of a function literal, whose callers are not known`
	}
}

func loadGrants(v any) clinic.Set {
	var s clinic.Set
	_ = s.Scan(v)
	return s
}

func throughHelper(v any) bool {
	return loadGrants(v).Has(clinic.PatientView) // want `is filled by \(\*clinic.Set\).Scan`
}

func mapElement(m map[string]clinic.Set) bool {
	return m["ann"].Has(clinic.PatientView) // want `is an element of a map`
}

// Exported may be set by any package.
var Exported = clinic.Effective(clinic.Set{}, 0)

func global() bool {
	return Exported.Has(clinic.PatientView) // want `is read from the package variable Exported`
}

func channel(c chan clinic.Set) bool {
	return (<-c).Has(clinic.PatientView) // want `is received from a channel`
}

type store interface{ Load() clinic.Set }

func iface(st store) bool {
	return st.Load().Has(clinic.PatientView) // want `is returned by the interface method Load`
}

func funcValue(load func() clinic.Set) bool {
	return load().Has(clinic.PatientView) // want `is returned by a function value`
}

func intersectGrants(a, b clinic.Set) bool {
	return a.Intersect(b).Has(clinic.PatientView) // want `the Set is the parameter a of intersectGrants`
}

var _ = intersectGrants

// Safe Sets: effective, or describing the catalog.

func effective(v any) bool {
	s := loadGrants(v)
	eff := clinic.Effective(s, features)
	return eff.Has(clinic.PaymentRefund) && clinic.Can(s, clinic.PaymentRefund, features)
}

func subsets(v any, other clinic.Set) bool {
	eff := clinic.Effective(loadGrants(v), features)
	return eff.Minus(other).Has(clinic.PatientView) ||
		eff.Without(clinic.PatientEdit).HasAny(other) ||
		clinic.Revoke(eff, clinic.PatientView).Has(clinic.PatientEdit) ||
		other.Intersect(eff).Has(clinic.PatientView) ||
		eff.Union(eff).HasAll(other)
}

func descriptive(v any) bool {
	s := loadGrants(v)
	m, _ := clinic.Migrate("edit_patient")
	return clinic.Universe().Has(clinic.PatientView) ||
		clinic.Missing(s, clinic.PaymentRefund).Has(clinic.PaymentView) ||
		clinic.PaymentRefund.Requires().Has(clinic.PatientView) ||
		clinic.PatientView.RequiredBy().Has(clinic.PatientEdit) ||
		clinic.RoleFrontDesk.Permissions().Has(clinic.PatientEdit) ||
		clinic.GroupBilling.Permissions().Has(clinic.PaymentView) ||
		clinic.FlagAudited.Permissions().Has(clinic.PatientEdit) ||
		m.Has(clinic.PatientEdit) ||
		tickedlib.Audited().Has(clinic.PatientEdit)
}

func zero() bool {
	var s clinic.Set
	return s.Has(clinic.PatientView)
}

func acrossPackages(doc []byte) bool { // want acrossPackages:"reads names: param 0: a JSON array of permission keys"
	allowed, err := tickedlib.Allowed(doc, features)
	return err == nil && allowed.Has(clinic.PaymentRefund)
}

// mayRefund is only called with effective Sets.
func mayRefund(eff clinic.Set) bool {
	return eff.Has(clinic.PaymentRefund)
}

func callers(v any) bool {
	eff := clinic.Effective(loadGrants(v), features)
	return mayRefund(eff) || mayRefund(clinic.Set{})
}

// session keeps what its user may do.
type session struct {
	allowed clinic.Set
}

func newSession(v any) *session {
	return &session{allowed: clinic.Effective(loadGrants(v), features)}
}

func (s *session) may(p clinic.Permission) bool {
	return s.allowed.Has(p)
}

func (s *session) reload(v any) {
	s.allowed = clinic.Effective(loadGrants(v), features)
}

var current = clinic.Effective(clinic.Set{}, 0)

func fromGlobal() bool {
	return current.Has(clinic.PatientView)
}

func allowedHere(v any) clinic.Set { // want allowedHere:"safe results \\[0\\]"
	if v == nil {
		return clinic.Set{}
	}
	return clinic.Effective(loadGrants(v), features)
}

func viaLocalResult(v any) bool {
	return allowedHere(v).Has(clinic.PatientView)
}

func capturedEffective(v any) func() bool {
	eff := clinic.Effective(loadGrants(v), features)
	return func() bool { return eff.Has(clinic.PatientView) }
}

// Generic code: instances are not followed, so parameters are grants.

func generic[T any](s clinic.Set, x T) bool {
	return s.Has(clinic.PatientView) // want `the Set is the parameter s of the generic generic, whose instances are not followed`
}

func useGeneric(v any) bool {
	return generic(clinic.Effective(loadGrants(v), features), 1)
}

type holder[T any] struct {
	allowed clinic.Set
	extra   T
}

func (h holder[T]) may(p clinic.Permission) bool {
	return h.allowed.Has(p)
}

func newHolder(v any) holder[int] {
	return holder[int]{allowed: clinic.Effective(loadGrants(v), features)}
}

func hasVia[S interface{ Has(clinic.Permission) bool }](s S) bool {
	return s.Has(clinic.PatientView)
}

func useHasVia(v any) bool {
	return hasVia(loadGrants(v)) && newHolder(v).may(clinic.PatientView)
}

type box[T any] struct {
	stored clinic.Set
	extra  T
}

func (b box[T]) may(p clinic.Permission) bool {
	return b.stored.Has(p) // want `the Set is filled by \(\*clinic.Set\).Scan`
}

func useBox(v any) bool {
	return box[string]{stored: loadGrants(v)}.may(clinic.PatientView)
}

type grants struct{}

// viaInterface is unexported, yet reachable through the interface below:
// its callers are not all visible.
func (grants) viaInterface(s clinic.Set, p clinic.Permission) bool {
	return s.Has(p) // want `the Set is the parameter s of viaInterface, which an interface method call may reach`
}

type viaChecker interface {
	viaInterface(clinic.Set, clinic.Permission) bool
}

func useChecker(v viaChecker) bool {
	return grants{}.viaInterface(clinic.Set{}, clinic.PatientView) || v.viaInterface(clinic.Set{}, clinic.PatientView)
}
