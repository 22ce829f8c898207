package small_test

import (
	"testing"

	"github.com/permcat/permcat/permcattest"
)

func TestUpToDate(t *testing.T) {
	permcattest.UpToDate(t, "small.yaml", "small_gen.go")
}
