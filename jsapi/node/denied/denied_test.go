package denied_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/denied"
)

func TestHostReachingModulesAreRefusedByName(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: denied.Modules()})
	for _, name := range []string{"child_process", "node:net", "http", "vm", "worker_threads"} {
		_, err := b.Run(`require('` + name + `')`)
		bare := strings.TrimPrefix(name, "node:")
		if err == nil || !strings.Contains(err.Error(), `module "`+bare+`" is not available in the botrt sandbox`) {
			t.Errorf("require(%s): %v", name, err)
		}
	}
}
