package authz

import (
	"encoding/json"
	"errors"
	"net/http"

	"example.com/clinicapp/perms"
)

// ActorHeader names the signed-in user making a request. A real app takes it
// from its session; the example keeps authentication out of the way.
const ActorHeader = "X-User"

// Screen is the admin screen for one user: every permission of the catalog
// with a checkbox and what blocks it.
type Screen struct {
	User      string    `json:"user"`
	Granted   perms.Set `json:"granted"`
	Effective perms.Set `json:"effective"`
	Rows      []Row     `json:"permissions"`
}

// Row is one checkbox of the admin screen.
type Row struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	Group   string `json:"group"`
	Granted bool   `json:"granted"`
	// Effective is false for a granted permission whose prerequisites are
	// missing or whose feature is off.
	Effective bool `json:"effective"`
	// Missing lists what the permission requires that the user lacks:
	// ticking the box grants these too.
	Missing perms.Set `json:"missing"`
	// Feature names the switches that are off and gate this permission or
	// one of its prerequisites.
	Feature string `json:"feature,omitempty"`
}

// Change is the answer to ticking or unticking a box.
type Change struct {
	User    string    `json:"user"`
	Added   perms.Set `json:"added"`
	Removed perms.Set `json:"removed"`
	Granted perms.Set `json:"granted"`
}

// AdminHandler serves the admin screen to users who may manage users:
//
//	GET    /users/{id}/permissions        the Screen of user id
//	POST   /users/{id}/permissions/{key}  tick: grant key with what it requires
//	DELETE /users/{id}/permissions/{key}  untick: revoke key and what requires it
//
// {key} is a permission key, a display name, or a retired key (which stands
// for its replacements).
func (a *App) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}/permissions", a.screen)
	mux.HandleFunc("POST /users/{id}/permissions/{key}", a.change(func(s perms.Set, p perms.Permission) perms.Set {
		return perms.Grant(s, p)
	}))
	mux.HandleFunc("DELETE /users/{id}/permissions/{key}", a.change(func(s perms.Set, p perms.Permission) perms.Set {
		return perms.Revoke(s, p)
	}))
	return a.Require(perms.UserAdmin, mux)
}

// Require serves next only to a signed-in user who may use p.
func (a *App) Require(p perms.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := r.Header.Get(ActorHeader)
		if actor == "" {
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		if !a.Can(actor, p) {
			http.Error(w, "you need the permission "+p.Name(), http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *App) screen(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	granted, ok := a.grants(w, id)
	if !ok {
		return
	}
	effective := perms.Effective(granted, a.Features)
	sc := Screen{User: id, Granted: granted, Effective: effective}
	for p := range perms.All() {
		row := Row{
			Key:       p.Key(),
			Name:      p.Name(),
			Group:     p.Group().Title(),
			Granted:   granted.Has(p), //permcat:ticked the checkbox shows what is stored; Effective below says what takes effect
			Effective: effective.Has(p),
			Missing:   perms.Missing(granted, p),
		}
		if _, off := perms.Blockers(granted, p, a.Features); off != 0 {
			row.Feature = off.String()
		}
		sc.Rows = append(sc.Rows, row)
	}
	writeJSON(w, http.StatusOK, sc)
}

// change applies op to user id's grants for every permission {key} names.
func (a *App) change(op func(perms.Set, perms.Permission) perms.Set) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		targets, err := Resolve(r.PathValue("key"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		before, ok := a.grants(w, id)
		if !ok {
			return
		}
		after := before
		for p := range targets.All() {
			after = op(after, p)
		}
		if err := a.Users.SetGrants(id, after); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, Change{User: id, Added: after.Minus(before), Removed: before.Minus(after), Granted: after})
	}
}

// grants loads id's grants, answering the request itself on failure.
func (a *App) grants(w http.ResponseWriter, id string) (perms.Set, bool) {
	s, err := a.Users.Grants(id)
	switch {
	case errors.Is(err, ErrNoUser):
		http.Error(w, err.Error(), http.StatusNotFound)
		return s, false
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return s, false
	}
	return s, true
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
