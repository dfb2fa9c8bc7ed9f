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

// dirAndArgs splits the positionals of dev and run: the optional scripts folder DIR ("." when absent),
// then arguments every bot sees in process.argv, as `node bot.js ARGS` gives them (`botrt dev DIR --
// --do-reply`: flags after "--" are the scripts').
func dirAndArgs(pos []string) (dir string, args []string) {
	if len(pos) == 0 {
		return ".", nil
	}
	return pos[0], pos[1:]
}
