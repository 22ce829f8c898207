module example.com/clinicapp

go 1.26.0

require github.com/permcat/permcat v0.0.0

require (
	github.com/dave/jennifer v1.7.1 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/permcat/permcat => ../..

tool github.com/permcat/permcat/cmd/permcat
