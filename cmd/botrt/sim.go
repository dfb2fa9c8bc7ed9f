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
	mediaTLS := fs.String("media-tls", "", "also serve over HTTPS on this address (e.g. 127.0.0.1:7443) with a certificate from the simulator's own CA (GET /api/ca.pem); media_conn names it as the media host, so Node's Baileys needs only NODE_EXTRA_CA_CERTS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	s, err := startSimTLS(*listen, *data, *mediaTLS, os.Stderr)
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
	return startSimTLS(listen, data, "", out)
}

// startSimTLS is startSim that also serves HTTPS on mediaTLS unless it is empty.
func startSimTLS(listen, data, mediaTLS string, out io.Writer) (*sim.Simulator, error) {
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	var tlsLn net.Listener
	opts := sim.Options{Dir: data, Logger: newConsole(out, slog.LevelWarn)}
	if mediaTLS != "" {
		// Listen first: media_conn announces the listener's actual address (a :0 port included).
		var err error
		if tlsLn, err = net.Listen("tcp", mediaTLS); err != nil {
			return nil, fmt.Errorf("listen for media TLS: %w", err)
		}
		opts.MediaHost = tlsLn.Addr().String()
	}
	s, err := sim.Open(opts)
	if err == nil && tlsLn != nil {
		if err = s.ServeMediaTLS(tlsLn); err != nil {
			_ = s.Close()
		}
	}
	if err != nil {
		if tlsLn != nil {
			_ = tlsLn.Close()
		}
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
	if tlsLn != nil {
		fmt.Fprintf(out, "media over HTTPS on https://%s; trust its CA in Node with: curl -s http://%s/api/ca.pem > sim-ca.pem && export NODE_EXTRA_CA_CERTS=$PWD/sim-ca.pem\n", tlsLn.Addr(), addr)
	}
	return s, nil
}
