package main

import (
	"context"
	"flag"
	"fmt"
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
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	s, err := sim.Open(sim.Options{Dir: *data})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		_ = s.Close()
		return fmt.Errorf("listen: %w", err)
	}
	s.Serve(ln)
	pub := s.Server.RootPublic()
	fmt.Printf("botrt sim listening on http://%s (clients: ws://%s/ws/chat, admin: http://%s/api/)\n", ln.Addr(), ln.Addr(), ln.Addr())
	fmt.Printf("root public key: %x\n", pub)
	<-ctx.Done()
	return s.Close()
}
