package runtime

import (
	_ "embed"
	"fmt"

	"github.com/dop251/goja"
)

// Guards against the one-call allocations that no watchdog can interrupt
// ('x'.repeat(2**32), new Array(1e9).fill(0), new Uint8Array(2**33)): each is
// a single native call that asks Go for gigabytes and can kill the whole
// process (research goja.md §5). guards.js checks the requested size first
// and throws a RangeError instead: String repeat/padStart/padEnd, the Array
// constructor and fill, ArrayBuffer and Uint8Array (not the other typed
// arrays, see guards.js). Growth in a loop is the heap watchdog's job; these
// limits only bound one request.
const (
	maxStringChars  = 1 << 28 // 256 Mi characters (Node allows about 512 Mi)
	maxArrayLength  = 1 << 24 // 16 Mi elements, 256 MiB of goja values
	maxBufferLength = 1 << 28 // 256 MiB in one ArrayBuffer or typed array
)

//go:embed guards.js
var guardsSource string

var guardsProgram = func() *goja.Program {
	prg, err := goja.Compile("botrt:guards.js", guardsSource, true)
	if err != nil {
		panic(fmt.Sprintf("runtime: guards.js does not compile: %v", err))
	}
	return prg
}()

// installGuards wraps the unbounded allocators of a fresh runtime.
func installGuards(vm *goja.Runtime) error {
	fn, err := vm.RunProgram(guardsProgram)
	if err != nil {
		return err
	}
	install, ok := goja.AssertFunction(fn)
	if !ok {
		return fmt.Errorf("guards.js does not evaluate to a function")
	}
	_, err = install(goja.Undefined(), vm.ToValue(maxStringChars), vm.ToValue(maxArrayLength), vm.ToValue(maxBufferLength))
	return err
}
