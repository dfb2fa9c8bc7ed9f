package assert_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/assert"
	"github.com/botrt/botrt/runtime"
)

func TestAssert(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"assert": assert.Module(), "assert/strict": assert.StrictModule()}})
	b.Eval(`
		const assert = require('assert');
		assert(true); assert.ok(1); assert.equal(1, '1'); assert.strictEqual(NaN, NaN);
		assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); assert.deepEqual({ a: 1 }, { a: '1' });
		assert.notStrictEqual(1, 2); assert.match('abc', /b/); assert.ifError(null);
		assert.throws(() => { throw new TypeError('bad thing') }, TypeError);
		assert.throws(() => { throw new Error('bad thing') }, /bad/);
		assert.throws(() => { throw Object.assign(new Error('x'), { code: 'E1' }) }, { code: 'E1' });
		assert.doesNotThrow(() => {});
		require('assert/strict').equal(2, 2);
	`)
	cases := map[string]string{
		`assert.strictEqual(1, 2)`:                                     "Expected values to be strictly equal:\n\n1 !== 2",
		`assert.ok(0)`:                                                 "The expression evaluated to a falsy value",
		`assert.deepStrictEqual({ a: 1 }, { a: '1' })`:                 "Expected values to be strictly deep-equal",
		`assert.equal(1, 2, 'custom message')`:                         "custom message",
		`assert.throws(() => {})`:                                      "Missing expected exception.",
		`assert.throws(() => { throw new Error('other') }, TypeError)`: "other",
		`require('assert/strict').equal(1, '1')`:                       "strictly equal",
		`assert.fail('boom')`:                                          "boom",
	}
	b.ExpectThrows(cases)
	if got := b.Eval(`try { assert.strictEqual(1, 2) } catch (e) { [e.name, e.code, e.actual, e.expected, e.operator, e instanceof assert.AssertionError].join() }`).String(); got != "AssertionError,ERR_ASSERTION,1,2,strictEqual,true" {
		t.Errorf("error fields: %s", got)
	}
	if _, err := b.Await(`assert.rejects(Promise.resolve(1))`); err == nil || !strings.Contains(err.Error(), "Missing expected rejection") {
		t.Errorf("rejects: %v", err)
	}
	if _, err := b.Await(`assert.rejects(Promise.reject(new Error('x')), /x/)`); err != nil {
		t.Errorf("rejects match: %v", err)
	}
}
