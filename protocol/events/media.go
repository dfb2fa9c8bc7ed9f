package events

import (
	"strconv"

	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// mediaRetryStatus is Baileys' getStatusCodeForMediaRetry.
var mediaRetryStatus = map[int]int{
	int(waMmsRetry.MediaRetryNotification_SUCCESS):          200,
	int(waMmsRetry.MediaRetryNotification_DECRYPTION_ERROR): 412,
	int(waMmsRetry.MediaRetryNotification_NOT_FOUND):        404,
	int(waMmsRetry.MediaRetryNotification_GENERAL_ERROR):    418,
}

// MediaRetryStatus is the status Baileys gives a media retry result or error code (its
// getStatusCodeForMediaRetry); ok is false for codes Baileys does not know.
func MediaRetryStatus(code int) (status int, ok bool) {
	status, ok = mediaRetryStatus[code]
	return status, ok
}

// MediaRetryFailure is Baileys' error for a phone that answered a media retry with an error code
// instead of the media (code 2: not on the phone, 404).
func MediaRetryFailure(errorCode int) *errs.Error {
	status, ok := MediaRetryStatus(errorCode)
	if !ok {
		status = 500
	}
	code := strconv.Itoa(errorCode)
	return errs.New(status, "Failed to re-upload media ("+code+")").WithData(jsval.NewObject().Set("code", code))
}

// mediaRetry is messages.media-update, the phone's answer to a media
// re-upload request (updateMediaMessage): the encrypted result as {media:
// {ciphertext, iv}}, or a Boom error.
func mediaRetry(e *wmevents.MediaRetry) Event {
	key := wamsg.Key{RemoteJID: e.ChatID.String(), FromMe: e.FromMe, ID: e.MessageID, Participant: jidString(e.SenderID)}
	item := jsval.NewObject().Set("key", key.Object())
	switch {
	case e.Error != nil:
		item.Set("error", MediaRetryFailure(e.Error.Code))
	case len(e.Ciphertext) > 0 && len(e.IV) > 0:
		item.Set("media", jsval.NewObject().Set("ciphertext", append([]byte{}, e.Ciphertext...)).Set("iv", append([]byte{}, e.IV...)))
	default:
		item.Set("error", errs.New(404, "Failed to re-upload media (missing ciphertext)"))
	}
	return Event{"messages.media-update", jsval.Array{item}}
}
