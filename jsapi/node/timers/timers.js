function (g) {
  'use strict';
  const { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate } = g;
  const asyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');
  function aborted(signal) {
    const e = new Error('The operation was aborted');
    e.name = 'AbortError';
    e.code = 'ABORT_ERR';
    e.cause = signal.reason;
    return e;
  }
  function later(schedule, cancel, value, opts = {}) {
    return new Promise((resolve, reject) => {
      const signal = opts.signal;
      if (signal && signal.aborted) return reject(aborted(signal));
      const onAbort = () => { cancel(t); reject(aborted(signal)); };
      const t = schedule(() => { if (signal) signal.removeEventListener('abort', onAbort); resolve(value); });
      if (opts.ref === false && t && typeof t.unref === 'function') t.unref();
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
    });
  }
  const promises = {
    setTimeout: (ms, value, opts) => later((fn) => setTimeout(fn, ms), clearTimeout, value, opts),
    setImmediate: (value, opts) => later((fn) => setImmediate(fn), clearImmediate, value, opts),
    setInterval(ms, value, opts = {}) {
      let ticks = 0;
      let wake = null;
      let done = false;
      const signal = opts.signal;
      const t = setInterval(() => { ticks++; if (wake) { const w = wake; wake = null; w(); } }, ms);
      const stop = () => { done = true; clearInterval(t); if (wake) { const w = wake; wake = null; w(); } };
      if (signal) signal.addEventListener('abort', stop, { once: true });
      return {
        async next() {
          while (!ticks && !done) await new Promise((r) => { wake = r; });
          if (signal && signal.aborted) throw aborted(signal);
          if (done) return { value: undefined, done: true };
          ticks--;
          return { value, done: false };
        },
        async return() { stop(); return { value: undefined, done: true }; },
        [asyncIterator]() { return this; },
      };
    },
  };
  promises.scheduler = {
    wait: (ms, opts) => promises.setTimeout(ms, undefined, opts),
    yield: () => promises.setImmediate(),
  };
  return { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, promises };
}
