package baileys

import (
	"context"
	"time"

	"github.com/dop251/goja"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// The socket config options that act inside the session's message path (getMessage,
// patchMessageBeforeSending, maxMsgRetryCount with msgRetryCounterCache, retryRequestDelayMs,
// mediaCache) become the session's protocol.Hooks: baileys.js's messagePathHooks hands this file
// the script's functions, already checked, and the resolved numbers.

func (st *botState) optsNatives() map[string]jsx.Fn {
	vm := st.bot.Runtime()
	// The pending release of each session's hooks when the bot stops; a later socket's set
	// replaces the earlier one, whose release is then dropped so that a script reconnecting
	// with makeWASocket again and again does not pile them up. Loop goroutine only.
	stops := map[string]func() bool{}
	return map[string]jsx.Fn{
		// hooks(name, {getMessage?, patchMessageBeforeSending?, allowResend, retryRequestDelayMs, mediaCache?}):
		// the session's message path calls these until another socket replaces them or the bot
		// stops.
		"hooks": func(call goja.FunctionCall) goja.Value {
			s, err := st.session(st.bot.Context(), jsx.String(vm, call, 0, "name"))
			if err != nil {
				throw(vm, err)
			}
			opts := call.Argument(1).ToObject(vm)
			h := &protocol.Hooks{}
			if fn, ok := goja.AssertFunction(opts.Get("getMessage")); ok {
				h.GetMessage = st.getMessageHook(fn)
			}
			if fn, ok := goja.AssertFunction(opts.Get("patchMessageBeforeSending")); ok {
				h.Patch = st.patchHook(fn)
			}
			if fn, ok := goja.AssertFunction(opts.Get("allowResend")); ok {
				h.AllowResend = st.allowResendHook(fn)
			}
			if ms := opts.Get("retryRequestDelayMs"); ms != nil && !goja.IsUndefined(ms) {
				h.RetryRequestDelay = time.Duration(ms.ToFloat() * float64(time.Millisecond))
			}
			if cache, ok := opts.Get("mediaCache").(*goja.Object); ok {
				get, okGet := goja.AssertFunction(cache.Get("get"))
				set, okSet := goja.AssertFunction(cache.Get("set"))
				if okGet && okSet {
					h.MediaCache = &scriptMediaCache{st: st, get: get, set: set, cache: cache}
				}
			}
			if stop := stops[s.Name()]; stop != nil {
				stop()
			}
			stops[s.Name()] = context.AfterFunc(st.bot.Context(), s.SetHooks(h))
			return goja.Undefined()
		},
	}
}

// getMessageHook asks the script's getMessage(key) for a message a peer wants sent again; nil
// (botrt's message store answers) when it has none (or an empty one), fails or does not answer in
// time.
func (st *botState) getMessageHook(fn goja.Callable) func(context.Context, types.JID, types.MessageID) *waE2E.Message {
	return func(ctx context.Context, chat types.JID, id types.MessageID) *waE2E.Message {
		key := wamsg.Key{RemoteJID: chat.String(), FromMe: true, ID: id}
		msg, err := askLoop(ctx, st, "getMessage", func(vm *goja.Runtime) (goja.Value, error) {
			k, err := jsconv.ToJS(vm, key.Object())
			if err != nil {
				return nil, err
			}
			return fn(goja.Undefined(), k)
		}, messageResult("getMessage()"))
		if err != nil {
			st.bot.Logger().Warn("baileys: getMessage failed; answering the retry from botrt's message store", "chat", chat, "id", id, "err", err)
			return nil
		}
		// Baileys' own example answers proto.Message.fromObject({}) when it has nothing: an empty
		// message is never content worth resending, so the store answers.
		if msg == nil || proto.Size(msg) == 0 {
			return nil
		}
		return msg
	}
}

// messageResult converts a proto.IMessage a script returned; undefined and null are nil.
func messageResult(path string) func(vm *goja.Runtime, v goja.Value) (*waE2E.Message, error) {
	return func(vm *goja.Runtime, v goja.Value) (*waE2E.Message, error) {
		if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
			return nil, nil
		}
		jv, err := jsconv.FromJS(vm, v, path)
		if err != nil {
			return nil, err
		}
		var msg waE2E.Message
		if err := wamsg.FromObject(jv, &msg, path); err != nil {
			return nil, err
		}
		return &msg, nil
	}
}

