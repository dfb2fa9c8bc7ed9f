package readline

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
)

// ErrNotInteractive is returned when a bot asks a question but the host has
// no terminal to read the answer from.
var ErrNotInteractive = errors.New("the host's stdin is not interactive (botrt is running without a terminal), so readline cannot read an answer; " +
	"pass the value another way, e.g. an environment variable on the allowlist or a file in the bot's data folder")

// Stdin hands the host's input to bots one line at a time, in the order
// they ask. It is shared by every bot of a host. A read in flight is kept
// for the next asker when its asker gives up (bot stopped, interface
// closed), so no typed line is lost.
type Stdin struct {
	r    *bufio.Reader
	turn chan struct{} // held by the one asker waiting for a line

	mu       sync.Mutex
	inflight chan lineResult
	eof      error
}

type lineResult struct {
	line string
	err  error
}

// NewStdin reads lines from r (normally os.Stdin).
func NewStdin(r io.Reader) *Stdin {
	return &Stdin{r: bufio.NewReader(r), turn: make(chan struct{}, 1)}
}

// ReadLine returns the next line without its line ending. After the input
// ends it returns io.EOF (a last unterminated line is returned first).
func (s *Stdin) ReadLine(ctx context.Context) (string, error) {
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.turn }()
	s.mu.Lock()
	if s.eof != nil {
		s.mu.Unlock()
		return "", s.eof
	}
	if s.inflight == nil {
		ch := make(chan lineResult, 1)
		s.inflight = ch
		go func() {
			line, err := s.r.ReadString('\n')
			if err == nil || (errors.Is(err, io.EOF) && line != "") {
				err = nil
			}
			ch <- lineResult{strings.TrimRight(line, "\r\n"), err}
		}()
	}
	ch := s.inflight
	s.mu.Unlock()
	select {
	case r := <-ch:
		s.mu.Lock()
		s.inflight = nil
		if r.err != nil {
			s.eof = r.err
		}
		s.mu.Unlock()
		return r.line, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
