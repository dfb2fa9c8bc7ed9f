package baileys_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// TestContactsUpsertFromOtherDevice: a contact saved on another device of the bot's account (an
// app-state contact action, as the phone syncs its address book) reaches the script as
// contacts.upsert with the contact's name.
func TestContactsUpsertFromOtherDevice(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `if (cmd === '!run') return`, nil, `
  sock.ev.on('contacts.upsert', (cs) => { for (const c of cs) console.log('CONTACT ' + JSON.stringify(c)) })`)
	second := w.secondDevice(t, me)

	contact := types.NewJID("15550006666", types.DefaultUserServer)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	patch := appstate.PatchInfo{Type: appstate.WAPatchCriticalUnblockLow, Mutations: []appstate.MutationInfo{{
		Index: []string{appstate.IndexContact, contact.String()}, Version: 2,
		Value: &waSyncAction.SyncActionValue{ContactAction: &waSyncAction.ContactAction{
			FullName: proto.String("Carol Jones"), FirstName: proto.String("Carol")}},
	}}}
	if err := second.WA.SendAppState(ctx, patch); err != nil {
		t.Fatalf("second device: %v", err)
	}
	w.waitLog(t, `CONTACT {"id":"`+contact.String()+`","name":"Carol Jones"`)
	w.settle(t, alice, second)
}

// TestMediaUpdateEvent: updateMediaMessage asks the sender's phone to upload the media again; its
// answer also reaches the script as messages.media-update ({ key, media: { ciphertext, iv } }), and
// a phone that does not know the message answers with an error the event carries (404).
func TestMediaUpdateEvent(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const image = globalThis.lastImage
  const msg = cmd === '!update' ? image : { key: Object.assign({}, image.key, { id: '3EB0NOSUCHMEDIA' }), message: image.message }
  await step(cmd, () => sock.updateMediaMessage(msg).then(() => true))
`, nil, `
  sock.ev.on('messages.upsert', ({ messages }) => { for (const m of messages) if (m.message?.imageMessage) { globalThis.lastImage = m; console.log('IMAGE ' + m.key.id) } })
  sock.ev.on('messages.media-update', (us) => {
    for (const u of us) console.log('MEDIAUPDATE ' + u.key.id + ' ' + u.key.remoteJid + ' ' +
      (u.error ? 'error ' + u.error.output.statusCode : 'media ' + (u.media.ciphertext instanceof Uint8Array && u.media.ciphertext.length > 0) + ' ' + (u.media.iv instanceof Uint8Array && u.media.iv.length > 0)))
  })`)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const phone = "15550707070"
	person, err := w.srv.People.Create(ctx, phone, "Pia")
	if err != nil {
		t.Fatal(err)
	}
	id, err := w.srv.People.Send(ctx, phone, people.Outgoing{To: me, Image: mediaPayload("image"), Mimetype: "image/jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, "IMAGE "+id)
	send := func(text string) {
		t.Helper()
		if _, err := w.srv.People.Send(ctx, phone, people.Outgoing{To: me, Text: text}); err != nil {
			t.Fatal(err)
		}
		w.waitLog(t, "DONE "+text)
	}
	send("!update")
	w.waitLog(t, "R !update true")
	w.waitLog(t, "MEDIAUPDATE "+id+" "+person.String()+" media true true")
	send("!gone")
	w.waitLog(t, "E !gone 404")
	w.waitLog(t, "MEDIAUPDATE 3EB0NOSUCHMEDIA "+person.String()+" error 404")
	w.settle(t, alice)
}
