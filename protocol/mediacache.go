package protocol

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"go.mau.fi/whatsmeow"
)

// UploadCache keeps uploaded media for reuse, as Baileys' mediaCache does: sending the same media
// again reuses the upload (its URL, direct path and media key) instead of uploading it once more.
// Get and Put bound their own waits; a failing cache only costs an upload.
type UploadCache interface {
	Get(ctx context.Context, key string) (whatsmeow.UploadResponse, bool)
	Put(ctx context.Context, key string, up whatsmeow.UploadResponse)
}

// upload is Upload through the hooks' media cache. Baileys keys its cache by media type and the
// media's URL; botrt receives media as bytes, so the key is the type and the bytes' SHA-256
// ("image:<hex>"), which also finds the same picture sent from a file and from a buffer.
func (s *Session) upload(ctx context.Context, cli *whatsmeow.Client, data []byte, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	cache := s.currentHooks().MediaCache
	if cache == nil {
		return cli.Upload(ctx, data, kind)
	}
	sum := sha256.Sum256(data)
	key := mediaKindName(kind) + ":" + hex.EncodeToString(sum[:])
	if up, ok := cache.Get(ctx, key); ok {
		return up, nil
	}
	up, err := cli.Upload(ctx, data, kind)
	if err == nil {
		cache.Put(ctx, key, up)
	}
	return up, err
}

// mediaKindName is Baileys' name of a media type (its MediaType).
func mediaKindName(kind whatsmeow.MediaType) string {
	switch kind {
	case whatsmeow.MediaImage:
		return "image"
	case whatsmeow.MediaVideo:
		return "video"
	case whatsmeow.MediaAudio:
		return "audio"
	case whatsmeow.MediaDocument:
		return "document"
	case whatsmeow.MediaHistory:
		return "md-msg-hist"
	case whatsmeow.MediaAppState:
		return "md-app-state"
	case whatsmeow.MediaLinkThumbnail:
		return "thumbnail-link"
	}
	return string(kind)
}
