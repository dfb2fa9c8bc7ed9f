package baileys

import (
	"context"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// pending are reference methods botrt does not implement yet. They exist on
// the socket so a script calling one gets a 501 Boom naming it, rather than
// "sock.x is not a function".
var pending = []string{
	"productCreate", "productUpdate", "productDelete",
}

func init() {
	for _, name := range pending {
		methods[name] = method{[]string{"...args"}, notImplemented(name)}
	}
}

func notImplemented(name string) func(context.Context, *botState, *protocol.Session, []jsval.Value) (jsval.Value, error) {
	return func(context.Context, *botState, *protocol.Session, []jsval.Value) (jsval.Value, error) {
		return nil, errs.New(501, "sock."+name+" is not implemented by botrt yet")
	}
}
