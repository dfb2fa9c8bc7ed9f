// Package web serves the simulator's chat page at / on the simulator's listener: the bundled front end
// (built from web/ by `make web`, embedded so `go build` needs no Node) and the live stream the page
// reads (GET /api/events, server-sent events) with a person's messages as they arrive and the bots' log
// lines and reload events, which the CLI feeds through Publish.
package web

import (
	"context"
	"embed"
	"io/fs"
	"net/http"

	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/server"
)

//go:embed assets
var assets embed.FS

// Web is the chat page of one simulator.
type Web struct {
	people   *people.Service
	groups   *groups.Service
	log      *ring[Entry]
	activity *ring[activity] // receipts and typing, for the streams of the people they concern
	statuses *statuses
	ctx      context.Context // ends every event stream on Close
	close    context.CancelFunc
}

// Register adds the page, its assets, the event stream and the page's group lookup to srv's listener.
func Register(srv *server.Server, svc *people.Service, gs *groups.Service) *Web {
	ctx, cancel := context.WithCancel(context.Background())
	w := &Web{people: svc, groups: gs, log: newRing[Entry](logBacklog), activity: newRing[activity](activityBacklog),
		statuses: newStatuses(), ctx: ctx, close: cancel}
	svc.Observe(w.observe)
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree always has assets/; a failure here is a build defect
	}
	files := http.FileServerFS(sub)
	srv.HandleHTTP("GET /{$}", noCache(files))
	srv.HandleHTTP("GET /assets/", http.StripPrefix("/assets", noCache(files)))
	srv.HandleHTTP("GET /api/events", http.HandlerFunc(w.events))
	srv.HandleHTTP("GET /api/web/groups/{jid}", http.HandlerFunc(w.group))
	return w
}

// noCache makes the browser revalidate the page after every rebuild of the binary; the embedded files
// carry no modification time to revalidate against.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// Close ends every open event stream (an HTTP server's Shutdown would otherwise wait for them); pages
// reconnect to whatever serves next. The page itself stays served.
func (w *Web) Close() { w.close() }
