package perms

// perms_gen.go is compiled from perms.yaml; after editing the spec, run
// go generate ./... and commit both. The tool directive in go.mod pins the
// permcat version this runs, the same one perms_test.go checks against.

//go:generate go run github.com/permcat/permcat/cmd/permcat generate perms.yaml
