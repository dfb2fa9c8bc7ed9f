// Package events translates whatsmeow events into the Baileys events scripts
// listen to (sock.ev.on(name, handler)), as (name, payload) pairs of plain
// jsval values in Baileys' exact shapes. It is pure: what it needs to know
// beyond the event (own identity, LID ⇄ phone-number mappings, poll secrets)
// comes through the Lookups interface.
package events

import (
	"context"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
)

// Event is one Baileys event: Name is the sock.ev event name
// ("messages.upsert", "connection.update", ...), Payload its argument.
type Event struct {
	Name    string
	Payload jsval.Value
}

// Me is the logged-in account as Baileys' creds.me describes it.
type Me struct {
	ID   types.JID // device JID in phone-number form (1555…:3@s.whatsapp.net)
	LID  types.JID // device JID in LID form, empty if unknown
	Name string    // push name, "" if unknown
}

// Lookups is what translation needs from the session. Implementations must be
// safe for concurrent use.
type Lookups interface {
	// Me is the current account; empty JIDs before pairing.
	Me() Me
	// PNForLID returns the phone-number JID of a LID user, or the empty JID.
	PNForLID(ctx context.Context, lid types.JID) types.JID
	// LIDForPN returns the LID of a phone-number user, or the empty JID.
	LIDForPN(ctx context.Context, pn types.JID) types.JID
	// DecryptPollVote decrypts a pollUpdateMessage with the stored poll's
	// secret (whatsmeow's Client.DecryptPollVote).
	DecryptPollVote(ctx context.Context, evt *wmevents.Message) (*waE2E.PollVoteMessage, error)
}

// Options select between Baileys 6 and 7 behaviour where they differ in ways
// scripts notice.
type Options struct {
	// ParticipantObjects makes group-participants.update list participants as
	// Baileys 7 objects {id, phoneNumber, lid, admin}; by default they are
	// Baileys 6 JID strings (phone-number form when known), which is what
	// most welcome bots split('@').
	ParticipantObjects bool
}

// Translator turns whatsmeow events into Baileys events.
type Translator struct {
	look Lookups
	opts Options
}

// New returns a Translator using look for lookups.
func New(look Lookups, opts Options) *Translator {
	return &Translator{look: look, opts: opts}
}

// Translate returns the Baileys events for one whatsmeow event, in the order
// Baileys emits them. Events Baileys has no counterpart for (and SKDM-only
// messages, which whatsmeow dispatches separately and Baileys never shows)
// give none.
func (t *Translator) Translate(ctx context.Context, evt any) []Event {
	switch e := evt.(type) {
	case *wmevents.Message:
		return t.message(ctx, e)
	case *wmevents.UndecryptableMessage:
		return []Event{upsert("notify", undecryptable(e))}
	case *wmevents.Receipt:
		return receipt(e)
	case *wmevents.ChatPresence:
		return []Event{chatPresence(e)}
	case *wmevents.Presence:
		return []Event{presence(e)}
	case *wmevents.JoinedGroup:
		return joinedGroup(e)
	case *wmevents.GroupInfo:
		return t.groupInfo(ctx, e)
	case *wmevents.Picture:
		return []Event{picture(e)}
	case *wmevents.UserAbout:
		return []Event{{"contacts.update", jsval.Array{jsval.NewObject().Set("id", e.JID.ToNonAD().String()).Set("status", e.Status)}}}
	case *wmevents.BusinessName:
		return []Event{{"contacts.update", jsval.Array{jsval.NewObject().Set("id", e.JID.ToNonAD().String()).Set("verifiedName", e.NewBusinessName)}}}
	case *wmevents.Contact:
		return []Event{contact(e)}
	case *wmevents.Blocklist:
		return blocklist(e)
	case *wmevents.Archive, *wmevents.Pin, *wmevents.Mute, *wmevents.MarkChatAsRead:
		return []Event{chatUpdate(e)}
	case *wmevents.DeleteChat:
		return []Event{{"chats.delete", jsval.Array{e.JID.String()}}}
	case *wmevents.ClearChat:
		return []Event{{"messages.delete", jsval.NewObject().Set("jid", e.JID.String()).Set("all", true)}}
	case *wmevents.DeleteForMe:
		return []Event{deleteForMe(e)}
	case *wmevents.Star:
		return []Event{star(e)}
	case *wmevents.CallOffer, *wmevents.CallOfferNotice, *wmevents.CallAccept, *wmevents.CallTerminate, *wmevents.CallReject:
		return []Event{call(e)}
	case *wmevents.HistorySync:
		return []Event{t.historySync(e)}
	case *wmevents.MediaRetry:
		return []Event{mediaRetry(e)}
	case *wmevents.PushNameSetting:
		me := t.look.Me()
		me.Name = e.Action.GetName()
		return []Event{CredsUpdate(me)}
	default:
		return t.connection(evt)
	}
}
