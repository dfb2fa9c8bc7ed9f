function (native) {
  'use strict';
  const { inspect, isDeepStrictEqual } = native;
  class AssertionError extends Error {
    constructor(options) {
      super(options.message);
      this.name = 'AssertionError';
      this.code = 'ERR_ASSERTION';
      this.actual = options.actual;
      this.expected = options.expected;
      this.operator = options.operator;
      this.generatedMessage = !options.userMessage;
    }
  }
  function fail(actual, expected, message, operator, defaultMessage) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message: message !== undefined ? String(message) : defaultMessage, userMessage: message !== undefined, actual, expected, operator });
  }
  const show = (v) => inspect(v, { depth: 4, breakLength: Infinity });
  function ok(value, message) {
    if (!value) fail(value, true, message, '==', arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value:\n\n  assert.ok(' + show(value) + ')\n');
  }
  // Loose deep equality: == for primitives, same keys compared loosely.
  function looseDeep(a, b) {
    if (a == b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && looseDeep(a[k], b[k]));
  }
  function matches(err, expected) {
    if (expected === undefined) return true;
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && err instanceof expected) return true;
      if (Error.isPrototypeOf(expected) || expected === Error) return false;
      return expected.call({}, err) === true;
    }
    if (expected instanceof RegExp) return expected.test(String(err && err.message !== undefined ? err.message : err)) || expected.test(String(err));
    if (typeof expected === 'object') {
      return Object.keys(expected).every((k) => expected[k] instanceof RegExp && typeof err[k] === 'string' ? expected[k].test(err[k]) : isDeepStrictEqual(err[k], expected[k]));
    }
    return false;
  }
  const assert = function (value, message) { ok(value, message); };
  Object.assign(assert, {
    ok,
    AssertionError,
    fail(message = 'Failed') { fail(undefined, undefined, message, 'fail', 'Failed'); },
    equal(a, b, m) { if (!(a == b || (a !== a && b !== b))) fail(a, b, m, '==', show(a) + ' == ' + show(b)); },
    notEqual(a, b, m) { if (a == b) fail(a, b, m, '!=', show(a) + ' != ' + show(b)); },
    strictEqual(a, b, m) { if (!Object.is(a, b)) fail(a, b, m, 'strictEqual', 'Expected values to be strictly equal:\n\n' + show(a) + ' !== ' + show(b) + '\n'); },
    notStrictEqual(a, b, m) { if (Object.is(a, b)) fail(a, b, m, 'notStrictEqual', 'Expected "actual" to be strictly unequal to: ' + show(b)); },
    deepStrictEqual(a, b, m) { if (!isDeepStrictEqual(a, b)) fail(a, b, m, 'deepStrictEqual', 'Expected values to be strictly deep-equal:\n' + show(a) + '\n\nshould equal\n\n' + show(b)); },
    notDeepStrictEqual(a, b, m) { if (isDeepStrictEqual(a, b)) fail(a, b, m, 'notDeepStrictEqual', 'Expected "actual" not to be strictly deep-equal to: ' + show(b)); },
    deepEqual(a, b, m) { if (!looseDeep(a, b)) fail(a, b, m, 'deepEqual', 'Expected values to be loosely deep-equal:\n' + show(a) + '\n\nshould loosely deep-equal\n\n' + show(b)); },
    notDeepEqual(a, b, m) { if (looseDeep(a, b)) fail(a, b, m, 'notDeepEqual', 'Expected "actual" not to be loosely deep-equal to: ' + show(b)); },
    match(s, re, m) { if (!re.test(s)) fail(s, re, m, 'match', 'The input did not match the regular expression ' + re + '. Input:\n\n' + show(s) + '\n'); },
    doesNotMatch(s, re, m) { if (re.test(s)) fail(s, re, m, 'doesNotMatch', 'The input was expected to not match the regular expression ' + re + '. Input:\n\n' + show(s) + '\n'); },
    ifError(v) { if (v !== null && v !== undefined) { if (v instanceof Error) throw v; fail(v, null, undefined, 'ifError', 'ifError got unwanted exception: ' + show(v)); } },
    throws(fn, expected, message) {
      if (typeof expected === 'string') { message = expected; expected = undefined; }
      try { fn(); } catch (err) {
        if (!matches(err, expected)) throw err;
        return;
      }
      fail(undefined, expected, message, 'throws', 'Missing expected exception' + (message ? ': ' + message : '.'));
    },
    doesNotThrow(fn, message) {
      try { fn(); } catch (err) { fail(err, undefined, message, 'doesNotThrow', 'Got unwanted exception.\nActual message: "' + (err && err.message) + '"'); }
    },
    async rejects(p, expected, message) {
      if (typeof expected === 'string') { message = expected; expected = undefined; }
      try { await (typeof p === 'function' ? p() : p); } catch (err) {
        if (!matches(err, expected)) throw err;
        return;
      }
      fail(undefined, expected, message, 'rejects', 'Missing expected rejection' + (message ? ': ' + message : '.'));
    },
    async doesNotReject(p, message) {
      try { await (typeof p === 'function' ? p() : p); } catch (err) { fail(err, undefined, message, 'doesNotReject', 'Got unwanted rejection.\nActual message: "' + (err && err.message) + '"'); }
    },
  });
  assert.strict = Object.assign(function (value, message) { ok(value, message); }, assert, {
    equal: assert.strictEqual, notEqual: assert.notStrictEqual, deepEqual: assert.deepStrictEqual, notDeepEqual: assert.notDeepStrictEqual,
  });
  assert.strict.strict = assert.strict;
  assert.default = assert;
  return assert;
}
