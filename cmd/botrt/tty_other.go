//go:build !linux

package main

import "os"

// isTerminal is only implemented on Linux; elsewhere scripts' readline
// questions fail with ERR_BOTRT_NOT_INTERACTIVE instead of blocking.
func isTerminal(*os.File) bool { return false }
