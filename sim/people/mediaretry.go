package people

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	"go.mau.fi/whatsmeow/util/cbcutil"
	"go.mau.fi/whatsmeow/util/gcmutil"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/media"
)

// A person's phone keeps the files the person sent, so that it can upload one again when a receiver
// finds it expired on the media server (a media retry; the protocol is described in sim/media).
// Key layout: sim/people/s/<phone>/<id> holds the plaintext of the attachment of sent message id.
const prefixSent = "sim/people/s/"

// errorNotOnPhone is the retry error code for "the phone does not have this media" (whatsmeow's
// ErrMediaNotAvailableOnPhone, Baileys' 404).
const errorNotOnPhone = 2

func sentKey(phone, id string) []byte { return []byte(prefixSent + phone + "/" + id) }

func putSentMedia(db *badger.DB, phone, id string, data []byte) error {
	return db.Update(func(txn *badger.Txn) error { return txn.Set(sentKey(phone, id), data) })
}

func getSentMedia(db *badger.DB, phone, id string) ([]byte, error) {
	var data []byte
	err := db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(sentKey(phone, id))
		if err != nil {
			return err
		}
		data, err = item.ValueCopy(nil)
		return err
	})
	return data, err
}

// AnswerMediaRetries makes the people's phones answer the media retry requests m routes to them:
// each decrypts the request, uploads the file it sent again through the person's client, and answers
// with the new direct path. Requests for accounts that are not people stay unanswered.
func (s *Service) AnswerMediaRetries(m *media.Service) {
	m.OnRetryRequest(func(req media.RetryRequest) bool {
		p, err := s.person(req.Sender)
		if err != nil || !s.enter() {
			return false
		}
		// The answer needs an upload over HTTP: not on the requester's connection goroutine.
		go func() {
			defer s.handlers.Done()
			ctx, cancel := context.WithTimeout(s.ctx, downloadTimeout)
			defer cancel()
			ans := p.answerRetry(ctx, req)
			if err := m.AnswerRetry(ctx, req, ans); err != nil && s.ctx.Err() == nil {
				s.log.Error("sim people: media retry answer", "phone", p.rec.Phone, "id", req.ID, "err", err)
			}
		}()
		return true
	})
}

// answerRetry is what the person's phone answers to req.
func (p *person) answerRetry(ctx context.Context, req media.RetryRequest) media.RetryAnswer {
	notOnPhone := media.RetryAnswer{ErrorCode: errorNotOnPhone}
	raw, err := getRaw(p.svc.db, p.rec.Phone, req.ID)
	if err != nil || !raw.FromMe {
		return notOnPhone
	}
	var msg waE2E.Message
	if err := proto.Unmarshal(raw.Proto, &msg); err != nil {
		return notOnPhone
	}
	c, ok := contentOf(&msg)
	if !ok || c.media == nil || len(c.media.GetMediaKey()) == 0 {
		return notOnPhone
	}
	mediaKey := c.media.GetMediaKey()
	// Without the media key the phone could not even say why it failed: the answer is encrypted too.
	answer := func(result waMmsRetry.MediaRetryNotification_ResultType, directPath string) media.RetryAnswer {
		ans, err := sealRetryNotification(mediaKey, req.ID, result, directPath)
		if err != nil {
			p.svc.log.Error("sim people: seal media retry answer", "phone", p.rec.Phone, "id", req.ID, "err", err)
			return notOnPhone
		}
		return ans
	}
	if err := openRetryRequest(mediaKey, req); err != nil {
		return answer(waMmsRetry.MediaRetryNotification_DECRYPTION_ERROR, "")
	}
	data, err := getSentMedia(p.svc.db, p.rec.Phone, req.ID)
	if err != nil {
		return answer(waMmsRetry.MediaRetryNotification_NOT_FOUND, "")
	}
	path, err := p.reupload(ctx, c.media, data)
	if err != nil {
		p.svc.log.Error("sim people: media re-upload", "phone", p.rec.Phone, "id", req.ID, "err", err)
		return answer(waMmsRetry.MediaRetryNotification_GENERAL_ERROR, "")
	}
	return answer(waMmsRetry.MediaRetryNotification_SUCCESS, path)
}

