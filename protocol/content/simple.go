package content

import (
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

func fieldData(path string) *jsval.Object { return jsval.NewObject().Set("field", path) }

// text is always an extendedTextMessage, as in Baileys, with a link preview
// only when the script supplies one (Baileys needs link-preview-js for more).
func (b *Builder) text(c fields, opts fields) (*waE2E.Message, error) {
	v := c.get("text")
	text, ok := v.(string)
	if !ok {
		return nil, errs.BadField(c.at("text"), "string expected, got %s", jsval.KindOf(v))
	}
	et := &waE2E.ExtendedTextMessage{Text: proto.String(text)}
	if c.has("linkPreview") {
		lp, err := c.object("linkPreview")
		if err != nil {
			return nil, err
		}
		if et.MatchedText, err = optString(lp, "matched-text"); err != nil {
			return nil, err
		}
		if et.Description, err = optString(lp, "description"); err != nil {
			return nil, err
		}
		if et.Title, err = optString(lp, "title"); err != nil {
			return nil, err
		}
		if thumb := lp.get("jpegThumbnail"); thumb != nil {
			buf, ok := thumb.([]byte)
			if !ok {
				return nil, errs.BadField(lp.at("jpegThumbnail"), "Buffer expected, got %s", jsval.KindOf(thumb))
			}
			et.JPEGThumbnail = append([]byte{}, buf...)
		}
		et.PreviewType = waE2E.ExtendedTextMessage_NONE.Enum()
	}
	if opts.has("backgroundColor") {
		argb, err := argbColor(opts.get("backgroundColor"), opts.at("backgroundColor"))
		if err != nil {
			return nil, err
		}
		et.BackgroundArgb = proto.Uint32(argb)
	}
	if font, ok, err := opts.integer("font"); err != nil {
		return nil, err
	} else if ok {
		et.Font = waE2E.ExtendedTextMessage_FontType(font).Enum()
	}
	return &waE2E.Message{ExtendedTextMessage: et}, nil
}

func optString(f fields, key string) (*string, error) {
	s, err := f.str(key, false)
	if err != nil || !f.has(key) {
		return nil, err
	}
	return proto.String(s), nil
}

// argbColor is Baileys' assertColor: a number, or a hex string whose missing
// alpha is opaque.
func argbColor(v jsval.Value, path string) (uint32, error) {
	switch t := v.(type) {
	case int64:
		if t < 0 {
			return uint32(0xffffffff + t + 1), nil
		}
		return uint32(t), nil
	case float64:
		return argbColor(int64(t), path)
	case string:
		hex := strings.TrimPrefix(strings.TrimSpace(t), "#")
		if len(hex) <= 6 {
			hex = "FF" + strings.Repeat("0", 6-len(hex)) + hex
		}
		n, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return 0, errs.BadField(path, "hex color expected, got %q", t)
		}
		return uint32(n), nil
	}
	return 0, errs.BadField(path, "color string or number expected, got %s", jsval.KindOf(v))
}

// contacts: one contact is a contactMessage, several a contactsArrayMessage.
func contacts(c fields) (*waE2E.Message, error) {
	cs, err := c.object("contacts")
	if err != nil {
		return nil, err
	}
	list, ok := cs.get("contacts").(jsval.Array)
	if !ok {
		return nil, errs.BadField(cs.at("contacts"), "array expected, got %s", jsval.KindOf(cs.get("contacts")))
	}
	switch len(list) {
	case 0:
		return nil, errs.BadField(cs.at("contacts"), "require atleast 1 contact")
	case 1:
		one := &waE2E.ContactMessage{}
		if err := wamsg.FromObject(list[0], one, cs.at("contacts")+"[0]"); err != nil {
			return nil, err
		}
		return &waE2E.Message{ContactMessage: one}, nil
	}
	arr := &waE2E.ContactsArrayMessage{}
	if err := wamsg.FromObject(cs.obj, arr, cs.path); err != nil {
		return nil, err
	}
	return &waE2E.Message{ContactsArrayMessage: arr}, nil
}

// react: an empty text removes the reaction; the key is required.
func (b *Builder) react(c fields) (*waE2E.Message, error) {
	r, err := c.object("react")
	if err != nil {
		return nil, err
	}
	if _, err := wamsg.KeyFromObject(r.get("key"), r.at("key")); err != nil {
		return nil, err
	}
	rm := &waE2E.ReactionMessage{}
	if err := wamsg.FromObject(r.obj, rm, r.path); err != nil {
		return nil, err
	}
	if rm.Text == nil {
		rm.Text = proto.String("")
	}
	if rm.GetSenderTimestampMS() == 0 {
		rm.SenderTimestampMS = proto.Int64(b.now().UnixMilli())
	}
	return &waE2E.Message{ReactionMessage: rm}, nil
}

