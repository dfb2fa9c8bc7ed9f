package baileys

import (
	"context"
	"maps"
	"time"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

func init() {
	maps.Copy(methods, map[string]method{
		// baileys.js wraps it: sock.updateMediaMessage(msg) puts the result into msg.message.
		"updateMediaMessage": {[]string{"message", "timeoutMs"}, updateMediaMessage},
	})
}

// updateMediaMessage asks the sender's phone to upload the media of a
// WAMessage again and returns the message content with the new directPath and
// url; timeoutMs (the socket's defaultQueryTimeoutMs) bounds the wait.
func updateMediaMessage(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	obj, ok := a[0].(*jsval.Object)
	if !ok {
		return nil, errs.BadField("message", "a WAMessage expected, got %s", jsval.KindOf(a[0]))
	}
	keyV, _ := obj.Get("key")
	key, err := wamsg.KeyFromObject(keyV, "message.key")
	if err != nil {
		return nil, err
	}
	content, _ := obj.Get("message")
	msg, err := wamsg.MessageFromObject(content, "message.message")
	if err != nil {
		return nil, err
	}
	if !absent(a[1]) {
		var ms float64
		switch v := a[1].(type) {
		case int64:
			ms = float64(v)
		case float64:
			ms = v
		}
		if ms <= 0 {
			return nil, errs.BadField("config.defaultQueryTimeoutMs", "a positive number of milliseconds expected")
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(ms*float64(time.Millisecond)))
		defer cancel()
	}
	updated, err := s.UpdateMediaMessage(ctx, key, msg)
	if err != nil {
		return nil, err
	}
	return wamsg.ToObject(updated), nil
}