// reupload encrypts data again with the message's own media key (the receiver still holds that key
// and the file hashes) and uploads it, returning the new direct path.
func (p *person) reupload(ctx context.Context, dl whatsmeow.DownloadableMessage, data []byte) (string, error) {
	kind := whatsmeow.GetMediaType(dl)
	blob, err := encryptMedia(data, dl.GetMediaKey(), kind)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(blob)
	if !bytes.Equal(sum[:], dl.GetFileEncSHA256()) {
		return "", errors.New("the kept file does not encrypt to the message's hash")
	}
	if err := p.waitLoggedIn(ctx); err != nil {
		return "", err
	}
	var up whatsmeow.UploadResponse
	// RawUpload is whatsmeow's upload of an already encrypted file: Upload would pick a new media key.
	//nolint:staticcheck // DangerousInternals is the only way to it.
	err = p.cli.DangerousInternals().RawUpload(ctx, bytes.NewReader(blob), uint64(len(blob)), sum[:], kind, false, &up)
	if err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	return up.DirectPath, nil
}

// encryptMedia is WhatsApp's attachment encryption: AES-256-CBC with keys expanded from the media
// key for the media type, followed by the first 10 bytes of an HMAC-SHA256 over iv and ciphertext.
func encryptMedia(plaintext, mediaKey []byte, kind whatsmeow.MediaType) ([]byte, error) {
	keys := hkdfutil.SHA256(mediaKey, nil, []byte(kind), 112)
	iv, cipherKey, macKey := keys[:16], keys[16:48], keys[48:80]
	ct, err := cbcutil.Encrypt(cipherKey, iv, plaintext)
	if err != nil {
		return nil, fmt.Errorf("encrypt media: %w", err)
	}
	mac := hmac.New(sha256.New, macKey)
	mac.Write(iv)
	mac.Write(ct)
	return append(ct, mac.Sum(nil)[:10]...), nil
}

// retryKey is the AES-GCM key of media retry requests and answers, derived from the media key.
func retryKey(mediaKey []byte) []byte {
	return hkdfutil.SHA256(mediaKey, nil, []byte("WhatsApp Media Retry Notification"), 32)
}

// openRetryRequest checks that the request decrypts with the media key and names the message.
func openRetryRequest(mediaKey []byte, req media.RetryRequest) error {
	plain, err := gcmutil.Decrypt(retryKey(mediaKey), req.IV, req.Ciphertext, []byte(req.ID))
	if err != nil {
		return err
	}
	var rec waMmsRetry.ServerErrorReceipt
	if err := proto.Unmarshal(plain, &rec); err != nil {
		return err
	}
	if rec.GetStanzaID() != req.ID {
		return fmt.Errorf("request names message %q, not %q", rec.GetStanzaID(), req.ID)
	}
	return nil
}

// sealRetryNotification encrypts the phone's answer for the requester, who holds the same media key.
func sealRetryNotification(mediaKey []byte, id string, result waMmsRetry.MediaRetryNotification_ResultType, directPath string) (media.RetryAnswer, error) {
	notif := &waMmsRetry.MediaRetryNotification{StanzaID: proto.String(id), Result: result.Enum()}
	if directPath != "" {
		notif.DirectPath = proto.String(directPath)
	}
	plain, err := proto.Marshal(notif)
	if err != nil {
		return media.RetryAnswer{}, err
	}
	iv := make([]byte, 12)
	if _, err := rand.Read(iv); err != nil {
		return media.RetryAnswer{}, err
	}
	ct, err := gcmutil.Encrypt(retryKey(mediaKey), iv, plain, []byte(id))
	if err != nil {
		return media.RetryAnswer{}, err
	}
	return media.RetryAnswer{Ciphertext: ct, IV: iv}, nil
}