func forward(c fields) (*waE2E.Message, error) {
	return Forward(c.get("forward"), c.truthy("force"), c.at("forward"))
}

// Forward is Baileys' generateForwardMessageContent(message, force): a copy
// of the WAMessage's content whose contextInfo only says how often it was
// forwarded (an own message is not marked forwarded unless force is set).
// path names the argument in errors.
func Forward(message jsval.Value, force bool, path string) (*waE2E.Message, error) {
	orig, err := wamsg.ParseWAMessage(message, path)
	if err != nil {
		return nil, err
	}
	inner := wamsg.NormalizeMessage(orig.Message)
	if inner == nil {
		return nil, errs.BadField(path+".message", "no content in message")
	}
	m := proto.Clone(inner).(*waE2E.Message)
	score := uint32(0)
	if ci := wamsg.ContextInfo(m, false); ci != nil {
		score = ci.GetForwardingScore()
	}
	if !orig.Key.FromMe || force {
		score++
	}
	if m.Conversation != nil {
		m.ExtendedTextMessage = &waE2E.ExtendedTextMessage{Text: m.Conversation}
		m.Conversation = nil
	}
	if ci := wamsg.ContextInfo(m, true); ci != nil {
		proto.Reset(ci)
		if score > 0 {
			ci.ForwardingScore = proto.Uint32(score)
			ci.IsForwarded = proto.Bool(true)
		}
	}
	return m, nil
}

// disappearingSeconds reads disappearingMessagesInChat: true is 7 days,
// false 0, a number is the timer in seconds.
func disappearingSeconds(c fields) (uint32, error) {
	switch v := c.get("disappearingMessagesInChat").(type) {
	case bool:
		if v {
			return defaultEphemeral, nil
		}
		return 0, nil
	default:
		n, _, err := c.integer("disappearingMessagesInChat")
		if err != nil {
			return 0, err
		}
		if n < 0 || n > 1<<32-1 {
			return 0, errs.BadField(c.at("disappearingMessagesInChat"), "%d out of range", n)
		}
		return uint32(n), nil
	}
}

func groupInvite(c fields) (*waE2E.Message, error) {
	gi, err := c.object("groupInvite")
	if err != nil {
		return nil, err
	}
	m := &waE2E.GroupInviteMessage{}
	for _, f := range []struct {
		key string
		dst **string
	}{{"inviteCode", &m.InviteCode}, {"text", &m.Caption}, {"jid", &m.GroupJID}, {"subject", &m.GroupName}} {
		if *f.dst, err = optString(gi, f.key); err != nil {
			return nil, err
		}
	}
	if exp, ok, err := gi.integer("inviteExpiration"); err != nil {
		return nil, err
	} else if ok {
		m.InviteExpiration = proto.Int64(exp)
	}
	return &waE2E.Message{GroupInviteMessage: m}, nil
}

// pin: type 1 pins (for time seconds, default a day), 2 unpins.
func (b *Builder) pin(c fields) (*waE2E.Message, error) {
	key, err := wamsg.KeyFromObject(c.get("pin"), c.at("pin"))
	if err != nil {
		return nil, err
	}
	typ, ok, err := c.integer("type")
	if err != nil {
		return nil, err
	}
	if !ok || (typ != 1 && typ != 2) {
		return nil, errs.BadField(c.at("type"), "1 (pin) or 2 (unpin) expected")
	}
	duration := int64(0)
	if typ == 1 {
		duration = 86400
		if t, ok, err := c.integer("time"); err != nil {
			return nil, err
		} else if ok && t != 0 {
			duration = t
		}
	}
	return &waE2E.Message{
		PinInChatMessage: &waE2E.PinInChatMessage{
			Key: key.Proto(), Type: waE2E.PinInChatMessage_Type(typ).Enum(), SenderTimestampMS: proto.Int64(b.now().UnixMilli()),
		},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageAddOnDurationInSecs: proto.Uint32(uint32(duration))},
	}, nil
}

