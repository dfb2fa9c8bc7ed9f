package main

import (
	"flag"
	"fmt"
	"strings"
)

// envList is the --env NAME,... allowlist of host variables scripts may
// read through process.env; the flag may be repeated.
type envList struct{ names []string }

func (e *envList) String() string { return strings.Join(e.names, ",") }

func (e *envList) Set(v string) error {
	for n := range strings.SplitSeq(v, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if strings.ContainsAny(n, "= ") {
			return fmt.Errorf("bad variable name %q", n)
		}
		e.names = append(e.names, n)
	}
	return nil
}

func envFlag(fs *flag.FlagSet) *envList {
	e := &envList{}
	fs.Var(e, "env", "comma-separated host environment variables scripts may read through process.env")
	return e
}

// parseMixed parses flags that may come before or after the positional
// arguments (`botrt dev DIR --listen ADDR` as in the docs), returning the
// positionals in order. A lone "--" ends flag parsing.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// oneDir is the optional DIR argument of dev and run ("." when absent).
func oneDir(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return ".", nil
	case 1:
		return pos[0], nil
	default:
		return "", fmt.Errorf("one scripts folder expected, got %v", pos)
	}
}
