function () {
  'use strict';
  const kEvents = Symbol('events');
  const kMax = Symbol('maxListeners');
  const kWarned = Symbol('warned');

  function checkListener(fn) {
    if (typeof fn !== 'function') {
      const e = new TypeError('The "listener" argument must be of type function. Received ' +
        (fn === null ? 'null' : typeof fn));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }
  function table(ee) {
    if (!Object.prototype.hasOwnProperty.call(ee, kEvents) || !ee[kEvents]) {
      Object.defineProperty(ee, kEvents, { value: new Map(), writable: true, configurable: true });
    }
    return ee[kEvents];
  }

  function EventEmitter(opts) { EventEmitter.init.call(this, opts); }
  EventEmitter.prototype[kEvents] = undefined;
  EventEmitter.prototype[kMax] = undefined;
  let defaultMaxListeners = 10;
  Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
    enumerable: true,
    get() { return defaultMaxListeners; },
    set(n) {
      if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
        const e = new RangeError('The value of "defaultMaxListeners" is out of range. It must be a non-negative number. Received ' + String(n));
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
      defaultMaxListeners = n;
    },
  });
  EventEmitter.init = function () {
    if (!Object.prototype.hasOwnProperty.call(this, kEvents) || !this[kEvents]) {
      Object.defineProperty(this, kEvents, { value: new Map(), writable: true, configurable: true });
    }
  };
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');

  function addListener(ee, name, fn, prepend, once) {
    checkListener(fn);
    const events = table(ee);
    if (events.has('newListener')) ee.emit('newListener', name, once ? once.listener : fn);
    const entry = once || fn;
    let list = events.get(name);
    if (!list) events.set(name, list = []);
    if (prepend) list.unshift(entry); else list.push(entry);
    const max = ee.getMaxListeners();
    if (max > 0 && list.length > max && !list[kWarned]) {
      list[kWarned] = true;
      const msg = 'MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ' + list.length + ' ' +
        String(name) + ' listeners added to ' + ((ee.constructor && ee.constructor.name) || 'EventEmitter') +
        '. MaxListeners is ' + max + '. Use emitter.setMaxListeners() to increase limit';
      if (typeof console !== 'undefined' && console.warn) console.warn(msg);
    }
    return ee;
  }
  function onceWrapper(ee, name, fn) {
    const state = { fired: false };
    const wrapped = function (...args) {
      if (state.fired) return undefined;
      state.fired = true;
      ee.removeListener(name, wrapped);
      return fn.apply(this, args);
    };
    wrapped.listener = fn;
    return wrapped;
  }

  const proto = EventEmitter.prototype;
  proto.setMaxListeners = function (n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      const e = new RangeError('The value of "n" is out of range. It must be a non-negative number. Received ' + String(n));
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    this[kMax] = n;
    return this;
  };
  proto.getMaxListeners = function () { return this[kMax] === undefined ? defaultMaxListeners : this[kMax]; };
  proto.addListener = function (name, fn) { return addListener(this, name, fn, false); };
  proto.on = proto.addListener;
  proto.prependListener = function (name, fn) { return addListener(this, name, fn, true); };
  proto.once = function (name, fn) { checkListener(fn); return addListener(this, name, fn, false, onceWrapper(this, name, fn)); };
  proto.prependOnceListener = function (name, fn) { checkListener(fn); return addListener(this, name, fn, true, onceWrapper(this, name, fn)); };
  proto.removeListener = function (name, fn) {
    checkListener(fn);
    const events = table(this);
    const list = events.get(name);
    if (!list) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === fn || list[i].listener === fn) {
        const [removed] = list.splice(i, 1);
        if (list.length === 0) events.delete(name);
        if (events.has('removeListener')) this.emit('removeListener', name, removed.listener || removed);
        break;
      }
    }
    return this;
  };
  proto.off = proto.removeListener;
  proto.removeAllListeners = function (name) {
    const events = table(this);
    if (arguments.length === 0) {
      for (const key of [...events.keys()]) if (key !== 'removeListener') this.removeAllListeners(key);
      this.removeAllListeners('removeListener');
      events.clear();
      return this;
    }
    const list = events.get(name);
    if (!list) return this;
    if (events.has('removeListener') && name !== 'removeListener') {
      for (let i = list.length - 1; i >= 0; i--) this.removeListener(name, list[i]);
    }
    events.delete(name);
    return this;
  };
  proto.emit = function (name, ...args) {
    const events = table(this);
    if (name === 'error') {
      const monitors = events.get(EventEmitter.errorMonitor);
      if (monitors) for (const fn of monitors.slice()) fn.apply(this, args);
      if (!events.has('error')) {
        const er = args[0];
        if (er instanceof Error) throw er;
        const e = new Error('Unhandled error. (' + (er === undefined ? 'undefined' : String(er)) + ')');
        e.code = 'ERR_UNHANDLED_ERROR';
        e.context = er;
        throw e;
      }
    }
    const list = events.get(name);
    if (!list) return false;
    for (const fn of list.slice()) fn.apply(this, args);
    return true;
  };
  proto.listeners = function (name) { return (table(this).get(name) || []).map((f) => f.listener || f); };
  proto.rawListeners = function (name) { return (table(this).get(name) || []).slice(); };
  proto.listenerCount = function (name, fn) {
    const list = table(this).get(name) || [];
    return fn === undefined ? list.length : list.filter((f) => f === fn || f.listener === fn).length;
  };
  proto.eventNames = function () { return [...table(this).keys()]; };

  EventEmitter.listenerCount = (ee, name) => ee.listenerCount(name);
  EventEmitter.once = function (ee, name) {
    return new Promise((resolve, reject) => {
      const onError = (err) => { ee.removeListener(name, onEvent); reject(err); };
      const onEvent = (...args) => { if (name !== 'error') ee.removeListener('error', onError); resolve(args); };
      ee.once(name, onEvent);
      if (name !== 'error') ee.once('error', onError);
    });
  };
  EventEmitter.getEventListeners = (ee, name) => ee.listeners(name);
  EventEmitter.setMaxListeners = (n, ...targets) => {
    if (targets.length === 0) EventEmitter.defaultMaxListeners = n;
    for (const t of targets) t.setMaxListeners(n);
  };
  EventEmitter.EventEmitter = EventEmitter;
  return EventEmitter;
}
