package dotenv

import (
	"regexp"
	"strings"
)

// line matches one KEY=VALUE entry the way dotenv does: optional "export",
// a value that is single-, double- or back-quoted (possibly over several
// lines) or bare up to a comment.
var line = regexp.MustCompile(`(?m)^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*` + "`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?\s*(?:#.*)?$`)

// parse reads .env text into ordered key/value pairs (later keys win).
func parse(src string) ([]string, map[string]string) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var order []string
	vals := map[string]string{}
	for _, m := range line.FindAllStringSubmatch(src, -1) {
		key, raw := m[1], strings.TrimSpace(m[2])
		val := raw
		if len(raw) >= 2 {
			q := raw[0]
			if (q == '\'' || q == '"' || q == '`') && raw[len(raw)-1] == q {
				val = raw[1 : len(raw)-1]
				if q == '"' {
					val = strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(val)
				}
			}
		}
		if _, seen := vals[key]; !seen {
			order = append(order, key)
		}
		vals[key] = val
	}
	return order, vals
}
