package auth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/hkdfutil"
	"go.mau.fi/whatsmeow/util/keys"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/pbkdf2"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// pbkdf2Rounds is what both sides of code pairing use to stretch the 8-character code.
const pbkdf2Rounds = 2 << 16

// codeState is a client's pairing-code request: what it sent in companion_hello, and what the phone
// chose once the code was entered.
type codeState struct {
	phone      string
	ref        string
	wrappedEph []byte // salt32 || iv16 || AES-CTR(code key, companion ephemeral public)

	// Set by EnterCode.
	acct         *accounts.Account
	primaryEph   *keys.KeyPair
	companionEph []byte
	result       chan error
}

// handleUnpairedMD serves link_code_companion_reg on a registration socket.
func (p *Pairer) handleUnpairedMD(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	reg, ok := iq.Node.GetOptionalChildByTag("link_code_companion_reg")
	if !ok {
		return waBinary.Node{}, server.ErrIQNotImplemented
	}
	switch stage, _ := reg.Attrs["stage"].(string); stage {
	case "companion_hello":
		return p.companionHello(iq.Session, &reg)
	case "companion_finish":
		return p.companionFinish(iq.Session, &reg)
	default:
		return waBinary.Node{}, server.BadRequest("unknown link_code_companion_reg stage %q", stage)
	}
}

func (p *Pairer) companionHello(sess *server.Session, reg *waBinary.Node) (waBinary.Node, error) {
	jid, ok := reg.Attrs["jid"].(types.JID)
	if !ok || jid.Server != types.DefaultUserServer {
		return waBinary.Node{}, server.BadRequest("companion_hello needs a phone-number jid")
	}
	wrapped, _ := reg.GetChildByTag("link_code_pairing_wrapped_companion_ephemeral_pub").Content.([]byte)
	authKey, _ := reg.GetChildByTag("companion_server_auth_key_pub").Content.([]byte)
	static := sess.ClientStatic()
	if len(wrapped) != 80 || !bytes.Equal(authKey, static[:]) {
		return waBinary.Node{}, server.BadRequest("companion_hello with malformed keys")
	}
	p.mu.Lock()
	pend := p.pending[sess]
	if pend == nil {
		p.mu.Unlock()
		return waBinary.Node{}, server.ErrIQNotAuthorized
	}
	if pend.code != nil {
		delete(p.byRef, pend.code.ref)
	}
	ref := randomRef()
	pend.code = &codeState{phone: jid.User, ref: ref, wrappedEph: wrapped}
	p.byRef[ref] = pend
	p.mu.Unlock()
	return waBinary.Node{Content: []waBinary.Node{{Tag: "link_code_companion_reg", Content: []waBinary.Node{
		{Tag: "link_code_pairing_ref", Content: []byte(ref)}}}}}, nil
}

// EnterCode is the phone's user typing the code a client displays: the simulator takes the account of
// phone (creating it if needed) and links the client that asked for a code for that number. It returns
// once the pairing completed or failed (a wrong code fails when the client's key bundle cannot be
// decrypted).
func (p *Pairer) EnterCode(ctx context.Context, phone, code string) (*accounts.Device, error) {
	code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
	if len(code) != 8 {
		return nil, fmt.Errorf("%w: it has 8 characters, got %d", ErrBadCode, len(code))
	}
	p.mu.Lock()
	var pend *pending
	for _, candidate := range p.pending {
		if candidate.code != nil && candidate.code.phone == phone && candidate.code.result == nil {
			pend = candidate
		}
	}
	var st *codeState
	if pend != nil {
		st = pend.code
		st.result = make(chan error, 1)
	}
	p.mu.Unlock()
	if pend == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoPendingCode, phone)
	}
	acct, err := p.account(phone, "")
	if err != nil {
		return nil, err
	}
	key := pbkdf2.Key([]byte(code), st.wrappedEph[:32], pbkdf2Rounds, 32, sha256.New)
	st.companionEph = ctrXOR(key, st.wrappedEph[32:48], st.wrappedEph[48:80])
	st.primaryEph = keys.NewKeyPair()
	st.acct = acct

	var salt [32]byte
	var iv [16]byte
	_, _ = rand.Read(salt[:])
	_, _ = rand.Read(iv[:])
	wrapKey := pbkdf2.Key([]byte(code), salt[:], pbkdf2Rounds, 32, sha256.New)
	wrapped := concat(salt[:], iv[:], ctrXOR(wrapKey, iv[:], st.primaryEph.Pub[:]))
	phonePub := keys.NewKeyPairFromPrivateKey([32]byte(acct.PhoneKey)).Pub
	err = pend.sess.Send(&waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": types.ServerJID, "type": "link_code_companion_reg", "id": randomRef(), "t": time.Now().Unix()},
		Content: []waBinary.Node{{Tag: "link_code_companion_reg", Content: []waBinary.Node{
			{Tag: "link_code_pairing_ref", Content: []byte(st.ref)},
			{Tag: "link_code_pairing_wrapped_primary_ephemeral_pub", Content: wrapped},
			{Tag: "primary_identity_pub", Content: phonePub[:]},
		}}}})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pairTimeout)
	defer cancel()
	select {
	case err := <-st.result:
		if err != nil {
			return nil, err
		}
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: waiting for the client to finish code pairing: %w", ctx.Err())
	case <-pend.sess.Finished():
		// A successful pairing ends with the client hanging up to reconnect; the pairing goroutine has
		// returned by now, so its result is there if it got that far.
		select {
		case err := <-st.result:
			if err != nil {
				return nil, err
			}
		default:
			return nil, errors.New("auth: the client disconnected during code pairing")
		}
	}
	return p.srv.Accounts().Device(pend.deviceJID)
}

