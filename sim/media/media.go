// Package media stores the encrypted attachments clients upload and serves them back: the media_conn
// iq that tells clients where to upload, POST /mms/<type>/<token> for uploads and GET /v/sim/<id> for
// downloads. Blobs are end-to-end encrypted by the clients; the simulator only checks their hash.
// Hosted media can be expired (Expire, POST /api/media/expire), and a client that finds its media gone
// asks the sender's phone to upload it again with a server-error receipt, which this package routes
// (retry.go).
package media

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/server"
)

// Key layout: sim/media/blob/<id> holds a blob (id: 32 random bytes in hex, one per upload, so
// expiring one upload leaves other uploads of the same bytes alone), sim/media/gone/<id> marks an
// expired blob, sim/media/auth holds the upload auth token.
const (
	prefixBlob = "sim/media/blob/"
	prefixGone = "sim/media/gone/"
	authKey    = "sim/media/auth"
	// MaxUpload bounds one attachment (WhatsApp's own limit for documents is 2 GB; the simulator keeps
	// blobs in badger and stays well below its 64 MiB value-log files).
	MaxUpload = 48 << 20
	// DefaultHost is the media host clients are told about; clients reach the simulator whatever host
	// they dial (whatsmeow through its injected HTTP client), and Baileys' built-in host matches it.
	DefaultHost = "mmg.whatsapp.net"
	connTTL     = 3600
)

// Service serves media on a server.
type Service struct {
	srv  *server.Server
	db   *badger.DB
	host string
	auth string

	retry retryRoute
}

// Register installs the media_conn iq and the upload and download routes.
func Register(srv *server.Server, host string) (*Service, error) {
	if host == "" {
		host = DefaultHost
	}
	auth, err := loadAuth(srv.DB())
	if err != nil {
		return nil, err
	}
	s := &Service{srv: srv, db: srv.DB(), host: host, auth: auth}
	srv.HandleIQ("w:m", s.handleMediaConn)
	srv.HandleHTTP("POST /mms/{type}/{token}", http.HandlerFunc(s.upload))
	srv.HandleHTTP("GET /v/sim/{id}", http.HandlerFunc(s.download))
	srv.HandleHTTP("POST /api/media/expire", http.HandlerFunc(s.expireHTTP))
	srv.HandleStanzaType("receipt", "server-error", s.handleRetryReceipt)
	return s, nil
}

// loadAuth returns the upload auth token, stable across restarts because clients cache media_conn.
func loadAuth(db *badger.DB) (string, error) {
	var auth string
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(authKey))
		if err == nil {
			v, err := item.ValueCopy(nil)
			auth = string(v)
			return err
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		var b [24]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		auth = base64.RawURLEncoding.EncodeToString(b[:])
		return txn.Set([]byte(authKey), []byte(auth))
	})
	if err != nil {
		return "", fmt.Errorf("media: auth token: %w", err)
	}
	return auth, nil
}

func (s *Service) handleMediaConn(_ context.Context, iq *server.IQ) (waBinary.Node, error) {
	if _, ok := iq.Node.GetOptionalChildByTag("media_conn"); !ok {
		return waBinary.Node{}, server.ErrIQNotImplemented
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "media_conn", Attrs: waBinary.Attrs{
		"auth": s.auth, "ttl": connTTL, "auth_ttl": connTTL, "max_buckets": 12},
		Content: []waBinary.Node{{Tag: "host", Attrs: waBinary.Attrs{"hostname": s.host}}}}}}, nil
}

type uploadResponse struct {
	URL        string `json:"url"`
	DirectPath string `json:"direct_path"`
}

// upload stores a blob whose SHA-256 is the token (base64url of the encrypted file's hash).
func (s *Service) upload(w http.ResponseWriter, r *http.Request) {
	if subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("auth")), []byte(s.auth)) != 1 {
		httpError(w, http.StatusUnauthorized, "bad media auth")
		return
	}
	// whatsmeow pads the token, Baileys strips the padding; WhatsApp accepts both.
	want, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(r.PathValue("token"), "="))
	if err != nil || len(want) != sha256.Size {
		httpError(w, http.StatusBadRequest, "token must be the base64url SHA-256 of the body")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxUpload))
	if err != nil {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("upload larger than %d bytes or interrupted", MaxUpload))
		return
	}
	sum := sha256.Sum256(body)
	if subtle.ConstantTimeCompare(sum[:], want) != 1 {
		httpError(w, http.StatusBadRequest, "body does not match its token hash")
		return
	}
	var rnd [32]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		httpError(w, http.StatusInternalServerError, "no randomness for the media id")
		return
	}
	id := hex.EncodeToString(rnd[:])
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(prefixBlob+id), body) }); err != nil {
		s.srv.Logger().Error("sim media: store", "err", err)
		httpError(w, http.StatusInsufficientStorage, "could not store the upload")
		return
	}
	path := "/v/sim/" + id + "?type=" + r.PathValue("type")
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(uploadResponse{URL: "https://" + s.host + path, DirectPath: path})
}

func (s *Service) download(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		httpError(w, http.StatusNotFound, "no such media")
		return
	}
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefixBlob + id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			if _, gone := txn.Get([]byte(prefixGone + id)); gone == nil {
				return errExpired
			}
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", fmt.Sprint(len(v)))
			_, err := w.Write(v)
			return err
		})
	})
	switch {
	case errors.Is(err, errExpired):
		// 410, as WhatsApp answers for media past its time: clients then ask the sender to upload it again.
		httpError(w, http.StatusGone, "media expired")
	case errors.Is(err, badger.ErrKeyNotFound):
		// 404 is terminal for clients, which is right: the blob will not appear later.
		httpError(w, http.StatusNotFound, "no such media")
	case err != nil:
		s.srv.Logger().Debug("sim media: download", "err", err)
	}
}

// validID reports whether id has the shape of a blob id (64 hex digits).
func validID(id string) bool {
	_, err := hex.DecodeString(id)
	return err == nil && len(id) == 64
}

func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
