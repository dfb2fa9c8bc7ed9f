package qrterminal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/shims/qrterminal"
	"github.com/botrt/botrt/runtime"
)

// decodeSmall turns a small-mode rendering back into modules (true = dark).
func decodeSmall(s string) [][]bool {
	var rows [][]bool
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		top, bottom := []bool{}, []bool{}
		for _, r := range line {
			top = append(top, r == '▄' || r == ' ')
			bottom = append(bottom, r == '▀' || r == ' ')
		}
		rows = append(rows, top, bottom)
	}
	return rows
}

func TestGenerateRendersARealCode(t *testing.T) {
	out := &bytes.Buffer{}
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"qrcode-terminal": qrterminal.Module(qrterminal.Config{Out: out})}})
	small := b.Eval(`const qr = require('qrcode-terminal'); let s; qr.generate('2@abc,def,ghi', { small: true }, (q) => { s = q }); s`).String()
	mods := decodeSmall(small)
	// Version 1 or 2 code (21 or 25 modules) plus a 2-module quiet zone each side.
	size := len([]rune(strings.SplitN(small, "\n", 2)[0]))
	if size != 25 && size != 29 {
		t.Fatalf("unexpected width %d:\n%s", size, small)
	}
	// The three finder patterns: a dark 7x7 ring with a dark 3x3 centre.
	for _, at := range [][2]int{{2, 2}, {2, size - 9}, {size - 9, 2}} {
		r, c := at[0], at[1]
		if !mods[r][c] || !mods[r][c+6] || !mods[r+6][c] || mods[r+1][c+1] || !mods[r+3][c+3] {
			t.Fatalf("no finder pattern at %v:\n%s", at, small)
		}
	}
	big := b.Eval(`let g; qr.generate('hello', (q) => { g = q }); g`).String()
	if !strings.Contains(big, "\x1b[47m  ") || !strings.Contains(big, "\x1b[40m  ") {
		t.Fatalf("normal mode lacks ANSI blocks: %q", big[:40])
	}
	b.Eval(`qr.setErrorLevel('H'); qr.generate('printed', { small: true })`)
	if !strings.HasPrefix(out.String(), "[testbot] scan this QR code:\n") || !strings.Contains(out.String(), "█") {
		t.Fatalf("terminal output: %q", out.String())
	}
	if !strings.Contains(b.Logs(), "QR code") {
		t.Fatalf("no QR in the log")
	}
	b.ExpectThrows(map[string]string{
		`qr.generate()`:                 "the text to encode is missing",
		`qr.setErrorLevel('X')`:         "level must be L, M, Q or H",
		`qr.generate('x'.repeat(5000))`: "cannot encode 5000 bytes",
	})
}
