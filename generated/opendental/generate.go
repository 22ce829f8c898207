package opendental

//go:generate go run ../../cmd/permcat generate -o opendental.go ../../spec/opendental.yaml
