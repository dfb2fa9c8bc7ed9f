package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func init() {
	commands["version"] = command{summary: "print the version and the pinned engine", run: runVersion}
}

// version is the module version the binary was built from ("(devel)" for a
// build inside the repository).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		return info.Main.Version
	}
	return "unknown"
}

func runVersion(_ context.Context, _ []string) error {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information in this binary")
	}
	fmt.Printf("botrt %s (%s)\n", info.Main.Version, info.GoVersion)
	for _, dep := range info.Deps {
		switch dep.Path {
		case "go.mau.fi/whatsmeow", "github.com/dop251/goja", "github.com/dgraph-io/badger/v4", "github.com/evanw/esbuild":
			fmt.Printf("  %s %s\n", dep.Path, dep.Version)
		}
	}
	return nil
}
