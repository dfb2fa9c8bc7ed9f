package wire

import (
	"fmt"

	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/whatsmeow/proto/waCert"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"
)

// intermediateSerial is the serial of our intermediate certificate; the leaf names it as its issuer. Any value
// works for clients; the intermediate's own issuer serial must be 0 (whatsmeow's WACertIssuerSerial, Baileys'
// WA_CERT_DETAILS.SERIAL).
const intermediateSerial = 1

// Identity is what the server proves to clients during the handshake: a root key clients are told to trust,
// the server's static Noise key, and the certificate chain binding the two.
type Identity struct {
	Root      *keys.KeyPair
	Static    *keys.KeyPair
	CertChain []byte // marshalled waCert.CertChain sent (encrypted) in the server hello
}

// NewRootKey returns a fresh random root private key, for servers that have not stored one yet.
func NewRootKey() [32]byte {
	return *keys.NewKeyPair().Priv
}

// NewIdentity derives the root public key from rootPriv and issues a fresh intermediate and static key under
// it. Only the root needs to persist across restarts: clients pin the root, never the static key.
func NewIdentity(rootPriv [32]byte) (*Identity, error) {
	root := keys.NewKeyPairFromPrivateKey(rootPriv)
	intermediate := keys.NewKeyPair()
	static := keys.NewKeyPair()

	interCert, err := signCert(root, &waCert.CertChain_NoiseCertificate_Details{
		Serial:       proto.Uint32(intermediateSerial),
		IssuerSerial: proto.Uint32(0),
		Key:          intermediate.Pub[:],
	})
	if err != nil {
		return nil, fmt.Errorf("wire: issue intermediate certificate: %w", err)
	}
	leafCert, err := signCert(intermediate, &waCert.CertChain_NoiseCertificate_Details{
		Serial:       proto.Uint32(intermediateSerial + 1),
		IssuerSerial: proto.Uint32(intermediateSerial),
		Key:          static.Pub[:],
	})
	if err != nil {
		return nil, fmt.Errorf("wire: issue leaf certificate: %w", err)
	}
	chain, err := proto.Marshal(&waCert.CertChain{Intermediate: interCert, Leaf: leafCert})
	if err != nil {
		return nil, fmt.Errorf("wire: marshal certificate chain: %w", err)
	}
	return &Identity{Root: root, Static: static, CertChain: chain}, nil
}

// RootPublic is the key clients must trust (whatsmeow.WACertPubKey in tests).
func (id *Identity) RootPublic() [32]byte {
	return *id.Root.Pub
}

func signCert(signer *keys.KeyPair, details *waCert.CertChain_NoiseCertificate_Details) (*waCert.CertChain_NoiseCertificate, error) {
	raw, err := proto.Marshal(details)
	if err != nil {
		return nil, err
	}
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*signer.Priv), raw)
	return &waCert.CertChain_NoiseCertificate{Details: raw, Signature: sig[:]}, nil
}
