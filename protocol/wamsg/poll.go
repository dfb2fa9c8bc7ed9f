package wamsg

import (
	"crypto/sha256"

	"github.com/botrt/botrt/protocol/jsval"
)

// Author is Baileys' getKeyAuthor: meID for own messages, else the sender's
// alternate (phone-number) address when known, else participant or chat.
func (k Key) Author(meID string) string {
	switch {
	case k.FromMe:
		return meID
	case k.ParticipantAlt != "":
		return k.ParticipantAlt
	case k.RemoteJIDAlt != "":
		return k.RemoteJIDAlt
	case k.Participant != "":
		return k.Participant
	}
	return k.RemoteJID
}

// AggregatePollVotes is Baileys' getAggregateVotesInPollMessage: message is
// the poll's content (with pollCreationMessage, V2 or V3), pollUpdates the
// WAMessage's pollUpdates as messages.update delivers them. It returns
// [{name, voters}] in option order, then an 'Unknown' entry per selected
// hash no option has. meID names own votes ("me" when empty, as Baileys).
func AggregatePollVotes(message *jsval.Object, pollUpdates jsval.Array, meID string) jsval.Array {
	if meID == "" {
		meID = "me"
	}
	var order []string
	byHash := map[string]*jsval.Object{}
	entry := func(hash, name string) *jsval.Object {
		if e, ok := byHash[hash]; ok {
			return e
		}
		e := jsval.NewObject().Set("name", name).Set("voters", jsval.Array{})
		byHash[hash] = e
		order = append(order, hash)
		return e
	}
	if poll := firstObject(message, "pollCreationMessage", "pollCreationMessageV2", "pollCreationMessageV3"); poll != nil {
		opts, _ := poll.Get("options")
		list, _ := opts.(jsval.Array)
		for _, o := range list {
			obj, _ := o.(*jsval.Object)
			name := ""
			if v, ok := obj.Get("optionName"); ok {
				name, _ = v.(string)
			}
			sum := sha256.Sum256([]byte(name))
			entry(string(sum[:]), name)
		}
	}
	for _, u := range pollUpdates {
		update, _ := u.(*jsval.Object)
		vote := firstObject(update, "vote")
		if vote == nil {
			continue
		}
		author := ""
		if rawKey, ok := update.Get("pollUpdateMessageKey"); ok {
			if key, err := KeyFromObject(rawKey, ""); err == nil {
				author = key.Author(meID)
			}
		}
		selected, _ := vote.Get("selectedOptions")
		hashes, _ := selected.(jsval.Array)
		for _, h := range hashes {
			b, ok := h.([]byte)
			if !ok {
				continue
			}
			e := entry(string(b), "Unknown")
			voters, _ := e.Get("voters")
			e.Set("voters", append(voters.(jsval.Array), author))
		}
	}
	out := make(jsval.Array, len(order))
	for i, h := range order {
		out[i] = byHash[h]
	}
	return out
}
