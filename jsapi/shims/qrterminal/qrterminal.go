// Package qrterminal provides 'qrcode-terminal': generate(text, { small },
// cb) renders a real QR code (github.com/skip2/go-qrcode) and hands it to cb,
// or without cb prints it to the host's terminal (when configured) and the
// bot's log. setErrorLevel picks the recovery level (L, M, Q, H).
package qrterminal

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/dop251/goja"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

// Config says where printed codes go.
type Config struct {
	// Out is the host's terminal; nil prints to the bot's log only.
	Out io.Writer
}

var recovery = map[string]qrcode.RecoveryLevel{"L": qrcode.Low, "M": qrcode.Medium, "Q": qrcode.High, "H": qrcode.Highest}

// outMu keeps codes printed by different bots from interleaving.
var outMu sync.Mutex

// Module is require('qrcode-terminal').
func Module(cfg Config) runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		level := qrcode.Low
		m := vm.NewObject()
		jsx.Set(vm, m, "qrcode-terminal", map[string]jsx.Fn{
			"generate": func(call goja.FunctionCall) goja.Value {
				text := call.Argument(0)
				if goja.IsUndefined(text) || goja.IsNull(text) {
					jsx.TypeError(vm, "qrcode-terminal.generate: the text to encode is missing")
				}
				small := false
				cbArg := call.Argument(1)
				if o, ok := cbArg.(*goja.Object); ok {
					if _, isFn := goja.AssertFunction(o); !isFn {
						small = o.Get("small") != nil && o.Get("small").ToBoolean()
						cbArg = call.Argument(2)
					}
				}
				out, err := render(text.String(), level, small)
				if err != nil {
					panic(vm.NewGoError(err))
				}
				if cb, ok := goja.AssertFunction(cbArg); ok {
					if _, err := cb(goja.Undefined(), vm.ToValue(out)); err != nil {
						panic(err)
					}
					return goja.Undefined()
				}
				if cfg.Out != nil {
					outMu.Lock()
					fmt.Fprintf(cfg.Out, "[%s] scan this QR code:\n%s", bot.Name(), out)
					outMu.Unlock()
				}
				bot.Logger().Info("QR code\n" + strings.TrimRight(out, "\n"))
				return goja.Undefined()
			},
			"setErrorLevel": func(call goja.FunctionCall) goja.Value {
				l, ok := recovery[strings.ToUpper(call.Argument(0).String())]
				if !ok {
					jsx.TypeError(vm, "qrcode-terminal.setErrorLevel: level must be L, M, Q or H, got %s", jsx.Describe(call.Argument(0)))
				}
				level = l
				return goja.Undefined()
			},
		})
		_ = m.Set("default", m)
		return m, nil
	})
}
