package runtimetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
)

// Sock is a stand-in for a socket module: scripts get an event emitter
// (require('sock').ev.on/once/off/removeAllListeners/listenerCount) whose
// events the test emits from Go through RegisterCallback, a send(value) that
// returns a promise resolved from another goroutine, as a network call would
// be, and exit(code), which calls Bot.Exit. It lets runtime tests drive
// scripts exactly as the Baileys module will, without WhatsApp.
type Sock struct {
	mu     sync.Mutex
	conns  map[string][]*sockConn // live generations per bot, oldest first
	sent   []Sent
	cursor map[string]int
	cond   *sync.Cond
}

// Sent is one value a script passed to sock.send.
type Sent struct {
	Bot   string
	Value any // exported JS value
}

// Text is Value as a string when it is one, or its "text" field.
func (s Sent) Text() string {
	switch v := s.Value.(type) {
	case string:
		return v
	case map[string]any:
		if t, ok := v["text"].(string); ok {
			return t
		}
	}
	return fmt.Sprint(s.Value)
}

// sockConn is one generation's sock. listeners is loop-goroutine only; count
// mirrors its size for other goroutines.
type sockConn struct {
	bot       runtime.Bot
	listeners map[string][]sockListener
	count     int
}

type sockListener struct {
	fn   goja.Callable
	orig goja.Value
	once bool
}

// NewSock returns a stand-in socket; register Module() as a host module.
func NewSock() *Sock {
	s := &Sock{conns: map[string][]*sockConn{}, cursor: map[string]int{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Module is the host module scripts require.
func (s *Sock) Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		c := &sockConn{bot: bot, listeners: map[string][]sockListener{}}
		s.mu.Lock()
		s.conns[bot.Name()] = append(s.conns[bot.Name()], c)
		s.mu.Unlock()
		// The socket keeps the bot alive, like a connection would.
		keepAlive := bot.RegisterCallback()
		context.AfterFunc(bot.Context(), func() {
			keepAlive(nil)
			s.mu.Lock()
			list := s.conns[bot.Name()]
			for i, x := range list {
				if x == c {
					s.conns[bot.Name()] = append(list[:i:i], list[i+1:]...)
					break
				}
			}
			s.mu.Unlock()
		})

		ev := vm.NewObject()
		add := func(once bool) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				fn, ok := goja.AssertFunction(call.Argument(1))
				if !ok {
					panic(vm.NewTypeError("sock.ev.on: the listener must be a function"))
				}
				name := call.Argument(0).String()
				c.listeners[name] = append(c.listeners[name], sockListener{fn: fn, orig: call.Argument(1), once: once})
				s.recount(c)
				return ev
			}
		}
		_ = ev.Set("on", add(false))
		_ = ev.Set("once", add(true))
		_ = ev.Set("off", func(call goja.FunctionCall) goja.Value {
			name := call.Argument(0).String()
			list := c.listeners[name]
			for i, l := range list {
				if l.orig.SameAs(call.Argument(1)) {
					c.listeners[name] = append(list[:i:i], list[i+1:]...)
					break
				}
			}
			s.recount(c)
			return ev
		})
		_ = ev.Set("removeAllListeners", func(call goja.FunctionCall) goja.Value {
			if goja.IsUndefined(call.Argument(0)) {
				clear(c.listeners)
			} else {
				delete(c.listeners, call.Argument(0).String())
			}
			s.recount(c)
			return ev
		})
		_ = ev.Set("listenerCount", func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(len(c.listeners[call.Argument(0).String()]))
		})
		sock := vm.NewObject()
		_ = sock.Set("ev", ev)
		_ = sock.Set("send", func(call goja.FunctionCall) goja.Value {
			value := call.Argument(0).Export()
			p, resolve, _ := vm.NewPromise()
			done := bot.RegisterCallback()
			go func() { // the "network": record, then resolve on the loop
				s.mu.Lock()
				s.sent = append(s.sent, Sent{Bot: bot.Name(), Value: value})
				s.mu.Unlock()
				s.cond.Broadcast()
				done(func() error { return resolve(true) })
			}()
			return vm.ToValue(p)
		})
		// exit(code) stands in for process.exit until the process module is there.
		_ = sock.Set("exit", func(call goja.FunctionCall) goja.Value {
			bot.Exit(int(call.Argument(0).ToInteger()))
			return goja.Undefined()
		})
		return sock, nil
	})
}

func (s *Sock) recount(c *sockConn) {
	n := 0
	for _, l := range c.listeners {
		n += len(l)
	}
	s.mu.Lock()
	c.count = n
	s.mu.Unlock()
}

// Emit delivers event with payload (converted with vm.ToValue) to the
// listeners of the bot's newest running generation. It returns an error when the bot
// has no live sock or the delivery was dropped because the bot stopped.
func (s *Sock) Emit(bot, event string, payload any) error {
	s.mu.Lock()
	var c *sockConn
	for _, x := range s.conns[bot] { // the newest generation still running
		if x.bot.Context().Err() == nil {
			c = x
		}
	}
	s.mu.Unlock()
	if c == nil {
		return fmt.Errorf("sock: bot %q has no live sock", bot)
	}
	complete := c.bot.RegisterCallback()
	if !complete(func() error { return s.dispatch(c, event, payload) }) {
		return fmt.Errorf("sock: bot %q stopped before the event was delivered", bot)
	}
	return nil
}

// dispatch calls the listeners in order on the loop; a throwing listener
// ends the dispatch with its error, as Node's EventEmitter does.
func (s *Sock) dispatch(c *sockConn, event string, payload any) error {
	vm := c.bot.Runtime()
	arg := vm.ToValue(payload)
	list := append([]sockListener(nil), c.listeners[event]...)
	kept := c.listeners[event][:0]
	for _, l := range c.listeners[event] {
		if !l.once {
			kept = append(kept, l)
		}
	}
	c.listeners[event] = kept
	s.recount(c)
	for _, l := range list {
		if _, err := l.fn(goja.Undefined(), arg); err != nil {
			return err
		}
	}
	return nil
}

// Listeners counts the listeners of every live generation of bot: after a
// reload only the new generation's remain.
func (s *Sock) Listeners(bot string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns[bot] {
		n += c.count
	}
	return n
}

// Generations counts the bot's live socks (1 while it runs, 0 when stopped).
func (s *Sock) Generations(bot string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns[bot])
}

// WaitSent waits for the next value bot sends (consuming it) and returns it.
func (s *Sock) WaitSent(t testing.TB, bot string) Sent {
	t.Helper()
	sent, ok := s.NextSent(bot, DefaultTimeout)
	if !ok {
		t.Fatalf("sock: bot %q sent nothing within %s", bot, DefaultTimeout)
	}
	return sent
}

// NextSent waits up to timeout for the next value bot sends (consuming it).
// An event delivered while the bot is being replaced by a reload can be
// dropped with the old generation, so tests polling across a reload use this.
func (s *Sock) NextSent(bot string, timeout time.Duration) (Sent, bool) {
	deadline := time.Now().Add(timeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for i := s.cursor[bot]; i < len(s.sent); i++ {
			if s.sent[i].Bot == bot {
				s.cursor[bot] = i + 1
				return s.sent[i], true
			}
		}
		s.cursor[bot] = len(s.sent)
		if time.Now().After(deadline) {
			return Sent{}, false
		}
		s.cond.Wait()
	}
}

// SentCount counts everything bot sent so far.
func (s *Sock) SentCount(bot string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, x := range s.sent {
		if x.Bot == bot {
			n++
		}
	}
	return n
}
