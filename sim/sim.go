// Package sim assembles the simulator: the server core with pairing, directory, relay and the admin API,
// served on one HTTP listener. It is what `botrt sim`, `botrt dev` and sim/testkit run.
package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/botrt/botrt/sim/admin"
	"github.com/botrt/botrt/sim/appstate"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/business"
	"github.com/botrt/botrt/sim/calls"
	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/sim/directory"
	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/media"
	"github.com/botrt/botrt/sim/newsletter"
	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/phone"
	"github.com/botrt/botrt/sim/presence"
	"github.com/botrt/botrt/sim/profile"
	"github.com/botrt/botrt/sim/register"
	"github.com/botrt/botrt/sim/relay"
	"github.com/botrt/botrt/sim/server"
	"github.com/botrt/botrt/sim/web"
	"github.com/botrt/botrt/store"
)

// Options configures Open.
type Options struct {
	// Dir is the data directory; empty keeps everything in memory.
	Dir string
	// RootKey is the private key clients trust; nil uses the stored one (created on first start).
	RootKey *[32]byte
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// MediaHost is the host name media_conn announces (default media.DefaultHost); clients must route
	// it to the simulator, as they do for web.whatsapp.com.
	MediaHost string
	// ManualKeyShare stops the virtual phones from sending each new companion the app-state key on its
	// own; Phones.ShareAppStateKey sends it. A whatsmeow client that gets the key starts syncing app
	// state at once, which tests that do not need it are better without.
	ManualKeyShare bool
	// NoSync skips fsync after writes (tests); a crash may then lose the last writes, a clean close not.
	NoSync bool
}

// Simulator is a running simulator.
type Simulator struct {
	Server    *server.Server
	Pairer    *auth.Pairer
	Directory *directory.Directory
	Relay     *relay.Relay
	Media     *media.Service
	Phones    *phone.Phones
	AppState  *appstate.Service
	Groups    *groups.Service
	Presence  *presence.Service
	Profile   *profile.Service
	Calls     *calls.Service
	Register  *register.Service
	Business  *business.Service
	Channels  *newsletter.Service
	Admin     *admin.API
	// People are the simulated people; they connect when Serve starts.
	People *people.Service
	// Web is the chat page at /; the CLI feeds its bot panel with Web.Publish.
	Web *web.Web
	// MediaCA signs the certificate of ServeMediaTLS's listener; GET /api/ca.pem serves it.
	MediaCA *media.CA

	db      *store.DB
	httpSrv *http.Server
	serving sync.WaitGroup
	addr    net.Addr
	// mediaTLS is the optional HTTPS listener (mediatls.go).
	mediaTLS mediaTLS
}

// Open opens the data directory and builds the simulator; call Serve to accept clients.
func Open(opts Options) (*Simulator, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	db, err := store.Open(opts.Dir, store.Options{InMemory: opts.Dir == "", Logger: log, NoSync: opts.NoSync})
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	srv, err := server.New(server.Options{DB: db.Badger(), RootKey: opts.RootKey, Logger: log})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sim: %w", err)
	}
	s := &Simulator{Server: srv, db: db}
	s.Pairer = auth.New(srv)
	s.Directory = directory.New(srv)
	s.Relay = relay.New(srv)
	s.Groups = groups.Register(srv)
	s.Presence = presence.Register(srv, s.Groups)
	s.Profile = profile.Register(srv, s.Groups)
	s.Directory.SetProfiles(s.Profile)
	s.Relay.SetBlockCheck(s.Profile.Blocked)
	s.Calls = calls.Register(srv)
	s.Register = register.Register(srv)
	s.Business = business.Register(srv)
	s.Channels = newsletter.Register(srv)
	if s.Media, err = media.Register(srv, opts.MediaHost); err != nil {
		_ = srv.Close()
		_ = db.Close()
		return nil, fmt.Errorf("sim: %w", err)
	}
	if err := s.openMediaCA(); err != nil {
		_ = srv.Close()
		_ = db.Close()
		return nil, fmt.Errorf("sim: %w", err)
	}
	s.Phones = phone.Register(srv, db, !opts.ManualKeyShare)
	s.AppState = appstate.Register(srv)
	s.Phones.UseAppState(s.AppState)
	s.Admin = admin.Register(srv, s.Pairer)
	s.People = people.New(srv, db, s.Pairer, nil)
	s.People.AnswerMediaRetries(s.Media)
	admin.RegisterPeople(srv, s.People)
	s.Web = web.Register(srv, s.People, s.Groups)
	return s, nil
}

// Serve accepts clients and admin requests on ln until Close.
func (s *Simulator) Serve(ln net.Listener) {
	s.addr = ln.Addr()
	s.httpSrv = &http.Server{Handler: s.Server.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Server.Logger().Error("sim: serve", "err", err)
		}
	}()
	// People are whatsmeow clients of this process: they must trust this simulator's root.
	client.TrustRoot(s.Server.RootPublic())
	addr := ln.Addr().String()
	if err := s.People.Start(func() string { return addr }); err != nil {
		s.Server.Logger().Error("sim: start people", "err", err)
	}
}

// Addr is the address Serve listens on (nil before Serve).
func (s *Simulator) Addr() net.Addr { return s.addr }

// Close stops the listener, disconnects every client and closes the database.
func (s *Simulator) Close() error {
	var errs []error
	s.People.Close() // before the server, so people are not left reconnecting to it
	s.Web.Close()    // ends the page's event streams, which Shutdown would wait for
	if s.httpSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		// Shutdown does not wait for hijacked WebSockets; Server.Close below ends those.
		errs = append(errs, s.httpSrv.Shutdown(ctx))
		cancel()
		s.serving.Wait()
	}
	errs = append(errs, s.closeMediaTLS())
	errs = append(errs, s.Server.Close(), s.db.Close())
	return errors.Join(errs...)
}
