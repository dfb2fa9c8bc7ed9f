package media

import (
	"context"
	"fmt"
	"sync"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// A media retry, as WhatsApp runs it: a client whose download failed (404/410) sends
//
//	<receipt id=<message id> to=<own JID> type="server-error">
//	  <encrypt><enc_p>…</enc_p><enc_iv>…</enc_iv></encrypt>   (ServerErrorReceipt, AES-GCM, key from the media key)
//	  <rmr jid=<chat> from_me=… participant=<sender in groups>/>
//	</receipt>
//
// The server routes it to the phone of the message's sender, which alone holds the file: it decrypts the
// request, uploads the media again and answers with an encrypted MediaRetryNotification (the new direct
// path), which the server hands to the asking device as
//
//	<notification id=<message id> type="mediaretry"><rmr …/><encrypt><enc_p/><enc_iv/></encrypt></notification>
//
// or with <error code=…/> in place of <encrypt> when the phone cannot help. The server never sees the
// media key. In the simulator, phones are the server's own code: OnRetryRequest lets the package that
// plays a sender's phone (sim/people for simulated people) take the requests meant for it.

// RetryRequest is one client's request that the sender of a message upload its media again.
type RetryRequest struct {
	ID          types.MessageID
	Chat        types.JID // the chat as the requester names it (rmr jid)
	FromMe      bool      // the requester's own account sent the message
	Participant types.JID // the sender in a group chat (empty otherwise)
	Requester   types.JID // the device that asked, and gets the answer
	// Sender is the phone number of the account whose phone must answer.
	Sender string
	// Ciphertext and IV are the encrypted ServerErrorReceipt (enc_p, enc_iv).
	Ciphertext, IV []byte
}

// RetryAnswer is a phone's answer to a RetryRequest: the encrypted MediaRetryNotification, or, when
// ErrorCode is set, an error instead (2: the media is not on the phone).
type RetryAnswer struct {
	Ciphertext, IV []byte
	ErrorCode      int
}

// RetryTaker is given each request meant for a sender's phone; it returns false when it does not play
// that phone (the request then stays unanswered, like one to a phone that is offline). It must not
// block: the phone answers later with Service.AnswerRetry.
type RetryTaker func(RetryRequest) bool

// retryRoute holds the phone player that takes media retry requests.
type retryRoute struct {
	mu   sync.RWMutex
	take RetryTaker
}

// OnRetryRequest sets who plays the senders' phones for media retries (one taker per simulator).
func (s *Service) OnRetryRequest(take RetryTaker) {
	s.retry.mu.Lock()
	defer s.retry.mu.Unlock()
	s.retry.take = take
}

// handleRetryReceipt acks a server-error receipt and routes the request to the sender's phone.
func (s *Service) handleRetryReceipt(_ context.Context, sess *server.Session, rc *waBinary.Node) error {
	requester, _ := sess.Device()
	req, err := s.parseRetryRequest(rc, requester)
	if err != nil {
		return err
	}
	ack := waBinary.Attrs{"class": "receipt", "id": req.ID, "from": rc.Attrs["to"], "type": "server-error"}
	if err := sess.Send(&waBinary.Node{Tag: "ack", Attrs: ack}); err != nil {
		return err
	}
	s.retry.mu.RLock()
	take := s.retry.take
	s.retry.mu.RUnlock()
	if take == nil || !take(req) {
		s.srv.Logger().Debug("sim media: no phone answers the media retry", "id", req.ID, "sender", req.Sender)
	}
	return nil
}

// parseRetryRequest reads a server-error receipt and finds whose phone must answer it.
func (s *Service) parseRetryRequest(rc *waBinary.Node, requester types.JID) (RetryRequest, error) {
	bad := func(format string, args ...any) (RetryRequest, error) {
		return RetryRequest{}, fmt.Errorf("%w: media retry receipt: %s", server.ErrBadRequest, fmt.Sprintf(format, args...))
	}
	id, _ := rc.Attrs["id"].(string)
	if id == "" {
		return bad("no id")
	}
	rmr, ok := rc.GetOptionalChildByTag("rmr")
	if !ok {
		return bad("no <rmr>")
	}
	ag := rmr.AttrGetter()
	req := RetryRequest{ID: id, Requester: requester, Chat: ag.JID("jid"), FromMe: ag.OptionalBool("from_me"),
		Participant: ag.OptionalJIDOrEmpty("participant")}
	if !ag.OK() {
		return bad("<rmr> attributes: %v", ag.Error())
	}
	enc, ok := rc.GetOptionalChildByTag("encrypt")
	if ok {
		req.Ciphertext, _ = enc.GetChildByTag("enc_p").Content.([]byte)
		req.IV, _ = enc.GetChildByTag("enc_iv").Content.([]byte)
	}
	if len(req.Ciphertext) == 0 || len(req.IV) == 0 {
		return bad("no <encrypt> with enc_p and enc_iv")
	}
	sender := req.Chat
	switch {
	case req.FromMe:
		sender = requester
	case !req.Participant.IsEmpty():
		sender = req.Participant
	case req.Chat.Server != types.DefaultUserServer && req.Chat.Server != types.HiddenUserServer:
		return bad("a message in %s needs the participant who sent it", req.Chat)
	}
	acct, err := s.srv.Accounts().Resolve(sender.ToNonAD())
	if err != nil {
		return bad("sender %s: %v", sender, err)
	}
	req.Sender = acct.Phone
	return req, nil
}

// AnswerRetry delivers a phone's answer to the device that asked, as a mediaretry notification; it
// waits in the device's offline queue if the device is not connected.
func (s *Service) AnswerRetry(ctx context.Context, req RetryRequest, ans RetryAnswer) error {
	rmr := waBinary.Attrs{"jid": req.Chat, "from_me": req.FromMe}
	if !req.Participant.IsEmpty() {
		rmr["participant"] = req.Participant
	}
	content := []waBinary.Node{{Tag: "rmr", Attrs: rmr}}
	switch {
	case ans.ErrorCode != 0:
		content = append(content, waBinary.Node{Tag: "error", Attrs: waBinary.Attrs{"code": ans.ErrorCode}})
	case len(ans.Ciphertext) > 0 && len(ans.IV) > 0:
		content = append(content, waBinary.Node{Tag: "encrypt", Content: []waBinary.Node{
			{Tag: "enc_p", Content: ans.Ciphertext}, {Tag: "enc_iv", Content: ans.IV}}})
	default:
		return fmt.Errorf("media: answer to retry %s has neither an error code nor a ciphertext", req.ID)
	}
	node := &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"id": req.ID, "type": "mediaretry",
		"from": types.ServerJID, "t": time.Now().Unix()}, Content: content}
	// A second request for the same message gets an answer with the same ack key as the first.
	if err := s.srv.DeliverSuperseding(ctx, req.Requester, node); err != nil {
		return fmt.Errorf("media: deliver retry answer %s to %s: %w", req.ID, req.Requester, err)
	}
	return nil
}
