// Package examples holds no code: it is the home of examples/downstream, an
// application module that uses permcat the way a downstream repository does,
// and of the test that proves that path works.
//
// examples/downstream has its own go.mod, so go test ./... at the root of
// this module skips it. TestDownstream copies it to a temporary directory,
// points its replace directive at this checkout, and runs go generate ./...
// and go test ./... there, failing if either fails or if go generate changes
// a committed file.
package examples