// allowResendHook asks the script side's resend counter (maxMsgRetryCount over
// msgRetryCounterCache); a counter that fails or does not answer allows the resend, as a retry
// the peer needs matters more than the bound.
func (st *botState) allowResendHook(fn goja.Callable) func(context.Context, types.MessageID, types.JID) bool {
	return func(ctx context.Context, id types.MessageID, requester types.JID) bool {
		ok, err := askLoop(ctx, st, "msgRetryCounterCache", func(vm *goja.Runtime) (goja.Value, error) {
			return fn(goja.Undefined(), vm.ToValue(id), vm.ToValue(requester.String()))
		}, func(_ *goja.Runtime, v goja.Value) (bool, error) { return v.ToBoolean(), nil })
		if err != nil {
			st.bot.Logger().Warn("baileys: counting a resend failed; sending the message again", "id", id, "err", err)
			return true
		}
		return ok
	}
}

// patchHook runs the script's patchMessageBeforeSending(message, recipientJids) on the loop.
func (st *botState) patchHook(fn goja.Callable) func(context.Context, types.JID, []types.JID, *waE2E.Message) (*waE2E.Message, error) {
	return func(ctx context.Context, to types.JID, recipients []types.JID, msg *waE2E.Message) (*waE2E.Message, error) {
		arg := wamsg.ToObject(msg)
		var jids jsval.Value = jsval.Undefined
		if recipients != nil {
			list := make(jsval.Array, len(recipients))
			for i, r := range recipients {
				list[i] = r.String()
			}
			jids = list
		}
		return askLoop(ctx, st, "patchMessageBeforeSending", func(vm *goja.Runtime) (goja.Value, error) {
			m, err := jsconv.ToJS(vm, arg)
			if err != nil {
				return nil, err
			}
			j, err := jsconv.ToJS(vm, jids)
			if err != nil {
				return nil, err
			}
			return fn(goja.Undefined(), m, j)
		}, func(vm *goja.Runtime, v goja.Value) (*waE2E.Message, error) {
			return patchResult(vm, v, to)
		})
	}
}

// patchResult reads what patchMessageBeforeSending returned: a message (undefined keeps the
// original), or Baileys 7's array of per-recipient messages, each {recipientJid, message} or
// {recipientJid, ...message}. whatsmeow encrypts one content for every device, so the array's
// messages must all be the same; Baileys refuses arrays in groups.
func patchResult(vm *goja.Runtime, v goja.Value, to types.JID) (*waE2E.Message, error) {
	const path = "patchMessageBeforeSending()"
	obj, ok := v.(*goja.Object)
	if !ok || obj.ClassName() != "Array" {
		return messageResult(path)(vm, v)
	}
	if to.Server == types.GroupServer {
		return nil, errs.New(400, "patchMessageBeforeSending: per-jid patching is not supported in groups")
	}
	jv, err := jsconv.FromJS(vm, v, path)
	if err != nil {
		return nil, err
	}
	var out *waE2E.Message
	for i, item := range jv.(jsval.Array) {
		at := path + "[" + itoa(i) + "]"
		o, ok := item.(*jsval.Object)
		if !ok {
			return nil, errs.BadField(at, "object expected, got %s", jsval.KindOf(item))
		}
		content := jsval.Value(o)
		if inner, ok := o.Get("message"); ok {
			content = inner
		}
		var msg waE2E.Message
		if err := wamsg.FromObject(content, &msg, at); err != nil {
			return nil, err
		}
		if out == nil {
			out = &msg
		} else if !proto.Equal(out, &msg) {
			return nil, errs.New(501, "patchMessageBeforeSending: different messages per recipient are not supported by botrt (whatsmeow encrypts one content for every device)")
		}
	}
	return out, nil
}
