module example.com/clinicapp

go 1.26.0

require github.com/permcat/permcat v0.0.0

require (
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/mtibben/confusables v0.0.0-20210201002637-9d1b0723b659 // indirect
	golang.org/x/text v0.14.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/permcat/permcat => ../..

tool github.com/permcat/permcat/cmd/permcat
