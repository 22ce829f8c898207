// Package small is a one-word catalog for the storage tests of
// internal/storetest.
package small

//go:generate go run github.com/permcat/permcat/cmd/permcat generate small.yaml
