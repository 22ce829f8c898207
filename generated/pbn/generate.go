package pbn

//go:generate go run ../../cmd/permcat generate -o pbn.go ../../spec/pbn.yaml
