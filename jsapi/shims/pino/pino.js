function (native) {
  'use strict';
  const values = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
  const labels = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  const inspect = native.inspect;
  const format = native.format;

  function levelValue(level) {
    if (typeof level === 'number') return level;
    const v = values[String(level)];
    if (v === undefined) throw new Error('unknown level ' + level);
    return v;
  }
  function attrValue(v) {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v === undefined ? 'undefined' : String(v);
    if (v instanceof Error) return v.stack || String(v);
    return inspect(v, { depth: 3, breakLength: Infinity });
  }

  function makeLogger(state) {
    const logger = {};
    function emit(name, args) {
      if (values[name] < state.level.value || state.level.value === Infinity) return;
      const attrs = [];
      let msg = '';
      if (args.length && args[0] !== null && typeof args[0] === 'object') {
        const obj = args[0];
        if (obj instanceof Error) {
          attrs.push(['err', attrValue(obj)]);
          msg = args.length > 1 ? format(...args.slice(1)) : obj.message;
        } else {
          const useMsg = args.length === 1 && typeof obj.msg === 'string';
          for (const k of Object.keys(obj)) if (!(useMsg && k === 'msg')) attrs.push([k, attrValue(obj[k])]);
          msg = useMsg ? obj.msg : format(...args.slice(1));
        }
      } else if (args.length) {
        msg = format(...args);
      }
      const bound = Object.entries(state.bindings).map(([k, v]) => [k, attrValue(v)]);
      native.log(name, msg, bound.concat(attrs));
    }
    for (const name of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) logger[name] = (...args) => emit(name, args);
    logger.silent = () => {};
    Object.defineProperty(logger, 'level', {
      enumerable: true,
      get() { return state.level.name; },
      set(l) {
        const v = levelValue(l);
        state.level = { name: typeof l === 'number' ? labels[l] || String(l) : String(l), value: v };
      },
    });
    Object.defineProperty(logger, 'levelVal', { get() { return state.level.value; } });
    logger.isLevelEnabled = (l) => { try { return levelValue(l) >= state.level.value && state.level.value !== Infinity; } catch (e) { return false; } };
    logger.child = (bindings = {}, opts = {}) => makeLogger({
      bindings: Object.assign({}, state.bindings, bindings),
      level: opts.level !== undefined ? { name: String(opts.level), value: levelValue(opts.level) } : Object.assign({}, state.level),
    });
    logger.bindings = () => Object.assign({}, state.bindings);
    logger.setBindings = (b) => { Object.assign(state.bindings, b); };
    logger.flush = (cb) => { if (typeof cb === 'function') cb(); };
    logger.levels = { values: Object.assign({}, values), labels: Object.assign({}, labels) };
    logger.version = '9.0.0-botrt';
    for (const m of ['on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners']) logger[m] = () => logger;
    logger.emit = () => false;
    logger.useLevelLabels = false;
    return logger;
  }

  // pino(options?, destination?) and pino(destination): the destination and
  // transports are accepted and ignored; output always goes to the bot's log.
  function pino(opts, _destination) {
    const o = opts !== null && typeof opts === 'object' && typeof opts.write !== 'function' ? opts : {};
    const level = o.level === undefined ? 'info' : o.level;
    const bindings = {};
    if (o.name) bindings.name = o.name;
    if (o.base && typeof o.base === 'object') Object.assign(bindings, o.base);
    return makeLogger({ bindings, level: { name: String(level), value: levelValue(level) } });
  }
  const sink = () => ({ write() { return true; }, end() {}, flush() {}, flushSync() {}, reopen() {}, on() { return this; }, once() { return this; } });
  pino.destination = sink;
  pino.transport = sink;
  pino.multistream = sink;
  pino.levels = { values: Object.assign({}, values), labels: Object.assign({}, labels) };
  pino.stdTimeFunctions = { epochTime: () => ',"time":' + Date.now(), unixTime: () => ',"time":' + Math.round(Date.now() / 1000), nullTime: () => '', isoTime: () => ',"time":"' + new Date().toISOString() + '"' };
  pino.stdSerializers = { err: (e) => e, req: (r) => r, res: (r) => r };
  pino.symbols = {};
  pino.version = '9.0.0-botrt';
  pino.pino = pino;
  pino.default = pino;
  return pino;
}
