package wire

// BAILEYS6 is an installed Baileys 6.x npm package; see internal/gendict2.
//go:generate go run ./internal/gendict2 -pkg $BAILEYS6 -out dict2_tokens.go

import (
	"go.mau.fi/whatsmeow/binary/token"
)

// Dictionary is one version of binary XML's token tables. The grammar is the same in every version;
// only the strings behind the single-byte tokens and the four double-byte dictionaries differ, and
// version 3 adds the FB_JID and INTEROP_JID types and hosted-account agents in AD_JIDs. A client names
// its version in the connection header ("WA" 6 version); a Conn encodes and decodes with that one.
type Dictionary struct {
	// Version is the number clients put in the connection header.
	Version byte

	single []string
	double [4][]string
	// extendedJIDs: FB_JID, INTEROP_JID and hosted AD_JID agents exist (version 3).
	extendedJIDs bool

	singleIndex map[string]byte
	doubleIndex map[string][2]byte // dictionary, index
}

var (
	// Dict2 is the dictionary of Baileys up to 6.17.x (generated from its package, dict2_tokens.go).
	Dict2 = newDictionary(2, dict2Single[:], dict2Double, false)
	// Dict3 is the dictionary of whatsmeow and Baileys 7 (whatsmeow's binary/token tables).
	Dict3 = newDictionary(token.DictVersion, token.SingleByteTokens[:], [4][]string(token.DoubleByteTokens), true)
)

// DictionaryFor returns the dictionary a connection header's version byte names, or nil.
func DictionaryFor(version byte) *Dictionary {
	switch version {
	case Dict2.Version:
		return Dict2
	case Dict3.Version:
		return Dict3
	}
	return nil
}

func newDictionary(version byte, single []string, double [4][]string, extendedJIDs bool) *Dictionary {
	d := &Dictionary{Version: version, single: single, double: double, extendedJIDs: extendedJIDs,
		singleIndex: make(map[string]byte, len(single)), doubleIndex: make(map[string][2]byte, 4*256)}
	// Index 0 is LIST_EMPTY, not a string. Where a table repeats a string, the first index wins; any
	// index decodes to the same string, so the choice only has to be stable.
	for i, s := range single[1:] {
		if _, dup := d.singleIndex[s]; !dup && s != "" {
			d.singleIndex[s] = byte(i + 1)
		}
	}
	for di, tokens := range double {
		for i, s := range tokens {
			if _, dup := d.doubleIndex[s]; !dup && s != "" {
				d.doubleIndex[s] = [2]byte{byte(di), byte(i)}
			}
		}
	}
	return d
}
