package baileys

import (
	"context"
	"encoding/base64"

	"github.com/dop251/goja"
	"go.mau.fi/whatsmeow"
)

// scriptMediaCache is the script's mediaCache (any object with get and set, such as a NodeCache) as
// protocol's UploadCache. An upload is kept as a plain object of strings (binary fields in base64),
// so caches that clone or serialise their values keep it intact.
type scriptMediaCache struct {
	st       *botState
	get, set goja.Callable
	cache    goja.Value
}

func (c *scriptMediaCache) Get(ctx context.Context, key string) (whatsmeow.UploadResponse, bool) {
	up, err := askLoop(ctx, c.st, "mediaCache.get", func(vm *goja.Runtime) (goja.Value, error) {
		return c.get(c.cache, vm.ToValue(key))
	}, func(vm *goja.Runtime, v goja.Value) (*whatsmeow.UploadResponse, error) {
		return uploadFromJS(vm, v), nil
	})
	if err != nil {
		c.st.bot.Logger().Warn("baileys: mediaCache.get failed; uploading the media again", "key", key, "err", err)
		return whatsmeow.UploadResponse{}, false
	}
	if up == nil {
		return whatsmeow.UploadResponse{}, false
	}
	return *up, true
}

func (c *scriptMediaCache) Put(ctx context.Context, key string, up whatsmeow.UploadResponse) {
	b64 := base64.StdEncoding.EncodeToString
	_, err := askLoop(ctx, c.st, "mediaCache.set", func(vm *goja.Runtime) (goja.Value, error) {
		obj := vm.NewObject()
		for k, v := range map[string]any{
			"url": up.URL, "directPath": up.DirectPath, "handle": up.Handle, "objectId": up.ObjectID,
			"mediaKey": b64(up.MediaKey), "fileEncSha256": b64(up.FileEncSHA256), "fileSha256": b64(up.FileSHA256),
			"fileLength": float64(up.FileLength),
		} {
			_ = obj.Set(k, v)
		}
		return c.set(c.cache, vm.ToValue(key), obj)
	}, func(*goja.Runtime, goja.Value) (struct{}, error) { return struct{}{}, nil })
	if err != nil {
		c.st.bot.Logger().Warn("baileys: mediaCache.set failed; the upload is not kept", "key", key, "err", err)
	}
}

// uploadFromJS reads a cached upload back; anything not shaped like one is a miss.
func uploadFromJS(vm *goja.Runtime, v goja.Value) *whatsmeow.UploadResponse {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	text := func(k string) string {
		if s, ok := obj.Get(k).Export().(string); ok {
			return s
		}
		return ""
	}
	bytes := func(k string) []byte {
		b, err := base64.StdEncoding.DecodeString(text(k))
		if err != nil {
			return nil
		}
		return b
	}
	up := whatsmeow.UploadResponse{URL: text("url"), DirectPath: text("directPath"), Handle: text("handle"), ObjectID: text("objectId"),
		MediaKey: bytes("mediaKey"), FileEncSHA256: bytes("fileEncSha256"), FileSHA256: bytes("fileSha256")}
	if n := obj.Get("fileLength"); n != nil {
		up.FileLength = uint64(n.ToInteger())
	}
	if up.DirectPath == "" || len(up.MediaKey) != 32 || len(up.FileSHA256) != 32 || len(up.FileEncSHA256) != 32 || up.FileLength == 0 {
		return nil
	}
	return &up
}
