package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/botrt/botrt/sim"
)

func init() {
	commands["sim"] = command{summary: "run the local WhatsApp simulator alone", run: runSim}
}

func runSim(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:7780", "address to serve the WebSocket (/ws/chat) and the admin API (/api/) on")
	data := fs.String("data", ".botrt/sim", "directory that keeps the simulator's state across restarts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	s, err := startSim(*listen, *data, os.Stderr)
	if err != nil {
		return err
	}
	pub := s.Server.RootPublic()
	fmt.Printf("root public key: %x\n", pub)
	fmt.Printf("run bots against it from another terminal: botrt run --server http://%s DIR\n", s.Addr())
	<-ctx.Done()
	return s.Close()
}

// startSim opens the simulator's state in data and serves it on listen,
// printing where; `botrt sim` and `botrt dev` share it so both serve the same
// listener and admin API.
func startSim(listen, data string, out io.Writer) (*sim.Simulator, error) {
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	log := newConsole(out, slog.LevelWarn)
	s, err := sim.Open(sim.Options{Dir: data, Logger: log})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	s.Serve(ln)
	addr := ln.Addr()
	fmt.Fprintf(out, "botrt sim listening on http://%s (clients: ws://%s/ws/chat, admin: http://%s/api/)\n", addr, addr, addr)
	return s, nil
}
