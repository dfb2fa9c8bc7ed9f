// Package content builds the waE2E.Message Baileys' sendMessage would build
// from a script's AnyMessageContent and MiscMessageGenerationOptions (plain
// jsval values): text, media (uploaded through an Uploader), quoted replies,
// mentions, reactions, deletes, edits, polls, locations, contacts,
// forwards, view-once, pins, disappearing-message settings and the rest of
// Baileys' content variants. Bad content is a 400 *errs.Error naming the
// field; variants botrt cannot send are errors naming them.
package content

import (
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// Uploader stores encrypted media on WhatsApp's media servers.
// *whatsmeow.Client implements it with Upload.
type Uploader interface {
	Upload(ctx context.Context, plaintext []byte, mediaType whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
}

// DefaultMaxMediaBytes caps media read from a URL, file or stream (WhatsApp
// itself refuses larger media for everything but documents).
const DefaultMaxMediaBytes = 100 << 20

// Builder builds messages. The zero value is not usable: Upload is
// required for media; the other fields have defaults.
type Builder struct {
	Upload        Uploader
	HTTP          *http.Client     // fetches {url: 'http(s)://…'} media; nil: a client with a 60 s timeout
	MaxMediaBytes int64            // 0: DefaultMaxMediaBytes
	Now           func() time.Time // nil: time.Now
	Rand          io.Reader        // message secrets; nil: crypto/rand
}

// Target is who the message goes to and who sends it.
type Target struct {
	Chat types.JID // the jid passed to sendMessage
	Me   types.JID // the sending account (quoting own messages names it)
}

// Built is the outcome of Build: either a message to send or, for
// disappearingMessagesInChat in a group, a timer to set instead (Baileys calls
// groupToggleEphemeral there and sends nothing).
type Built struct {
	Message        *waE2E.Message
	ID             string    // options.messageId; "" lets the sender generate one
	Timestamp      time.Time // options.timestamp; zero means now
	StatusJIDList  []string  // options.statusJidList, for status@broadcast
	GroupEphemeral *uint32   // set instead of Message for a group's disappearing timer
}

// Build turns content and options (nil or undefined for none) into a message.
func (b *Builder) Build(ctx context.Context, to Target, content, options jsval.Value) (*Built, error) {
	c, err := objectAt(content, "content")
	if err != nil {
		return nil, err
	}
	out, opts, err := readOptions(options)
	if err != nil {
		return nil, err
	}
	if c.has("disappearingMessagesInChat") && to.Chat.Server == types.GroupServer {
		exp, err := disappearingSeconds(c)
		if err != nil {
			return nil, err
		}
		out.GroupEphemeral = &exp
		return out, nil
	}
	msg, err := b.content(ctx, c, opts)
	if err != nil {
		return nil, err
	}
	if err := b.applyOptions(to, msg, opts); err != nil {
		return nil, err
	}
	out.Message = msg
	return out, nil
}

// FromContent is generateWAMessageFromContent: message is ready content (a
// proto.IMessage object, e.g. built by a script for relayMessage) to which
// options' quoted, ephemeralExpiration, messageId and timestamp apply.
func (b *Builder) FromContent(to Target, message, options jsval.Value) (*Built, error) {
	msg, err := wamsg.MessageFromObject(message, "message")
	if err != nil {
		return nil, err
	}
	out, opts, err := readOptions(options)
	if err != nil {
		return nil, err
	}
	if err := b.applyOptions(to, msg, opts); err != nil {
		return nil, err
	}
	out.Message = msg
	return out, nil
}

// PrepareMedia is prepareWAMessageMedia: content must be a media variant
// ({image|video|audio|document|sticker: …, caption, …}); the media is
// uploaded and the message holding it returned.
func (b *Builder) PrepareMedia(ctx context.Context, content, options jsval.Value) (*waE2E.Message, error) {
	c, err := objectAt(content, "content")
	if err != nil {
		return nil, err
	}
	_, opts, err := readOptions(options)
	if err != nil {
		return nil, err
	}
	for _, kind := range mediaKinds {
		if c.has(kind) {
			return b.media(ctx, c, opts, kind, kind == "video" && c.truthy("ptv"))
		}
	}
	return nil, errs.BadField("content", "Invalid media type (expected one of %s)", strings.Join(mediaKinds, ", "))
}

// readOptions reads MiscMessageGenerationOptions (nil/undefined for none)
// into the parts of Built they determine.
func readOptions(options jsval.Value) (*Built, fields, error) {
	opts := fields{obj: jsval.NewObject(), path: "options"}
	if options != nil && !jsval.IsUndefined(options) {
		var err error
		if opts, err = objectAt(options, "options"); err != nil {
			return nil, opts, err
		}
	}
	out := &Built{}
	var err error
	if out.ID, err = opts.str("messageId", false); err != nil {
		return nil, opts, err
	}
	if ts := opts.get("timestamp"); ts != nil {
		t, ok := ts.(time.Time)
		if !ok {
			return nil, opts, errs.BadField("options.timestamp", "Date expected, got %s", jsval.KindOf(ts))
		}
		out.Timestamp = t
	}
	if out.StatusJIDList, err = opts.strings("statusJidList"); err != nil {
		return nil, opts, err
	}
	return out, opts, nil
}

func (b *Builder) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// secret is a fresh 32-byte message secret (poll and event encryption key).
func (b *Builder) secret() ([]byte, error) {
	r := b.Rand
	if r == nil {
		r = rand.Reader
	}
	s := make([]byte, 32)
	if _, err := io.ReadFull(r, s); err != nil {
		return nil, errs.Wrap(500, "generate message secret", err)
	}
	return s, nil
}
