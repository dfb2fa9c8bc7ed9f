package content

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// fuzzKeys are names scripts and Baileys use, so random trees hit real
// branches of content building and protobuf conversion.
var fuzzKeys = []string{
	"text", "image", "video", "audio", "document", "sticker", "caption", "mimetype", "mentions", "edit", "viewOnce",
	"contextInfo", "react", "key", "remoteJid", "id", "fromMe", "participant", "delete", "forward", "force", "message",
	"conversation", "extendedTextMessage", "imageMessage", "poll", "name", "values", "selectableCount", "location",
	"degreesLatitude", "contacts", "vcard", "pin", "type", "time", "disappearingMessagesInChat", "url", "stream",
	"quoted", "messageId", "ephemeralExpiration", "linkPreview", "jpegThumbnail", "mentionedJid", "stanzaId",
	"quotedMessage", "protocolMessage", "ephemeralMessage", "buttonReply", "listReply", "event", "startDate",
	"groupInvite", "album", "messageTimestamp", "width", "seconds", "ptt", "fileLength", "messageContextInfo",
}

// fuzzValue decodes a jsval tree from data; it never fails, every byte
// string is some tree.
func fuzzValue(data []byte, depth int) (jsval.Value, []byte) {
	if len(data) == 0 {
		return nil, nil
	}
	tag, data := data[0], data[1:]
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	switch tag % 12 {
	case 0:
		return nil, data
	case 1:
		return jsval.Undefined, data
	case 2:
		return next()%2 == 0, data
	case 3:
		return int64(int8(next())), data
	case 4:
		return float64(int8(next())) / 3, data
	case 5:
		n := int(next() % 8)
		if n > len(data) {
			n = len(data)
		}
		return string(data[:n]), data[n:]
	case 6:
		n := int(next() % 8)
		if n > len(data) {
			n = len(data)
		}
		return append([]byte{}, data[:n]...), data[n:]
	case 7:
		return time.Unix(int64(next()), 0), data
	case 8, 9, 10:
		if depth > 5 {
			return "deep", data
		}
		o := jsval.NewObject()
		for n := next() % 5; n > 0; n-- {
			k := fuzzKeys[int(next())%len(fuzzKeys)]
			var v jsval.Value
			v, data = fuzzValue(data, depth+1)
			o.Set(k, v)
		}
		return o, data
	default:
		if depth > 5 {
			return jsval.Array{}, data
		}
		var a jsval.Array
		for n := next() % 4; n > 0; n-- {
			var v jsval.Value
			v, data = fuzzValue(data, depth+1)
			a = append(a, v)
		}
		return a, data
	}
}

// FuzzBuild feeds arbitrary script values to everything that reads them:
// none may panic, and every failure must be a typed error.
func FuzzBuild(f *testing.F) {
	for _, seed := range [][]byte{
		{8, 2, 0, 5, 3, 'h', 'i', '!'},
		{8, 3, 1, 6, 4, 1, 2, 3, 4, 2, 2, 1},
		{9, 4, 24, 8, 2, 1, 5, 2, 'a', 'b', 2, 5, 1, 'x', 26, 5, 0},
		{10, 2, 12, 8, 3, 13, 5, 1, 'g', 14, 5, 1, 'i', 15, 2, 1, 20, 8, 1, 21, 5, 2, 'o', 'k'},
	} {
		f.Add(seed)
	}
	b, _ := newBuilder()
	f.Fuzz(func(t *testing.T, data []byte) {
		content, rest := fuzzValue(data, 0)
		options, _ := fuzzValue(rest, 0)
		check := func(what string, err error) {
			if err == nil {
				return
			}
			var e *errs.Error
			if !errors.As(err, &e) || (e.Status != 400 && e.Status != 501 && e.Status != 500) {
				t.Fatalf("%s: untyped error %T %v", what, err, err)
			}
		}
		_, err := b.Build(context.Background(), Target{Chat: group, Me: me}, content, options)
		check("Build", err)
		_, err = wamsg.MessageFromObject(content, "message")
		check("MessageFromObject", err)
		_, err = wamsg.ParseWAMessage(content, "quoted")
		check("ParseWAMessage", err)
		_, err = wamsg.MediaOf(content)
		check("MediaOf", err)
		if o, ok := content.(*jsval.Object); ok {
			wamsg.Extract(o)
			wamsg.ContentType(o)
			wamsg.Extension(o)
			arr, _ := options.(jsval.Array)
			wamsg.AggregatePollVotes(o, arr, "")
		}
	})
}
