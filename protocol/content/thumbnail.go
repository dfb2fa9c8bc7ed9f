package content

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif" // decoders for the formats scripts send as images
	"image/jpeg"
	_ "image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// thumbWidth is the width of the inline JPEG thumbnail Baileys'
// extractImageThumb makes (height keeps the aspect ratio); thumbQuality its
// JPEG quality.
const (
	thumbWidth   = 32
	thumbQuality = 50
)

// imageThumbnail decodes an image and returns its JPEG thumbnail and original
// size; ok is false for data that is not a decodable image, in which case
// Baileys, too, sends the image without a thumbnail.
func imageThumbnail(data []byte) (thumb []byte, width, height int, ok bool) {
	return scaledJPEG(data, thumbWidth)
}

// scaledJPEG is imageThumbnail at thumbnail width tw (link previews use a
// configurable width).
func scaledJPEG(data []byte, tw int) (thumb []byte, width, height int, ok bool) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, false
	}
	bounds := src.Bounds()
	width, height = bounds.Dx(), bounds.Dy()
	if width == 0 || height == 0 {
		return nil, 0, 0, false
	}
	th := height * tw / width
	if th < 1 {
		th = 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, bounds, draw.Src, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: thumbQuality}); err != nil {
		return nil, 0, 0, false
	}
	return buf.Bytes(), width, height, true
}

// opusSeconds reads the duration of an Ogg Opus file (what voice notes are)
// from its last page's granule position, less the pre-skip, at Opus' fixed
// 48 kHz; ok is false for anything else.
func opusSeconds(data []byte) (uint32, bool) {
	if !bytes.HasPrefix(data, []byte("OggS")) {
		return 0, false
	}
	head := bytes.Index(data, []byte("OpusHead"))
	if head < 0 || head+12 > len(data) {
		return 0, false
	}
	preSkip := uint64(binary.LittleEndian.Uint16(data[head+10:]))
	last := bytes.LastIndex(data, []byte("OggS"))
	if last+14 > len(data) {
		return 0, false
	}
	granule := binary.LittleEndian.Uint64(data[last+6:])
	if granule == ^uint64(0) || granule < preSkip {
		return 0, false
	}
	return uint32((granule - preSkip) / 48000), true
}
