package wire

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"
)

// noisePattern is used directly as the initial hash and chaining key because it is exactly 32 bytes long.
const noisePattern = "Noise_XX_25519_AESGCM_SHA256\x00\x00\x00\x00"

// symmetricState is the Noise handshake state. WhatsApp deviates from the Noise spec in one respect that
// matters here: a single counter serves both encryption and decryption, and MixKey resets it.
type symmetricState struct {
	hash    []byte
	ck      []byte
	aead    cipher.AEAD
	counter uint32
}

func newSymmetricState(intro []byte) (*symmetricState, error) {
	s := &symmetricState{hash: []byte(noisePattern), ck: []byte(noisePattern)}
	var err error
	if s.aead, err = newGCM(s.hash); err != nil {
		return nil, err
	}
	s.mixHash(intro)
	return s, nil
}

func (s *symmetricState) mixHash(data []byte) {
	h := sha256.New()
	h.Write(s.hash)
	h.Write(data)
	s.hash = h.Sum(nil)
}

// mixDH mixes the X25519 shared secret of priv and pub into the chaining key.
func (s *symmetricState) mixDH(priv, pub []byte) error {
	secret, err := curve25519.X25519(priv, pub)
	if err != nil {
		return fmt.Errorf("x25519: %w", err)
	}
	ck, k, err := hkdfPair(s.ck, secret)
	if err != nil {
		return err
	}
	if s.aead, err = newGCM(k); err != nil {
		return err
	}
	s.ck, s.counter = ck, 0
	return nil
}

func (s *symmetricState) encrypt(plaintext []byte) []byte {
	ct := s.aead.Seal(nil, nonce(s.counter), plaintext, s.hash)
	s.counter++
	s.mixHash(ct)
	return ct
}

func (s *symmetricState) decrypt(ciphertext []byte) ([]byte, error) {
	pt, err := s.aead.Open(nil, nonce(s.counter), ciphertext, s.hash)
	s.counter++
	if err != nil {
		return nil, err
	}
	s.mixHash(ciphertext)
	return pt, nil
}

// split derives the two transport keys: the initiator (client) writes with the first.
func (s *symmetricState) split() (clientToServer, serverToClient []byte, err error) {
	return hkdfPair(s.ck, nil)
}

func hkdfPair(salt, ikm []byte) (a, b []byte, err error) {
	out := make([]byte, 64)
	if _, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt, nil), out); err != nil {
		return nil, nil, fmt.Errorf("hkdf: %w", err)
	}
	return out[:32], out[32:], nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	return cipher.NewGCM(block)
}

// nonce is 8 zero bytes followed by the big-endian counter.
func nonce(counter uint32) []byte {
	iv := make([]byte, 12)
	binary.BigEndian.PutUint32(iv[8:], counter)
	return iv
}

// ErrCounterExhausted is returned once 2^32 frames went one way: reusing a nonce would break AES-GCM.
var ErrCounterExhausted = errors.New("wire: transport counter exhausted")

// transportCipher encrypts or decrypts one direction of an established connection. It is not safe for
// concurrent use; Conn serialises writers and has a single reader.
type transportCipher struct {
	aead    cipher.AEAD
	counter uint64 // uint64 so the exhausted state is representable
	iv      [12]byte
}

func newTransportCipher(key []byte) (*transportCipher, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	return &transportCipher{aead: aead}, nil
}

func (t *transportCipher) nextIV() ([]byte, error) {
	if t.counter > 0xFFFFFFFF {
		return nil, ErrCounterExhausted
	}
	binary.BigEndian.PutUint32(t.iv[8:], uint32(t.counter))
	t.counter++
	return t.iv[:], nil
}

// seal appends the ciphertext of plaintext to dst.
func (t *transportCipher) seal(dst, plaintext []byte) ([]byte, error) {
	iv, err := t.nextIV()
	if err != nil {
		return dst, err
	}
	return t.aead.Seal(dst, iv, plaintext, nil), nil
}

// open decrypts ciphertext into a fresh slice, so the result never aliases the caller's read buffer.
func (t *transportCipher) open(ciphertext []byte) ([]byte, error) {
	iv, err := t.nextIV()
	if err != nil {
		return nil, err
	}
	return t.aead.Open(nil, iv, ciphertext, nil)
}
