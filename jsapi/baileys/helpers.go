package baileys

import (
	"context"
	"time"

	"github.com/dop251/goja"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/protocol/content"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jid"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// helperNatives back the module's standalone helpers (jid utilities,
// message-content helpers, proto, ids, polls, media download).
func (st *botState) helperNatives() map[string]jsx.Fn {
	vm := st.bot.Runtime()
	// in converts argument i, throwing a 400 Boom naming it on bad input.
	in := func(call goja.FunctionCall, i int, name string) jsval.Value {
		v, err := jsconv.FromJS(vm, call.Argument(i), name)
		if err != nil {
			throw(vm, err)
		}
		return v
	}
	out := func(v jsval.Value, err error) goja.Value {
		if err != nil {
			throw(vm, err)
		}
		jv, err := jsconv.ToJS(vm, v)
		if err != nil {
			throw(vm, err)
		}
		return jv
	}
	object := func(v jsval.Value) *jsval.Object {
		o, _ := v.(*jsval.Object)
		return o
	}
	optional := func(o *jsval.Object) jsval.Value {
		if o == nil {
			return jsval.Undefined
		}
		return o
	}
	text := func(call goja.FunctionCall, i int) string { return call.Argument(i).String() }
	return map[string]jsx.Fn{
		"jidDecode": func(call goja.FunctionCall) goja.Value {
			f, ok := jid.Decode(text(call, 0))
			if !ok {
				return goja.Undefined()
			}
			o := jsval.NewObject().Set("server", f.Server).Set("user", f.User).Set("domainType", int64(f.DomainType))
			if f.HasDevice {
				o.Set("device", int64(f.Device))
			}
			return out(o, nil)
		},
		"jidEncode": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(jid.Encode(text(call, 0), text(call, 1), int(call.Argument(2).ToInteger()), int(call.Argument(3).ToInteger())))
		},
		"jidTest": func(call goja.FunctionCall) goja.Value {
			s := text(call, 1)
			tests := map[string]func(string) bool{
				"isJidGroup": jid.IsGroup, "isJidBroadcast": jid.IsBroadcast, "isJidStatusBroadcast": jid.IsStatusBroadcast,
				"isJidNewsletter": jid.IsNewsletter, "isPnUser": jid.IsPnUser, "isLidUser": jid.IsLidUser,
				"isJidBot": jid.IsBot, "isJidMetaAI": jid.IsMetaAI, "isHostedPnUser": jid.IsHostedPnUser, "isHostedLidUser": jid.IsHostedLidUser,
			}
			return vm.ToValue(tests[text(call, 0)](s))
		},
		"jidNormalizedUser": func(call goja.FunctionCall) goja.Value { return vm.ToValue(jid.NormalizedUser(text(call, 0))) },
		"areJidsSameUser":   func(call goja.FunctionCall) goja.Value { return vm.ToValue(jid.SameUser(text(call, 0), text(call, 1))) },
		"getContentType": func(call goja.FunctionCall) goja.Value {
			if t := wamsg.ContentType(object(in(call, 0, "content"))); t != "" {
				return vm.ToValue(t)
			}
			return goja.Undefined()
		},
		"normalizeMessageContent": func(call goja.FunctionCall) goja.Value {
			return out(optional(wamsg.Normalize(object(in(call, 0, "content")))), nil)
		},
		"extractMessageContent": func(call goja.FunctionCall) goja.Value {
			return out(optional(wamsg.Extract(object(in(call, 0, "content")))), nil)
		},
		"generateMessageID": func(goja.FunctionCall) goja.Value { return vm.ToValue(wamsg.GenerateMessageID()) },
		"generateMessageIDV2": func(call goja.FunctionCall) goja.Value {
			user := ""
			if a := call.Argument(0); !goja.IsUndefined(a) && !goja.IsNull(a) {
				user = a.String()
			}
			return vm.ToValue(wamsg.GenerateMessageIDV2(user, time.Now()))
		},
		"getAggregateVotesInPollMessage": func(call goja.FunctionCall) goja.Value {
			arg := object(in(call, 0, "message"))
			if arg == nil {
				throw(vm, errs.BadField("message", "object {message, pollUpdates} expected"))
			}
			msg, _ := arg.Get("message")
			updates, _ := arg.Get("pollUpdates")
			list, _ := updates.(jsval.Array)
			me := ""
			if a := call.Argument(1); !goja.IsUndefined(a) && !goja.IsNull(a) {
				me = a.String()
			}
			return out(wamsg.AggregatePollVotes(object(msg), list, me), nil)
		},
		"generateWAMessageFromContent": func(call goja.FunctionCall) goja.Value {
			to, err := jidArg(in(call, 0, "jid"), "jid")
			if err != nil {
				throw(vm, err)
			}
			opts := in(call, 2, "options")
			var me types.JID
			if o := object(opts); o != nil {
				if u, ok := o.Get("userJid"); ok {
					if me, err = jidArg(u, "options.userJid"); err != nil {
						throw(vm, err)
					}
				}
			}
			b := content.Builder{}
			built, err := b.FromContent(content.Target{Chat: to, Me: me}, in(call, 1, "message"), opts)
			if err != nil {
				throw(vm, err)
			}
			id, ts := built.ID, built.Timestamp
			if id == "" {
				id = wamsg.GenerateMessageIDV2(me.User, time.Now())
			}
			if ts.IsZero() {
				ts = time.Now()
			}
			return out(wamsg.Sent(to, id, built.Message, ts, me), nil)
		},
		"generateForwardMessageContent": func(call goja.FunctionCall) goja.Value {
			m, err := content.Forward(in(call, 0, "message"), call.Argument(1).ToBoolean(), "message")
			if err != nil {
				throw(vm, err)
			}
			return out(wamsg.ToObject(m), nil)
		},
		"getDevice": func(call goja.FunctionCall) goja.Value { return vm.ToValue(wamsg.Device(text(call, 0))) },
		"extensionForMediaMessage": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(wamsg.Extension(object(in(call, 0, "message"))))
		},
		// loadMessage(session, jid, id) → Promise<WAMessage | undefined> from the session's message store.
		"loadMessage": func(call goja.FunctionCall) goja.Value {
			name, chat, id := text(call, 0), text(call, 1), text(call, 2)
			return st.async(func(ctx context.Context) (jsval.Value, error) {
				s, err := st.session(ctx, name)
				if err != nil {
					return nil, err
				}
				m, err := s.GetMessage(ctx, chat, id)
				if errs.StatusOf(err) == 404 {
					return jsval.Undefined, nil
				}
				if err != nil {
					return nil, err
				}
				key := jsval.NewObject().Set("remoteJid", chat).Set("id", id)
				return jsval.NewObject().Set("key", key).Set("message", wamsg.ToObject(m)), nil
			})
		},
		"protoHas": func(call goja.FunctionCall) goja.Value {
			_, ok := wamsg.MessageType(text(call, 0))
			return vm.ToValue(ok)
		},
		"protoEnum": func(call goja.FunctionCall) goja.Value {
			vals, ok := wamsg.Enum(text(call, 0))
			if !ok {
				return goja.Undefined()
			}
			e := vm.NewObject()
			for _, v := range vals {
				_ = e.Set(v.Name, v.Number)
				_ = e.Set(itoa(int(v.Number)), v.Name)
			}
			return e
		},
		"protoFromObject": func(call goja.FunctionCall) goja.Value {
			m, err := wamsg.FromObjectNamed(text(call, 0), in(call, 1, "object"))
			if err != nil {
				throw(vm, err)
			}
			return out(wamsg.ToObject(m), nil)
		},
		"protoEncode": func(call goja.FunctionCall) goja.Value {
			b, err := wamsg.Encode(text(call, 0), in(call, 1, "message"))
			return out(b, err)
		},
		"protoDecode": func(call goja.FunctionCall) goja.Value {
			data, ok := in(call, 1, "data").([]byte)
			if !ok {
				throw(vm, errs.BadField("data", "Buffer or Uint8Array expected"))
			}
			o, err := wamsg.Decode(text(call, 0), data)
			return out(o, err)
		},
		// Link previews (linkpreview.go).
		"getUrlInfo":         st.getURLInfoNative,
		"extractUrlFromText": st.extractURLNative,
		// download(messageContent) → Promise<Buffer>, over the bot's most recently attached session.
		"download": func(call goja.FunctionCall) goja.Value {
			media, err := wamsg.MediaOf(in(call, 0, "message"))
			if err != nil {
				throw(vm, err)
			}
			l := st.last
			if l == nil {
				throw(vm, errs.New(errs.ConnectionClosed, "downloading media needs a socket: call makeWASocket first"))
			}
			return st.async(func(ctx context.Context) (jsval.Value, error) {
				if media.Message != nil {
					return l.s.Download(ctx, media.Message)
				}
				var data []byte
				err := l.s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) (err error) {
					data, err = cli.DownloadMediaWithPath(ctx, media.DirectPath, media.FileEncSHA256, media.FileSHA256, media.MediaKey, media.FileLength, media.MediaType, "")
					return err
				})
				return data, err
			})
		},
	}
}
