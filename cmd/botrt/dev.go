package main

import (
	"context"
	"errors"
)

func init() {
	commands["dev"] = command{summary: "run the bots of a folder against the embedded simulator", run: runDev}
}

// runDev is replaced by the real wiring once the simulator and the Baileys
// socket land; until then it says so instead of pretending to work.
func runDev(_ context.Context, _ []string) error {
	return errors.New("not yet: `botrt dev` needs the simulator (issue 3) and the Baileys socket (issue 5), which have not landed")
}
