package wire

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func buildStream(t testing.TB, prefix []byte, frames [][]byte) []byte {
	t.Helper()
	stream := append([]byte(nil), prefix...)
	for _, f := range frames {
		var err error
		if stream, err = AppendFrame(stream, f); err != nil {
			t.Fatal(err)
		}
	}
	return stream
}

// readAll feeds stream in chunks of the given sizes (cycled) and collects every frame.
func readAll(t testing.TB, r *FrameReader, stream []byte, chunks []int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := 0; len(stream) > 0; i++ {
		n := min(chunks[i%len(chunks)], len(stream))
		r.Feed(stream[:n])
		stream = stream[n:]
		for {
			f, ok, err := r.Next()
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if !ok {
				break
			}
			out = append(out, append([]byte(nil), f...))
		}
	}
	return out
}

func TestFrameRoundTripSplitAndPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	frames := [][]byte{{}, []byte("a"), bytes.Repeat([]byte{0xAB}, 70000)}
	for range 20 {
		f := make([]byte, rng.IntN(300))
		for i := range f {
			f[i] = byte(rng.Uint32())
		}
		frames = append(frames, f)
	}
	routing := []byte("routing-blob")
	ed := append([]byte{'E', 'D', 0, 1, 0, 0, byte(len(routing))}, routing...)
	for _, tc := range []struct {
		name   string
		prefix []byte
		dict   byte
	}{
		{"whatsmeow", []byte{'W', 'A', 6, 3}, 3},
		{"baileys-ed", append(append([]byte(nil), ed...), 'W', 'A', 6, 3), 3},
	} {
		for _, chunks := range [][]int{{1}, {2, 3, 5}, {4096}, {1 << 30}} {
			r := NewFrameReader(0)
			got := readAll(t, r, buildStream(t, tc.prefix, frames), chunks)
			if len(got) != len(frames) {
				t.Fatalf("%s %v: %d frames, want %d", tc.name, chunks, len(got), len(frames))
			}
			for i := range frames {
				if !bytes.Equal(got[i], frames[i]) {
					t.Fatalf("%s %v: frame %d differs", tc.name, chunks, i)
				}
			}
			if r.Intro()[3] != tc.dict {
				t.Fatalf("%s: dictionary version %d", tc.name, r.Intro()[3])
			}
			if tc.name == "baileys-ed" != (r.RoutingInfo() != nil) || r.RoutingInfo() != nil && !bytes.Equal(r.RoutingInfo(), routing) {
				t.Fatalf("%s: routing info %q", tc.name, r.RoutingInfo())
			}
			if r.Buffered() != 0 {
				t.Fatalf("%s: %d bytes left", tc.name, r.Buffered())
			}
		}
	}
}

func TestFrameReaderRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		max   int
		input []byte
		want  error
	}{
		{"oversized", 10, append([]byte("WA\x06\x03"), 0, 0, 11), ErrFrameTooLarge},
		{"not WA", 0, []byte("GET / HTTP/1.1"), ErrBadIntro},
		{"bad first byte", 0, []byte("X"), ErrBadIntro},
		{"bad magic", 0, []byte("WA\x05\x03"), ErrBadIntro},
		{"bad dict", 0, []byte("WA\x06\x09"), ErrBadIntro},
		{"dictionary 1", 0, []byte("WA\x06\x01"), ErrBadIntro},
		{"ED version", 0, []byte("ED\x00\x02\x00\x00\x00WA\x06\x03"), ErrBadIntro},
		{"ED huge routing", 0, []byte("ED\x00\x01\xff\xff\xff"), ErrBadIntro},
		{"E then junk", 0, []byte("EX"), ErrBadIntro},
		{"ED then no WA", 0, []byte("ED\x00\x01\x00\x00\x01zXA\x06\x03"), ErrBadIntro},
	} {
		r := NewFrameReader(tc.max)
		r.Feed(tc.input)
		_, ok, err := r.Next()
		if ok || !errors.Is(err, tc.want) {
			t.Errorf("%s: ok=%v err=%v, want %v", tc.name, ok, err, tc.want)
		}
	}
}

func TestFrameReaderWaitsForMore(t *testing.T) {
	r := NewFrameReader(0)
	for _, part := range [][]byte{[]byte("E"), []byte("D\x00\x01\x00"), []byte("\x00\x02ab"), []byte("W"), []byte("A\x06\x03\x00"), []byte("\x00\x02x")} {
		r.Feed(part)
		if _, ok, err := r.Next(); ok || err != nil {
			t.Fatalf("after %q: ok=%v err=%v", part, ok, err)
		}
	}
	r.Feed([]byte("y"))
	f, ok, err := r.Next()
	if !ok || err != nil || string(f) != "xy" {
		t.Fatalf("frame %q ok=%v err=%v", f, ok, err)
	}
}

func TestAppendFrameTooLarge(t *testing.T) {
	if _, err := AppendFrame(nil, make([]byte, MaxFrameSize+1)); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

// FuzzFrameDecoder feeds arbitrary bytes in arbitrary chunks: the reader must never panic, never return a
// frame longer than its limit, and frames it returns must re-encode to the bytes they came from.
func FuzzFrameDecoder(f *testing.F) {
	f.Add([]byte("WA\x06\x03\x00\x00\x03abc\x00\x00\x00"), uint8(1), uint16(100))
	f.Add([]byte("ED\x00\x01\x00\x00\x02rtWA\x06\x02\x00\x00\x01z"), uint8(3), uint16(0))
	f.Add([]byte("WA\x06\x03\xff\xff\xff"), uint8(7), uint16(10))
	f.Add([]byte("EDWA"), uint8(2), uint16(5))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8, max uint16) {
		r := NewFrameReader(int(max))
		limit := int(max)
		if limit == 0 {
			limit = MaxFrameSize
		}
		step := int(chunk%16) + 1
		var frames [][]byte
		for off := 0; off < len(data); off += step {
			r.Feed(data[off:min(off+step, len(data))])
			for {
				fr, ok, err := r.Next()
				if err != nil {
					return // malformed: rejected, as it should be
				}
				if !ok {
					break
				}
				if len(fr) > limit {
					t.Fatalf("frame of %d bytes passed a limit of %d", len(fr), limit)
				}
				frames = append(frames, append([]byte(nil), fr...))
			}
		}
		if r.Intro() == nil {
			return
		}
		// Everything the reader consumed must be exactly prefix + the frames it returned.
		var prefix []byte
		if ri := r.RoutingInfo(); ri != nil {
			prefix = append([]byte{'E', 'D', 0, 1, byte(len(ri) >> 16), byte(len(ri) >> 8), byte(len(ri))}, ri...)
		}
		prefix = append(prefix, r.Intro()...)
		rebuilt := buildStream(t, prefix, frames)
		if consumed := len(data) - r.Buffered(); !bytes.Equal(rebuilt, data[:consumed]) {
			t.Fatalf("re-encoded frames differ from input")
		}
	})
}
