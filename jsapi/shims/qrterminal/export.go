package qrterminal

import qrcode "github.com/skip2/go-qrcode"

// Render draws text as a compact QR code for a terminal, as
// generate(text, {small: true}) does; `botrt run` prints the sessions' QR
// codes with it whether or not a script asks.
func Render(text string) (string, error) { return render(text, qrcode.Low, true) }
