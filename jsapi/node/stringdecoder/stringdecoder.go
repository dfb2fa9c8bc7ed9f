// Package stringdecoder provides Node's 'string_decoder' (StringDecoder
// write/end for utf8, utf16le, base64/base64url, hex, latin1, ascii), over
// the streaming TextDecoder and Buffer.
package stringdecoder

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/runtime"
)

//go:embed stringdecoder.js
var source string

var prog = &jsx.Source{Name: "botrt:string_decoder.js", Code: source}

// Module is require('string_decoder').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		text, err := encoding.Classes(bot.Runtime())
		if err != nil {
			return nil, err
		}
		return prog.Run(bot.Runtime(), text)
	})
}
