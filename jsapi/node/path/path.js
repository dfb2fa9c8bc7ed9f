function (native) {
  'use strict';
  function check(p, name) {
    if (typeof p !== 'string') {
      const e = new TypeError('The "' + name + '" argument must be of type string. Received ' +
        (p === null ? 'null' : typeof p === 'object' ? 'an instance of ' + ((p.constructor && p.constructor.name) || 'Object') : 'type ' + typeof p + ' (' + String(p) + ')'));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }
  // normalizeParts resolves '.' and '..' segments; above the root of an
  // absolute path '..' is dropped, in a relative one it is kept.
  function normalizeParts(parts, absolute) {
    const out = [];
    for (const p of parts) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!absolute) out.push('..');
        continue;
      }
      out.push(p);
    }
    return out;
  }
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      check(p, 'path');
      if (p === '') return '.';
      const abs = p[0] === '/';
      const trailing = p[p.length - 1] === '/';
      let s = normalizeParts(p.split('/'), abs).join('/');
      if (s === '' && !abs) s = '.';
      if (s !== '' && trailing) s += '/';
      return (abs ? '/' : '') + s;
    },
    join(...parts) {
      parts.forEach((p) => check(p, 'path'));
      const joined = parts.filter((p) => p !== '').join('/');
      return joined === '' ? '.' : path.normalize(joined);
    },
    resolve(...parts) {
      let resolved = '';
      for (let i = parts.length - 1; i >= 0 && resolved[0] !== '/'; i--) {
        check(parts[i], 'paths[' + i + ']');
        if (parts[i] !== '') resolved = parts[i] + (resolved ? '/' + resolved : '');
      }
      if (resolved[0] !== '/') resolved = native.cwd() + (resolved ? '/' + resolved : '');
      return '/' + normalizeParts(resolved.split('/'), true).join('/');
    },
    isAbsolute(p) { check(p, 'path'); return p.length > 0 && p[0] === '/'; },
    relative(from, to) {
      check(from, 'from'); check(to, 'to');
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
    },
    dirname(p) {
      check(p, 'path');
      if (p === '') return '.';
      let end = p.length;
      while (end > 1 && p[end - 1] === '/') end--;
      const i = p.lastIndexOf('/', end - 1);
      if (i === -1) return '.';
      if (i === 0) return '/';
      let d = i;
      while (d > 1 && p[d - 1] === '/') d--;
      return p.slice(0, d);
    },
    basename(p, ext) {
      check(p, 'path');
      if (ext !== undefined) check(ext, 'ext');
      let end = p.length;
      while (end > 0 && p[end - 1] === '/') end--;
      const base = p.slice(p.lastIndexOf('/', end - 1) + 1, end);
      if (ext && base !== ext && base.endsWith(ext)) return base.slice(0, base.length - ext.length);
      return base;
    },
    extname(p) {
      check(p, 'path');
      const base = path.basename(p);
      const i = base.lastIndexOf('.');
      if (i <= 0 || (i === 1 && base === '..')) return '';
      return base.slice(i);
    },
    parse(p) {
      check(p, 'path');
      const root = p[0] === '/' ? '/' : '';
      const base = path.basename(p);
      const ext = path.extname(p);
      let dir = path.dirname(p);
      if (dir === '.' && !p.includes('/')) dir = '';
      return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
    },
    format(o) {
      if (o === null || typeof o !== 'object') {
        const e = new TypeError('The "pathObject" argument must be of type object. Received ' + (o === null ? 'null' : typeof o));
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const dir = o.dir || o.root || '';
      const base = o.base || ((o.name || '') + (o.ext ? (o.ext[0] === '.' ? '' : '.') + o.ext : ''));
      if (!dir) return base;
      return dir === o.root ? dir + base : dir + '/' + base;
    },
    toNamespacedPath(p) { return p; },
    matchesGlob() { throw new Error('path.matchesGlob is not implemented in botrt'); },
  };
  path.posix = path;
  path.win32 = new Proxy({}, { get(_, k) { throw new Error('path.win32.' + String(k) + ' is not available in botrt (scripts run with POSIX paths)'); } });
  path.default = path;
  return path;
}
