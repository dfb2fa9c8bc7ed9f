package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/botrt/botrt/runtime"
)

func init() {
	commands["check"] = command{summary: "compile scripts and report errors with file:line:col", run: runCheck}
}

// errReported is returned when the problems were already printed, so main
// exits with status 1 without repeating them.
var errReported = errors.New("errors reported above")

func runCheck(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), "usage: botrt check FILE...") }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("no files given: botrt check FILE...")
	}
	failed := 0
	for _, f := range fs.Args() {
		if err := runtime.CheckFile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "%d of %d files failed\n", failed, fs.NArg())
		return errReported
	}
	return nil
}
