// Package wire is the simulator's transport: the WebSocket endpoint, the length-prefixed frame codec, the
// Noise_XX_25519_AESGCM_SHA256 responder with a self-made certificate chain, the per-direction transport
// cipher, and binary-XML node encoding with the token dictionary the client announces (version 2 for
// Baileys 6.17, 3 for whatsmeow and Baileys 7; dict.go).
//
// The shapes mirror what unmodified clients expect: whatsmeow (handshake.go, socket/) and Baileys
// (noise-handler). The server static key is certified by an intermediate whose issuer serial is 0 and which
// is signed by a root key; clients trust that root instead of WhatsApp's (whatsmeow: WACertPubKey).
//
// Typical use on an HTTP handler:
//
//	ws, err := wire.Upgrade(w, r)
//	conn, payload, err := wire.Accept(ctx, ws, identity)
//	node, err := conn.ReadNode(ctx)      // one reader
//	err = conn.WriteNode(ctx, reply)     // any number of concurrent writers
//	conn.Close(websocket.StatusNormalClosure, "")
package wire
