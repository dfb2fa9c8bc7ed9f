package qrterminal

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// border is the quiet zone, in modules, drawn around the code.
const border = 2

// render draws text as a QR code for a terminal. Light modules are drawn
// (blocks, or white ANSI background) and dark ones left blank, so the code
// scans on the dark backgrounds terminals usually have. small packs two rows
// into one line with half blocks.
func render(text string, level qrcode.RecoveryLevel, small bool) (string, error) {
	q, err := qrcode.New(text, level)
	if err != nil {
		return "", fmt.Errorf("qrcode-terminal: cannot encode %d bytes: %w", len(text), err)
	}
	q.DisableBorder = true
	code := q.Bitmap()
	n := len(code) + 2*border
	dark := func(r, c int) bool {
		r, c = r-border, c-border
		return r >= 0 && c >= 0 && r < len(code) && c < len(code) && code[r][c]
	}
	var b strings.Builder
	if small {
		for r := 0; r < n; r += 2 {
			for c := 0; c < n; c++ {
				top, bottom := !dark(r, c), r+1 < n && !dark(r+1, c)
				switch {
				case top && bottom:
					b.WriteString("█")
				case top:
					b.WriteString("▀")
				case bottom:
					b.WriteString("▄")
				default:
					b.WriteString(" ")
				}
			}
			b.WriteString("\n")
		}
		return b.String(), nil
	}
	const light, blank, reset = "\x1b[47m  ", "\x1b[40m  ", "\x1b[0m"
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			if dark(r, c) {
				b.WriteString(blank)
			} else {
				b.WriteString(light)
			}
		}
		b.WriteString(reset + "\n")
	}
	return b.String(), nil
}
