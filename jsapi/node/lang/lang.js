function (native) {
  'use strict';
  // Symbol.asyncIterator: goja lacks it; esbuild's helpers and our streams
  // use Symbol.for('Symbol.asyncIterator') as the stand-in, so make it the
  // real name too.
  if (!Symbol.asyncIterator) {
    Object.defineProperty(Symbol, 'asyncIterator', { value: Symbol.for('Symbol.asyncIterator') });
  }
  // Error.captureStackTrace (V8) is called by many npm packages on their own
  // error classes; give the object a stack from here.
  if (typeof Error.captureStackTrace !== 'function') {
    Object.defineProperty(Error, 'captureStackTrace', {
      writable: true, configurable: true,
      value: function captureStackTrace(obj) {
        if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) {
          throw new TypeError('Invalid argument: Error.captureStackTrace needs an object');
        }
        const frames = String(new Error().stack || '').split('\n').slice(2).join('\n');
        let head = 'Error';
        try { head = Error.prototype.toString.call(obj); } catch (e) { /* keep 'Error' */ }
        Object.defineProperty(obj, 'stack', { value: head + (frames ? '\n' + frames : ''), writable: true, configurable: true });
      },
    });
  }
  if (Error.stackTraceLimit === undefined) Error.stackTraceLimit = 10;

  const timeOrigin = native.timeOrigin;
  const marks = new Map();
  const performance = {
    timeOrigin,
    now: () => native.now(),
    mark(name) { const e = { name, entryType: 'mark', startTime: native.now(), duration: 0 }; marks.set(name, e); return e; },
    measure(name, start, end) {
      const s = typeof start === 'string' ? (marks.get(start) || { startTime: 0 }).startTime : 0;
      const e = typeof end === 'string' ? (marks.get(end) || { startTime: native.now() }).startTime : native.now();
      return { name, entryType: 'measure', startTime: s, duration: e - s };
    },
    clearMarks(name) { if (name === undefined) marks.clear(); else marks.delete(name); },
    getEntriesByName(name) { const m = marks.get(name); return m ? [m] : []; },
    toJSON() { return { timeOrigin }; },
  };
  return { performance };
}
