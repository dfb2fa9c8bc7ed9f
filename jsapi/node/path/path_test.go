package path_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/path"
	"github.com/botrt/botrt/runtime"
)

func TestPathMatchesNodePosix(t *testing.T) {
	b := jstest.New(t, jstest.Options{DataDir: "/data/bot", Modules: map[string]runtime.Module{"path": path.Module()}})
	b.Eval(`var path = require('node:path')`)
	// Expected values are what Node 20's path.posix returns.
	cases := map[string]string{
		`path.join('/a/b', '../c', './d.js')`:                "/a/c/d.js",
		`path.join('a', '', 'b/')`:                           "a/b/",
		`path.join('..', 'x', '..', '..')`:                   "../..",
		`path.join()`:                                        ".",
		`path.normalize('/../a//b/./c/..')`:                  "/a/b",
		`path.normalize('')`:                                 ".",
		`path.resolve('/x', 'y', '../z')`:                    "/x/z",
		`path.resolve('auth')`:                               "/data/bot/auth",
		`path.resolve()`:                                     "/data/bot",
		`path.relative('/a/b/c', '/a/d')`:                    "../../d",
		`path.relative('/a', '/a')`:                          "",
		`path.dirname('/a/b/c.js')`:                          "/a/b",
		`path.dirname('/a')`:                                 "/",
		`path.dirname('a')`:                                  ".",
		`path.dirname('/a/b//')`:                             "/a",
		`path.basename('/a/b/c.js')`:                         "c.js",
		`path.basename('/a/b/c.js', '.js')`:                  "c",
		`path.basename('/a/b/')`:                             "b",
		`path.extname('index.coffee.md')`:                    ".md",
		`path.extname('.index')`:                             "",
		`path.extname('index.')`:                             ".",
		`JSON.stringify(path.parse('/home/u/file.txt'))`:     `{"root":"/","dir":"/home/u","base":"file.txt","ext":".txt","name":"file"}`,
		`path.format({ dir: '/home/u', base: 'f.txt' })`:     "/home/u/f.txt",
		`path.format({ root: '/', name: 'f', ext: 'txt' })`:  "/f.txt",
		`path.isAbsolute('/x') + ',' + path.isAbsolute('x')`: "true,false",
		`path.sep + path.delimiter + (path.posix === path)`:  "/:true",
	}
	b.Expect(cases)
	b.ExpectThrows(map[string]string{
		`path.join('a', 1)`:    `"path" argument must be of type string. Received type number (1)`,
		`path.basename(null)`:  `Received null`,
		`path.win32.join('a')`: `path.win32.join is not available`,
		`path.format('x')`:     `"pathObject" argument must be of type object`,
	})
}
