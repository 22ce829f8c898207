package gen

// stdlibStubs are the stand-ins typeCheck resolves the output's imports
// with: for each standard library package the output may import, the
// declarations of the names it uses, with the real signatures. Bodies (but
// for generic functions, which need one) and unexported fields are left out; they change nothing the type checker
// decides about the importing package, except comparability, which the
// struct types below keep (none of them is compared). TestStdlibStubsMatch
// checks every declaration here against the real package.
var stdlibStubs = map[string]string{
	"bytes": `package bytes
func ContainsAny(b []byte, chars string) bool
func HasPrefix(s, prefix []byte) bool
func IndexByte(b []byte, c byte) int
func ToUpper(s []byte) []byte
func TrimSpace(s []byte) []byte
`,
	"database/sql/driver": `package driver
type Value any
type Valuer interface {
	Value() (Value, error)
}
`,
	"encoding/binary": `package binary
func AppendUvarint(buf []byte, x uint64) []byte
func Uvarint(buf []byte) (uint64, int)
`,
	"encoding/json": `package json
type Marshaler interface {
	MarshalJSON() ([]byte, error)
}
type Unmarshaler interface {
	UnmarshalJSON([]byte) error
}
func Unmarshal(data []byte, v any) error
`,
	"errors": `package errors
func New(text string) error
`,
	"fmt": `package fmt
func Errorf(format string, a ...any) (err error)
`,
	"iter": `package iter
type Seq[V any] func(yield func(V) bool)
`,
	"math/bits": `package bits
func Len64(x uint64) (n int)
func OnesCount64(x uint64) int
func TrailingZeros64(x uint64) int
func TrailingZeros8(x uint8) int
`,
	"slices": `package slices
func BinarySearchFunc[S ~[]E, E, T any](x S, target T, cmp func(E, T) int) (int, bool) { return 0, false }
func SortFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {}
`,
	"strconv": `package strconv
func AppendInt(dst []byte, i int64, base int) []byte
func FormatUint(i uint64, base int) string
func Itoa(i int) string
func ParseInt(s string, base int, bitSize int) (i int64, err error)
func Quote(s string) string
`,
	"strings": `package strings
type Builder struct {
	addr *Builder
	buf  []byte
}
func (b *Builder) Len() int
func (b *Builder) String() string
func (b *Builder) WriteByte(c byte) error
func (b *Builder) WriteString(s string) (int, error)
func Compare(a, b string) int
func Cut(s, sep string) (before, after string, found bool)
func FieldsFunc(s string, f func(rune) bool) []string
func TrimSpace(s string) string
`,
	"sync": `package sync
type Once struct {
	done uint32
	m    struct{}
}
func (o *Once) Do(f func())
`,
	"sync/atomic": `package atomic
type Pointer[T any] struct {
	_ [0]*T
	v *T
}
func (x *Pointer[T]) Load() *T
func (x *Pointer[T]) Store(val *T)
`,
}
