function (native) {
  'use strict';
  const process = new native.EventEmitter();
  const asyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');
  process.env = native.env;
  process.argv = native.argv;
  process.argv0 = 'botrt';
  process.execArgv = [];
  process.execPath = '/botrt';
  process.platform = native.platform;
  process.arch = native.arch;
  process.version = native.version;
  process.versions = native.versions;
  process.release = { name: 'node' };
  process.pid = native.pid;
  process.ppid = 0;
  process.title = 'botrt';
  process.exitCode = undefined;
  process.features = {};
  process.config = { variables: {} };
  process.cwd = () => native.cwd;
  process.chdir = () => { throw new Error('process.chdir is not available in the botrt sandbox: a bot\'s working directory is its data folder'); };
  process.umask = () => 0o22;
  process.nextTick = (fn, ...args) => {
    if (typeof fn !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    Promise.resolve().then(() => fn(...args));
  };
  const hrtime = (prev) => {
    const ns = native.hrtime();
    let sec = Math.floor(ns / 1e9), nsec = ns % 1e9;
    if (Array.isArray(prev)) {
      sec -= prev[0]; nsec -= prev[1];
      if (nsec < 0) { sec--; nsec += 1e9; }
    }
    return [sec, nsec];
  };
  hrtime.bigint = () => BigInt(native.hrtime());
  process.hrtime = hrtime;
  process.uptime = () => native.uptime();
  process.memoryUsage = () => native.memoryUsage();
  process.memoryUsage.rss = () => native.memoryUsage().rss;
  process.cpuUsage = () => ({ user: 0, system: 0 });
  process.emitWarning = (warning, type) => {
    const msg = warning instanceof Error ? warning.name + ': ' + warning.message : (type ? type + ': ' : 'Warning: ') + String(warning);
    native.log('warn', msg);
  };
  process.exit = (code) => {
    if (code === undefined) code = process.exitCode === undefined ? 0 : process.exitCode;
    code = Number(code) | 0;
    process.exitCode = code;
    if (!process._exiting) {
      process._exiting = true;
      try { process.emit('exit', code); } finally { native.exit(code); }
    }
    return undefined;
  };
  process.abort = () => process.exit(134);
  process.kill = () => { throw new Error('process.kill is not available in the botrt sandbox'); };
  for (const name of ['dlopen', 'binding', 'setuid', 'setgid', 'getuid', 'getgid', 'geteuid', 'getegid']) {
    process[name] = () => { throw new Error('process.' + name + ' is not available in the botrt sandbox'); };
  }

  function writer(level) {
    let pending = '';
    return {
      isTTY: false,
      columns: 80,
      rows: 24,
      writable: true,
      write(chunk, enc, cb) {
        if (typeof enc === 'function') cb = enc;
        pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) native.log(level, line);
        if (typeof cb === 'function') process.nextTick(cb);
        return true;
      },
      end(chunk) { if (chunk) this.write(chunk); if (pending) { native.log(level, pending); pending = ''; } },
      on() { return this; }, once() { return this; }, off() { return this; }, removeListener() { return this; }, emit() { return false; },
      cursorTo() { return true; }, moveCursor() { return true; }, clearLine() { return true; }, clearScreenDown() { return true; },
      getColorDepth() { return 1; }, hasColors() { return false; }, getWindowSize() { return [80, 24]; },
    };
  }
  process.stdout = writer('info');
  process.stderr = writer('error');
  // process.stdin is only a marker for readline.createInterface: reading the
  // host's terminal goes through readline (one line per question).
  process.stdin = new native.EventEmitter();
  Object.assign(process.stdin, {
    isTTY: native.interactive,
    fd: 0,
    readable: native.interactive,
    setRawMode() { return this; },
    setEncoding() { return this; },
    resume() { return this; },
    pause() { return this; },
    ref() { return this; },
    unref() { return this; },
    read() { return null; },
    [asyncIterator]() { throw new Error('reading process.stdin directly is not supported in botrt; use readline.question()'); },
  });
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process' });
  return process;
}
