package appstate

import (
	"context"
	"errors"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// ErrConflict is returned by Append when the collection is no longer at the version the patch was made
// against.
var ErrConflict = errors.New("appstate: collection changed meanwhile")

// SetInitialState has fn fill a collection that is still empty (version 0) when a device asks for it,
// before the answer is made: the virtual phone's initial state, so that no device's first fetch of a
// collection is answered with nothing (whatsmeow would then count its first real patch as a full sync
// and report no event for it). Call it before the server serves.
func (s *Service) SetInitialState(fn func(ctx context.Context, phone, name string) error) {
	s.initial = fn
}

// Version is the latest version of an account's collection (0 while it is empty).
func (s *Service) Version(phone, name string) (uint64, error) {
	if !validName(name) {
		return 0, fmt.Errorf("appstate: collection name %q", name)
	}
	return s.head(phone, name)
}

// Append stores a patch (a marshalled SyncdPatch) that device from made against version of the
// collection, as an upload of that device would. The virtual phone writes its own state with it before
// it shares the app-state key with a companion, which then fetches everything: no device is notified
// (one without the key yet would only fail to decrypt the patch).
func (s *Service) Append(ctx context.Context, from types.JID, name string, version uint64, patch []byte) error {
	if !validName(name) {
		return fmt.Errorf("appstate: collection name %q", name)
	}
	res, err := s.upload(ctx, from, name, version, waBinary.Node{Tag: "patch", Content: patch}, false)
	if err != nil {
		return err
	}
	if res.AttrGetter().OptionalString("type") == "error" {
		return fmt.Errorf("%w: %s at version %d", ErrConflict, name, version)
	}
	return nil
}
