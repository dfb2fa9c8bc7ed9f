// Package e2e holds the acceptance proofs of issue 5: the botrt binary runs
// the official Baileys example and bots written the way real ones are,
// survives kill -9 without losing or repeating a message, and is measured by
// benchmarks. Everything runs on loopback against the bundled simulator; the
// package has tests only.
package e2e
