package media

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

var (
	// ErrNoMedia is returned by Expire for a path that names no hosted blob.
	ErrNoMedia = errors.New("media: no such media")
	// ErrBadPath is returned by Expire for a string that is not a direct path or URL of the simulator.
	ErrBadPath = errors.New("media: not a direct path or URL of simulator media (/v/sim/<id>...)")

	errExpired = errors.New("media expired")
)

// Expire makes hosted media unavailable, as WhatsApp's media servers do after some weeks: downloads of
// it then fail with HTTP 410, and only a re-upload by the sender (a media retry) brings it back under a
// new path. where is the media's direct path or its URL.
func (s *Service) Expire(where string) error {
	id, err := idOf(where)
	if err != nil {
		return err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get([]byte(prefixBlob + id)); err != nil {
			return err
		}
		if err := txn.Delete([]byte(prefixBlob + id)); err != nil {
			return err
		}
		return txn.Set([]byte(prefixGone+id), nil)
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("%w: %s", ErrNoMedia, where)
	}
	if err != nil {
		return fmt.Errorf("media: expire %s: %w", where, err)
	}
	return nil
}

// idOf reads the blob id out of a direct path (/v/sim/<id>?type=...) or a URL holding one.
func idOf(where string) (string, error) {
	path := where
	if strings.Contains(where, "://") {
		u, err := url.Parse(where)
		if err != nil {
			return "", fmt.Errorf("%w: %q", ErrBadPath, where)
		}
		path = u.Path
	} else if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	id, ok := strings.CutPrefix(path, "/v/sim/")
	if !ok || !validID(id) {
		return "", fmt.Errorf("%w: %q", ErrBadPath, where)
	}
	return id, nil
}

// expireRequest is the body of POST /api/media/expire: the media's directPath or url, as a message
// carries them.
type expireRequest struct {
	DirectPath string `json:"directPath"`
	URL        string `json:"url"`
}

func (s *Service) expireHTTP(w http.ResponseWriter, r *http.Request) {
	var req expireRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		httpError(w, http.StatusBadRequest, "body must be JSON {\"directPath\": ...} or {\"url\": ...}")
		return
	}
	where := req.DirectPath
	if where == "" {
		where = req.URL
	}
	err := s.Expire(where)
	switch {
	case errors.Is(err, ErrBadPath):
		httpError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, ErrNoMedia):
		httpError(w, http.StatusNotFound, err.Error())
	case err != nil:
		httpError(w, http.StatusInternalServerError, err.Error())
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]bool{"expired": true})
	}
}