// buttonReply answers a legacy buttons or template message.
func buttonReply(c fields) (*waE2E.Message, error) {
	br, err := c.object("buttonReply")
	if err != nil {
		return nil, err
	}
	display, err := br.str("displayText", false)
	if err != nil {
		return nil, err
	}
	id, err := br.str("id", false)
	if err != nil {
		return nil, err
	}
	switch c.get("type") {
	case "template":
		index, _, err := br.integer("index")
		if err != nil {
			return nil, err
		}
		return &waE2E.Message{TemplateButtonReplyMessage: &waE2E.TemplateButtonReplyMessage{
			SelectedDisplayText: proto.String(display), SelectedID: proto.String(id), SelectedIndex: proto.Uint32(uint32(index)),
		}}, nil
	case "plain":
		return &waE2E.Message{ButtonsResponseMessage: &waE2E.ButtonsResponseMessage{
			Response:         &waE2E.ButtonsResponseMessage_SelectedDisplayText{SelectedDisplayText: display},
			SelectedButtonID: proto.String(id), Type: waE2E.ButtonsResponseMessage_DISPLAY_TEXT.Enum(),
		}}, nil
	}
	return nil, errs.BadField(c.at("type"), "'template' or 'plain' expected")
}

// poll: multiple choice polls are pollCreationMessage, single choice V3,
// announcement-group polls V2, each with a fresh 32-byte message secret
// (the key voters encrypt their votes with).
func (b *Builder) poll(c fields) (*waE2E.Message, error) {
	p, err := c.object("poll")
	if err != nil {
		return nil, err
	}
	name, err := p.str("name", true)
	if err != nil {
		return nil, err
	}
	if _, ok := p.get("values").(jsval.Array); !ok {
		return nil, errs.BadField(p.at("values"), "Invalid poll values (array of strings expected)")
	}
	values, err := p.strings("values")
	if err != nil {
		return nil, err
	}
	selectable, _, err := p.integer("selectableCount")
	if err != nil {
		return nil, err
	}
	if selectable < 0 || selectable > int64(len(values)) {
		return nil, errs.BadField(p.at("selectableCount"), "poll.selectableCount in poll should be >= 0 and <= %d", len(values))
	}
	secret, err := b.secretFrom(p, "messageSecret")
	if err != nil {
		return nil, err
	}
	pc := &waE2E.PollCreationMessage{Name: proto.String(name), SelectableOptionsCount: proto.Uint32(uint32(selectable))}
	for _, v := range values {
		pc.Options = append(pc.Options, &waE2E.PollCreationMessage_Option{OptionName: proto.String(v)})
	}
	m := &waE2E.Message{MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: secret}}
	switch {
	case p.truthy("toAnnouncementGroup"):
		m.PollCreationMessageV2 = pc
	case selectable == 1:
		m.PollCreationMessageV3 = pc
	default:
		m.PollCreationMessage = pc
	}
	return m, nil
}

// secretFrom returns a script-given 32-byte secret or a fresh one.
func (b *Builder) secretFrom(f fields, key string) ([]byte, error) {
	v := f.get(key)
	if v == nil {
		return b.secret()
	}
	s, ok := v.([]byte)
	if !ok || len(s) != 32 {
		return nil, errs.BadField(f.at(key), "32-byte Buffer expected")
	}
	return append([]byte{}, s...), nil
}

// event is Baileys 7's event message; call links would need a server call
// botrt does not make, so event.call is refused by name.
func (b *Builder) event(c fields) (*waE2E.Message, error) {
	e, err := c.object("event")
	if err != nil {
		return nil, err
	}
	if e.has("call") {
		return nil, errs.New(501, "content.event.call: call links are not supported by botrt").WithData(fieldData(e.at("call")))
	}
	name, err := e.str("name", true)
	if err != nil {
		return nil, err
	}
	start, ok := e.get("startDate").(time.Time)
	if !ok {
		return nil, errs.BadField(e.at("startDate"), "Date expected, got %s", jsval.KindOf(e.get("startDate")))
	}
	em := &waE2E.EventMessage{
		Name: proto.String(name), StartTime: proto.Int64(start.Unix()),
		IsCanceled: proto.Bool(e.truthy("isCancelled")), IsScheduleCall: proto.Bool(e.truthy("isScheduleCall")),
	}
	if em.Description, err = optString(e, "description"); err != nil {
		return nil, err
	}
	if v := e.get("endDate"); v != nil {
		end, ok := v.(time.Time)
		if !ok {
			return nil, errs.BadField(e.at("endDate"), "Date expected, got %s", jsval.KindOf(v))
		}
		em.EndTime = proto.Int64(end.Unix())
	}
	if e.has("extraGuestsAllowed") {
		em.ExtraGuestsAllowed = proto.Bool(e.truthy("extraGuestsAllowed"))
	}
	if e.has("location") {
		em.Location = &waE2E.LocationMessage{}
		if err := wamsg.FromObject(e.get("location"), em.Location, e.at("location")); err != nil {
			return nil, err
		}
	}
	secret, err := b.secretFrom(e, "messageSecret")
	if err != nil {
		return nil, err
	}
	return &waE2E.Message{EventMessage: em, MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: secret}}, nil
}