// companionFinish unwraps the client's key bundle, derives the ADV secret and links the client.
func (p *Pairer) companionFinish(sess *server.Session, reg *waBinary.Node) (waBinary.Node, error) {
	p.mu.Lock()
	pend := p.pending[sess]
	p.mu.Unlock()
	if pend == nil || pend.code == nil || pend.code.result == nil {
		return waBinary.Node{}, server.BadRequest("companion_finish before the code was entered")
	}
	st := pend.code
	bundle, _ := reg.GetChildByTag("link_code_pairing_wrapped_key_bundle").Content.([]byte)
	identity, _ := reg.GetChildByTag("companion_identity_public").Content.([]byte)
	ref, _ := reg.GetChildByTag("link_code_pairing_ref").Content.([]byte)
	adv, err := st.unwrapBundle(bundle, identity)
	if err != nil || string(ref) != st.ref || !bytes.Equal(identity, sess.Payload().GetDevicePairingData().GetEIdent()) {
		if err == nil {
			err = errors.New("auth: companion_finish does not match the pairing request")
		}
		st.result <- err
		return waBinary.Node{}, server.BadRequest("key bundle rejected")
	}
	sess.Go(func(ctx context.Context) {
		dev, err := p.complete(ctx, pend, st.acct, identity, adv)
		if err == nil {
			pend.deviceJID = dev.JID()
		}
		st.result <- err
	})
	return waBinary.Node{}, nil
}

// unwrapBundle decrypts salt32 || nonce12 || AES-GCM(bundle key, companion identity || primary identity ||
// random32) and derives the ADV secret from it.
func (st *codeState) unwrapBundle(bundle, companionIdentity []byte) ([]byte, error) {
	if len(bundle) < 44+16 || len(companionIdentity) != 32 || len(st.companionEph) != 32 {
		return nil, errors.New("auth: key bundle too short")
	}
	shared, err := curve25519.X25519(st.primaryEph.Priv[:], st.companionEph)
	if err != nil {
		return nil, fmt.Errorf("auth: ephemeral agreement: %w", err)
	}
	bundleKey := hkdfutil.SHA256(shared, bundle[:32], []byte("link_code_pairing_key_bundle_encryption_key"), 32)
	block, err := aes.NewCipher(bundleKey)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, bundle[32:44], bundle[44:], nil)
	if err != nil || len(plain) != 96 {
		return nil, errors.New("auth: key bundle does not decrypt (wrong code?)")
	}
	phone := keys.NewKeyPairFromPrivateKey([32]byte(st.acct.PhoneKey))
	if !bytes.Equal(plain[:32], companionIdentity) || !bytes.Equal(plain[32:64], phone.Pub[:]) {
		return nil, errors.New("auth: key bundle names other identities")
	}
	identityShared, err := curve25519.X25519(phone.Priv[:], companionIdentity)
	if err != nil {
		return nil, fmt.Errorf("auth: identity agreement: %w", err)
	}
	return hkdfutil.SHA256(concat(shared, identityShared, plain[64:]), nil, []byte("adv_secret"), 32), nil
}

func ctrXOR(key, iv, data []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // key is always 32 bytes from PBKDF2
	}
	out := make([]byte, len(data))
	cipher.NewCTR(block, iv).XORKeyStream(out, data)
	return out
}
