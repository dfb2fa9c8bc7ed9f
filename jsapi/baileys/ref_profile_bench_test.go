package baileys

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// BenchmarkProfilePicture measures the crop, scale and JPEG encode that
// updateProfilePicture runs on a 12-megapixel phone photo before upload.
func BenchmarkProfilePicture(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			src.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var in bytes.Buffer
	if err := jpeg.Encode(&in, src, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		out, err := profilePicture(in.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		if len(out) == 0 {
			b.Fatal("empty picture")
		}
	}
}

func TestProfilePictureScalesAndRejects(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 300, 200))
	var in bytes.Buffer
	if err := jpeg.Encode(&in, src, nil); err != nil {
		t.Fatal(err)
	}
	out, err := profilePicture(in.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Smaller than 640 px: cropped square, not enlarged.
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 200 {
		t.Fatalf("got %v, want 200x200", b)
	}
	if _, err := profilePicture([]byte("not an image")); err == nil {
		t.Fatal("no error for bytes that are not an image")
	}
}
