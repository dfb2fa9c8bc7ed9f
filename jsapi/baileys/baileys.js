function (native) {
  'use strict';
  const EventEmitter = native.EventEmitter;
  const { Boom } = native.boom;
  // The session name a useMultiFileAuthState state stands for, kept on its
  // creds and keys (scripts often rebuild `auth` from state.creds and a
  // wrapped state.keys).
  const SESSION = Symbol('botrt.baileys.session');

  const DisconnectReason = {};
  for (const [name, code] of [['connectionClosed', 428], ['connectionLost', 408], ['connectionReplaced', 440],
    ['timedOut', 408], ['loggedOut', 401], ['badSession', 500], ['restartRequired', 515],
    ['multideviceMismatch', 411], ['forbidden', 403], ['unavailableService', 503]]) {
    DisconnectReason[name] = code;
    DisconnectReason[code] = name;
  }

  // The version Baileys 6.17.16 bundles; botrt does not fetch anything.
  const BAILEYS_VERSION = [2, 3000, 1019707846];
  // Baileys' SocketConfig defaults, as makeWASocket resolves them (a fresh
  // copy each time, so a script changing one socket's config changes no other).
  const defaultConnectionConfig = () => ({
    waWebSocketUrl: 'wss://web.whatsapp.com/ws/chat', version: BAILEYS_VERSION.slice(), browser: Browsers.ubuntu('Chrome'),
    connectTimeoutMs: 20000, defaultQueryTimeoutMs: 60000, keepAliveIntervalMs: 30000, emitOwnEvents: true,
    markOnlineOnConnect: true, syncFullHistory: false, printQRInTerminal: false, fireInitQueries: true,
  });
  const Browsers = {
    ubuntu: (browser) => ['Ubuntu', browser, '22.04.4'],
    macOS: (browser) => ['Mac OS', browser, '14.4.1'],
    windows: (browser) => ['Windows', browser, '10.0.22631'],
    baileys: (browser) => ['Baileys', browser, '6.5.0'],
    android: (browser) => [browser, 'Android', ''],
    appropriate: (browser) => ['Ubuntu', browser, '22.04.4'],
  };

  const PINO_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

  // socketConnection resolves a socket's config (Baileys' defaults under the script's keys) and
  // hands its connection options to the session (conn_natives.go): they apply from the session's
  // next connection. It returns the resolved config and what the socket needs of the connection:
  // attach (events through view), end, and the msgCount baseline.
  function socketConnection(name, config) {
    const resolved = Object.assign(defaultConnectionConfig(), config);
    const url = resolved.waWebSocketUrl;
    const browser = resolved.browser;
    if (!Array.isArray(browser) || browser.length < 2 || browser.some((p) => typeof p !== 'string')) {
      throw new TypeError("makeWASocket: config.browser must be [os, browser, version], e.g. Browsers.ubuntu('Chrome')");
    }
    const pending = native.configure(name, {
      connectTimeoutMs: resolved.connectTimeoutMs,
      // Bounds every call to the session (408 past it), as Baileys bounds each query.
      defaultQueryTimeoutMs: resolved.defaultQueryTimeoutMs,
      // Only an explicit interval adds botrt's own pings: whatsmeow already pings every 20-30 s.
      keepAliveIntervalMs: config.keepAliveIntervalMs,
      browser,
      syncFullHistory: !!resolved.syncFullHistory,
      markOnlineOnConnect: resolved.markOnlineOnConnect !== false,
      waWebSocketUrl: url instanceof URL ? url.href : String(url),
    });
    // The session's own logs (botrt's and whatsmeow's) reach the script's logger at its level,
    // through a child with Baileys' { class: 'baileys' }; without one they go to botrt's log only.
    const logger = config.logger;
    if (logger && typeof logger === 'object') {
      const target = typeof logger.child === 'function' ? logger.child({ class: 'baileys' }) : logger;
      const levelValue = typeof target.levelVal === 'number' ? target.levelVal : (PINO_LEVELS[target.level] || 30);
      native.logTo(name, levelValue, (method, msg, attrs) => {
        if (typeof target[method] === 'function') target[method](attrs, msg);
      });
    } else {
      native.logTo(name, Infinity, () => {});
    }
    const base = native.counts(name);
    // end(error) makes the close it causes carry that error, as Baileys' end does.
    let ending = null;
    const view = (list) => list.map((entry) => {
      const [evName, payload] = entry;
      if (evName !== 'connection.update' || !payload) return entry;
      if (payload.connection === 'connecting') ending = null;
      if (typeof payload.qr === 'string' && resolved.printQRInTerminal) console.log(native.renderQR(payload.qr));
      if (payload.connection === 'close' && ending) {
        const error = ending.error;
        ending = null;
        return [evName, Object.assign({}, payload, { lastDisconnect: { error, date: payload.lastDisconnect ? payload.lastDisconnect.date : new Date() } })];
      }
      return entry;
    });
    return {
      config: resolved,
      attach(deliver) {
        const run = (list) => deliver(view(list));
        if (pending === undefined) {
          native.attach(name, run);
          return;
        }
        // A simulator's root key is being fetched: the socket connects once the session knows it.
        pending.then(() => native.attach(name, run), (error) => {
          native.report(error, 'config.waWebSocketUrl refused');
          run([['connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } }]]);
        });
      },
      end(error) {
        if (error !== undefined && error !== null) ending = { error };
        return native.call(name, 'end', []);
      },
      msgCount() {
        const c = native.counts(name);
        return (c.sent - base.sent) + (c.received - base.received);
      },
    };
  }

  const BAILEYS_SOCKET_METHODS = (
    'addChatLabel addLabel addMessageLabel addOrEditContact addOrEditQuickReply appPatch assertSessions ' +
    'cleanDirtyBits communityAcceptInvite communityAcceptInviteV4 communityCreate communityCreateGroup ' +
    'communityFetchAllParticipating communityFetchLinkedGroups communityGetInviteInfo communityInviteCode ' +
    'communityJoinApprovalMode communityLeave communityLinkGroup communityMemberAddMode communityMetadata ' +
    'communityParticipantsUpdate communityRequestParticipantsList communityRequestParticipantsUpdate ' +
    'communityRevokeInvite communityRevokeInviteV4 communitySettingUpdate communityToggleEphemeral ' +
    'communityUnlinkGroup communityUpdateDescription communityUpdateSubject createCallLink createParticipantNodes ' +
    'digestKeyBundle executeUSyncQuery fetchAccountReachoutTimelock fetchDisappearingDuration fetchMessageHistory ' +
    'fetchNewChatMessageCap generateMessageTag getBotListV2 getMediaHost getOrderDetails getPrivacyTokens ' +
    'getUSyncDevices groupAcceptInviteV4 groupGetInviteInfo groupJoinApprovalMode groupMemberAddMode ' +
    'groupRequestParticipantsList groupRequestParticipantsUpdate groupRevokeInviteV4 groupToggleEphemeral ' +
    'issuePrivacyTokens newsletterAdminCount newsletterChangeOwner newsletterCreate newsletterDelete ' +
    'newsletterDemote newsletterFetchMessages newsletterMute newsletterReactMessage newsletterRemovePicture ' +
    'newsletterSubscribers newsletterUnmute newsletterUpdate newsletterUpdateDescription newsletterUpdateName ' +
    'newsletterUpdatePicture onUnexpectedError query refreshMediaConn registerSocketEndHandler relayMessage ' +
    'removeChatLabel removeContact removeCoverPhoto removeMessageLabel removeQuickReply requestPlaceholderResend ' +
    'resyncAppState rotateSignedPreKey sendMessageAck sendNode sendPeerDataOperationMessage sendRawMessage ' +
    'sendRetryRequest sendUnifiedSession sendWAMBuffer star subscribeNewsletterUpdates updateBussinesProfile ' +
    'updateCoverPhoto updateDisableLinkPreviewsPrivacy updateMemberLabel updateServerTimeOffset uploadPreKeys ' +
    'uploadPreKeysToServerIfRequired upsertMessage waUploadToServer waitForConnectionUpdate waitForMessage ' +
    'waitForSocketOpen').split(' ');

  function notSupported(what) {
    return new Boom(what + ' is not supported by botrt', { statusCode: 501 });
  }

  function keyStore(name) {
    const keys = {};
    for (const op of ['get', 'set', 'clear', 'transaction']) {
      keys[op] = async () => { throw notSupported('auth keys.' + op + ' (botrt keeps the signal keys in its own store)'); };
    }
    Object.defineProperty(keys, SESSION, { value: name });
    return keys;
  }

  async function useMultiFileAuthState(folder) {
    if (typeof folder !== 'string' || folder === '') {
      throw new TypeError('useMultiFileAuthState: folder must be a non-empty string');
    }
    const name = await native.auth(folder);
    const creds = {};
    Object.defineProperty(creds, SESSION, { value: name });
    Object.defineProperty(creds, 'registered', { enumerable: true, get: () => native.status(name).registered });
    Object.defineProperty(creds, 'me', { enumerable: true, get: () => native.status(name).me });
    // The session's state lives in botrt's store and is saved as it changes.
    const saveCreds = async () => {};
    return { state: { creds, keys: keyStore(name) }, saveCreds };
  }

  function makeCacheableSignalKeyStore(store) {
    return store;
  }

  async function fetchLatestBaileysVersion() {
    return { version: BAILEYS_VERSION.slice(), isLatest: false };
  }

  const READY = { connecting: 0, open: 1, close: 3 };
  const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'];
  const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

  // collectStream reads a Node-style readable (async-iterable or emitting
  // 'data'/'end') into one Buffer.
  function collectStream(stream, path) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      const add = (chunk) => {
        const b = Buffer.from(chunk);
        size += b.length;
        if (size > MAX_MEDIA_BYTES) throw new Boom(path + ': media larger than ' + MAX_MEDIA_BYTES + ' bytes', { statusCode: 400 });
        chunks.push(b);
      };
      if (stream && typeof stream.on === 'function') {
        stream.on('data', (c) => { try { add(c); } catch (e) { reject(e); if (stream.destroy) stream.destroy(); } });
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      } else if (stream && typeof stream[Symbol.asyncIterator] === 'function') {
        const it = stream[Symbol.asyncIterator]();
        const step = () => it.next().then(({ value, done }) => {
          if (done) return resolve(Buffer.concat(chunks));
          add(value);
          return step();
        });
        step().catch(reject);
      } else {
        reject(new Boom(path + ': readable stream expected', { statusCode: 400 }));
      }
    });
  }

  // resolveMedia turns {url} and {stream} media into Buffers on the bot's
  // side, so files are read through the bot's fs sandbox (its data and
  // scripts folders, relative paths as fs takes them), URLs fetched by its
  // fetch, and streams read on its loop.
  async function resolveMedia(content) {
    if (!content || typeof content !== 'object') return content;
    let out = content;
    for (const kind of MEDIA_KINDS) {
      const v = content[kind];
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) continue;
      let media;
      if (v.stream !== undefined) {
        media = await collectStream(v.stream, 'content.' + kind + '.stream');
      } else if (v.url !== undefined) {
        const url = typeof v.url === 'string' ? v.url : String(v.url.href || v.url);
        if (/^https?:\/\//i.test(url)) {
          // Through the bot's own fetch when it has one, so media URLs obey the
          // same network policy (private addresses refused, timeouts, size cap).
          if (typeof fetch !== 'function') media = { url };
          else {
            const res = await fetch(url);
            if (!res.ok) throw new Boom('content.' + kind + '.url: fetching ' + url + ' failed with HTTP ' + res.status, { statusCode: 400, data: { field: 'content.' + kind + '.url' } });
            media = Buffer.from(await res.arrayBuffer());
          }
        }
        else media = native.fs.readFileSync(url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url);
      } else {
        continue;
      }
      if (out === content) out = Object.assign({}, content);
      out[kind] = media;
    }
    return out;
  }

  // The message-path options (getMessage, patchMessageBeforeSending, maxMsgRetryCount with
  // msgRetryCounterCache, retryRequestDelayMs, mediaCache) become the session's hooks (opts_hooks.go): Go calls
  // them on this bot's loop, bounded, when a peer asks for a message again or a message goes out.
  function messagePathHooks(name, config) {
    for (const opt of ['getMessage', 'patchMessageBeforeSending', 'cachedGroupMetadata', 'shouldIgnoreJid', 'shouldSyncHistoryMessage']) {
      if (config[opt] !== undefined && typeof config[opt] !== 'function') {
        throw new TypeError('makeWASocket: config.' + opt + ' must be a function');
      }
    }
    const count = (opt, dflt, max) => {
      const v = config[opt] === undefined ? dflt : config[opt];
      if (typeof v !== 'number' || !(v >= 0 && v <= max)) throw new TypeError('makeWASocket: config.' + opt + ' must be a number from 0 to ' + max);
      return v;
    };
    const maxMsgRetryCount = count('maxMsgRetryCount', 5, Number.MAX_SAFE_INTEGER);
    // The session waits this long on its stanza goroutine: more than a minute would stall it.
    const retryRequestDelayMs = count('retryRequestDelayMs', 250, 60000);
    for (const opt of ['msgRetryCounterCache', 'userDevicesCache', 'mediaCache']) {
      const c = config[opt];
      if (c !== undefined && (c === null || typeof c !== 'object' || typeof c.get !== 'function' || typeof c.set !== 'function')) {
        throw new TypeError('makeWASocket: config.' + opt + ' must be a cache with get and set (such as a NodeCache)');
      }
    }
    // Resends per message and asking device, under Baileys' key `${id}:${participant}`: in the
    // script's msgRetryCounterCache when it gives one, else in a bounded map of recent messages.
    const retryCache = config.msgRetryCounterCache || recentCounts(10000);
    const allowResend = async (id, participant) => {
      const key = id + ':' + participant;
      const n = (await retryCache.get(key)) || 0;
      if (n >= maxMsgRetryCount) return false;
      await retryCache.set(key, n + 1);
      return true;
    };
    native.hooks(name, { getMessage: config.getMessage, patchMessageBeforeSending: config.patchMessageBeforeSending, allowResend, retryRequestDelayMs, mediaCache: config.mediaCache });
  }

  // recentCounts is a get/set map that forgets its oldest keys past max.
  function recentCounts(max) {
    const m = new Map();
    return {
      get: (k) => m.get(k),
      set: (k, v) => {
        m.delete(k);
        m.set(k, v);
        if (m.size > max) m.delete(m.keys().next().value);
      },
    };
  }

  // The events shouldIgnoreJid applies to, as Baileys drops the messages, receipts, notifications,
  // calls and presences whose sender it ignores: where each payload names its jid.
  const JID_EVENTS = {
    'messages.update': 'list', 'messages.reaction': 'list', 'message-receipt.update': 'list',
    'messages.media-update': 'list', 'groups.update': 'list', 'contacts.update': 'list', call: 'list',
    'presence.update': 'one', 'group-participants.update': 'one',
  };
  const jidOf = (x) => (x && typeof x === 'object' ? ((x.key && x.key.remoteJid) || x.chatId || x.id) : undefined);

  // eventFilter applies a socket's config to one event: the payload to deliver, or null to drop it.
  function eventFilter(config) {
    const emitOwnEvents = config.emitOwnEvents !== false;
    const shouldIgnoreJid = config.shouldIgnoreJid;
    const shouldSyncHistoryMessage = config.shouldSyncHistoryMessage;
    // Baileys never ignores the server itself; a throwing shouldIgnoreJid is reported and ignores nothing.
    const ignored = (jid) => {
      if (!shouldIgnoreJid || typeof jid !== 'string' || jid === '@s.whatsapp.net') return false;
      try {
        return !!shouldIgnoreJid(jid);
      } catch (e) {
        native.report(e, 'config.shouldIgnoreJid threw');
        return false;
      }
    };
    const keep = (list) => {
      const out = list.filter((x) => !ignored(jidOf(x)));
      return out.length === list.length ? list : out;
    };
    // Baileys ignores by the stanza's sender: a message this account sent to a person (from this
    // socket or another device) comes from the account itself and is never ignored.
    const ownToPerson = (m) => m.key && m.key.fromMe && typeof m.key.remoteJid === 'string' && !/@(g\.us|broadcast)$/.test(m.key.remoteJid);
    return (name, payload) => {
      if (!payload || typeof payload !== 'object') return payload;
      if (name === 'messages.upsert' && Array.isArray(payload.messages)) {
        let messages = payload.messages;
        if (!emitOwnEvents && payload.type === 'append') messages = messages.filter((m) => !(m.key && m.key.fromMe));
        if (shouldIgnoreJid) messages = messages.filter((m) => ownToPerson(m) || !ignored(jidOf(m)));
        if (messages.length === 0) return null;
        return messages === payload.messages ? payload : Object.assign({}, payload, { messages });
      }
      if (name === 'messaging-history.set' && shouldSyncHistoryMessage) {
        // Baileys hands over the history-sync notification; these are the fields botrt has of it.
        const notification = { syncType: payload.syncType, progress: payload.progress, chunkOrder: payload.chunkOrder };
        try {
          return shouldSyncHistoryMessage(notification) ? payload : null;
        } catch (e) {
          native.report(e, 'config.shouldSyncHistoryMessage threw');
          return payload;
        }
      }
      if (name === 'messages.delete' && shouldIgnoreJid) {
        if (Array.isArray(payload.keys)) {
          const keys = payload.keys.filter((k) => !ignored(k && k.remoteJid));
          return keys.length === 0 ? null : Object.assign({}, payload, { keys });
        }
        return ignored(payload.jid) ? null : payload;
      }
      const shape = shouldIgnoreJid && JID_EVENTS[name];
      if (shape === 'one') return ignored(jidOf(payload)) ? null : payload;
      if (shape === 'list' && Array.isArray(payload)) {
        const list = keep(payload);
        return list.length === 0 ? null : list;
      }
      return payload;
    };
  }

  function makeWASocket(config) {
    if (config === null || typeof config !== 'object') {
      throw new TypeError('makeWASocket: config must be an object with auth (from useMultiFileAuthState)');
    }
    const auth = config.auth;
    const name = auth && ((auth.creds && auth.creds[SESSION]) || (auth.keys && auth.keys[SESSION]));
    if (typeof name !== 'string') {
      throw new TypeError('makeWASocket: config.auth must be the state returned by useMultiFileAuthState (botrt keeps the session itself)');
    }
    const filter = eventFilter(config);

    const ev = new EventEmitter();
    ev.setMaxListeners(0);
    Object.defineProperty(ev, SESSION, { value: name });
    const processors = new Set();
    ev.process = (handler) => {
      if (typeof handler !== 'function') throw new TypeError('ev.process: handler must be a function');
      processors.add(handler);
      return () => { processors.delete(handler); };
    };
    ev.isBuffering = () => false;
    for (const op of ['buffer', 'flush', 'createBufferedFunction']) {
      ev[op] = () => { throw notSupported('ev.' + op); };
    }

    // deliver runs the listeners of a batch of [name, payload] events and
    // returns a promise of their settling (undefined when all were sync), so
    // the queue advances only once the handlers are done.
    function deliver(list) {
      const pending = [];
      const run = (fn, arg) => {
        try {
          const r = fn.call(ev, arg);
          if (r && typeof r.then === 'function') pending.push(r);
        } catch (e) {
          native.report(e);
        }
      };
      // ev.process handlers see the batch first: bots use one style or the
      // other, and one that unsubscribes from a listener still gets this batch.
      const events = [];
      for (const [evName, raw] of list) {
        const payload = filter(evName, raw);
        if (payload !== null) events.push([evName, payload]);
      }
      let batch = {};
      for (const [evName, payload] of events) {
        if (evName in batch) {
          for (const p of [...processors]) run(p, batch);
          batch = {};
        }
        batch[evName] = payload;
      }
      if (Object.keys(batch).length) for (const p of [...processors]) run(p, batch);
      for (const [evName, payload] of events) {
        for (const l of ev.rawListeners(evName)) run(l, payload);
      }
      if (!pending.length) return undefined;
      return Promise.allSettled(pending).then((rs) => {
        for (const r of rs) if (r.status === 'rejected') native.report(r.reason);
      });
    }

    const call = (method) => (...args) => native.call(name, method, args);
    const conn = socketConnection(name, config);
    const resolved = conn.config;

    const ws = new EventEmitter();
    Object.assign(ws, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, config: resolved, url: new URL(resolved.waWebSocketUrl) });
    Object.defineProperty(ws, 'readyState', { enumerable: true, get: () => READY[native.status(name).state] });
    for (const [prop, state] of [['isOpen', 'open'], ['isClosed', 'close'], ['isConnecting', 'connecting']]) {
      Object.defineProperty(ws, prop, { enumerable: true, get: () => native.status(name).state === state });
    }
    Object.defineProperty(ws, 'isClosing', { enumerable: true, get: () => false });
    // botrt has no raw websocket: frame-level listeners would never run, so
    // registering one says so in the log instead of failing silently.
    for (const method of ['on', 'addListener', 'once', 'prependListener']) {
      const add = ws[method];
      ws[method] = function (event, listener) {
        if (typeof event === 'string' && (event.startsWith('CB:') || event.startsWith('TAG:') || event === 'frame' || event === 'message')) {
          native.report(new Error("sock.ws.on('" + event + "'): raw protocol frames are not available in botrt; this listener will never run (use sock.ev events such as 'call')"), 'unsupported listener');
        }
        return add.call(this, event, listener);
      };
    }

    const sock = {
      type: 'md',
      ev,
      ws,
      authState: auth,
      logger: config.logger,
      config: resolved,
      get user() { return native.status(name).me; },
      // Baileys reports isOnline in connection.update; botrt also keeps it on the socket.
      get isOnline() { return native.online(name); },
      // Messages sent and received by the session since this socket was made (protocol.Counts).
      get msgCount() { return conn.msgCount(); },
    };
    for (const m of native.methodNames()) {
      sock[m] = call(m);
    }
    sock.updateProfilePicture = async (jid, content) => native.call(name, 'updateProfilePicture', [jid, (await resolveMedia({ image: content })).image]);
    // Product images: Buffers, files and streams are read here; http(s) URLs are passed on as they are.
    const productImages = async (p) => (p && Array.isArray(p.images) ? Object.assign({}, p, {
      images: await Promise.all(p.images.map((i) => (i && typeof i.url === 'string' && /^https?:\/\//i.test(i.url) ? i : resolveMedia({ image: i }).then((r) => r.image)))),
    }) : p);
    sock.productCreate = async (create) => native.call(name, 'productCreate', [await productImages(create)]);
    sock.productUpdate = async (id, update) => native.call(name, 'productUpdate', [id, await productImages(update)]);
    // cachedGroupMetadata is awaited before a group send, as Baileys' relayMessage does (a rejection
    // fails the send); whatsmeow keeps its own participant cache, so the answer does not pick the
    // recipients (see docs/jsapi.md).
    const cachedGroupMetadata = config.cachedGroupMetadata;
    sock.sendMessage = async (jid, content, options) => {
      if (cachedGroupMetadata && typeof jid === 'string' && jid.endsWith('@g.us')) await cachedGroupMetadata(jid);
      // The link preview settings of the socket's config go along: Go generates the preview.
      const preview = { highQuality: !!sock.config.generateHighQualityLinkPreview, thumbnailWidth: sock.config.linkPreviewImageThumbnailWidth };
      return native.call(name, 'sendMessage', [jid, await resolveMedia(content), options, preview]);
    };
    sock.sendReceipts = async (keys, type) => {
      for (const k of keys) await sock.sendReceipt(k.remoteJid, k.participant, [k.id], type);
    };
    // updateMediaMessage asks the sender's phone to upload expired media again
    // and, as Baileys, updates the message in place (its content gets the new
    // directPath and url) and resolves with it. The wait for the phone's answer
    // is bounded by config.defaultQueryTimeoutMs (408 when it runs out).
    sock.updateMediaMessage = async (message) => {
      if (!message || typeof message !== 'object' || !message.message) {
        throw new Boom('updateMediaMessage: a WAMessage with key and message expected', { statusCode: 400 });
      }
      message.message = await native.call(name, 'updateMediaMessage', [message, config.defaultQueryTimeoutMs]);
      return message;
    };
    // Every other socket method of Baileys 6/7 rejects with an error naming it,
    // rather than being an undefined that fails as "not a function".
    for (const m of BAILEYS_SOCKET_METHODS) {
      if (!(m in sock)) sock[m] = async () => { throw notSupported('sock.' + m); };
    }
    sock.end = (error) => conn.end(error);
    ws.close = () => { sock.end(undefined); };
    messagePathHooks(name, config);
    conn.attach(deliver);
    return sock;
  }

  const jidTest = (op) => (jid) => (jid === undefined || jid === null ? undefined : native.jidTest(op, String(jid)));
  const jidHelpers = {
    jidDecode: (jid) => (typeof jid === 'string' ? native.jidDecode(jid) : undefined),
    jidEncode: (user, server, device, agent) => native.jidEncode(user === null || user === undefined ? '' : String(user), server, device || 0, agent || 0),
    jidNormalizedUser: (jid) => (typeof jid === 'string' ? native.jidNormalizedUser(jid) : ''),
    areJidsSameUser: (a, b) => native.areJidsSameUser(a === undefined ? '' : String(a), b === undefined ? '' : String(b)),
    S_WHATSAPP_NET: '@s.whatsapp.net',
    OFFICIAL_BIZ_JID: '16505361212@c.us',
    SERVER_JID: 'server@c.us',
    PSA_WID: '0@c.us',
    STORIES_JID: 'status@broadcast',
  };
  for (const op of ['isJidGroup', 'isJidBroadcast', 'isJidStatusBroadcast', 'isJidNewsletter', 'isPnUser', 'isLidUser',
    'isJidBot', 'isJidMetaAI', 'isHostedPnUser', 'isHostedLidUser']) {
    jidHelpers[op] = jidTest(op);
  }
  jidHelpers.isJidUser = jidHelpers.isPnUser;

  // proto: proto.<Type>[.<Nested>] with fromObject/create/encode/decode, and
  // enums as two-way objects. Messages are plain objects, as scripts treat them.
  const protoCache = new Map();
  function protoNode(path) {
    if (protoCache.has(path)) return protoCache.get(path);
    const target = path === '' ? {} : {
      fromObject: (o) => native.protoFromObject(path, o),
      create: (o) => native.protoFromObject(path, o === undefined ? {} : o),
      encode: (o) => { const bytes = native.protoEncode(path, o); return { finish: () => bytes }; },
      decode: (b) => native.protoDecode(path, b),
      toObject: (m) => native.protoFromObject(path, m),
    };
    const node = new Proxy(target, {
      get(t, key) {
        if (typeof key !== 'string' || key in t) return t[key];
        const sub = path === '' ? key : path + '.' + key;
        const e = native.protoEnum(sub);
        if (e !== undefined) { t[key] = e; return e; }
        if (native.protoHas(sub)) return protoNode(sub);
        return undefined;
      },
    });
    protoCache.set(path, node);
    return node;
  }
  const proto = protoNode('');

  function mediaStream(promise) {
    // A minimal readable: async-iterable, and emitting 'data' then 'end'.
    const s = new EventEmitter();
    let data;
    const ready = promise.then((buf) => { data = buf; s.emit('data', buf); s.emit('end'); return buf; },
      (err) => { s.emit('error', err); throw err; });
    ready.catch(() => {});
    // goja has no async generators: the iterator is written out.
    s[Symbol.asyncIterator] = () => {
      let done = false;
      return {
        next: async () => {
          if (done) return { done: true, value: undefined };
          done = true;
          return { done: false, value: data === undefined ? await ready : data };
        },
        return: async () => { done = true; return { done: true, value: undefined }; },
      };
    };
    return s;
  }

  // The download statuses after which Baileys asks for a re-upload.
  const REUPLOAD_REQUIRED_STATUS = [410, 404];

  // downloadMediaMessage(msg, type, options, ctx): with ctx.reuploadRequest
  // (sock.updateMediaMessage), media gone from the server (404/410) is asked
  // for again from the sender's phone and downloaded once more, as in Baileys.
  async function downloadMediaMessage(message, type, options, ctx) {
    if (!message || typeof message !== 'object') throw new Boom('No message present', { statusCode: 400 });
    if (type !== 'buffer' && type !== 'stream' && type !== undefined) throw new TypeError("downloadMediaMessage: type must be 'buffer' or 'stream'");
    let buf;
    try {
      buf = await native.download(message.message);
    } catch (error) {
      const status = error && (typeof error.status === 'number' ? error.status : error.output && error.output.statusCode);
      if (!ctx || typeof ctx.reuploadRequest !== 'function' || !REUPLOAD_REQUIRED_STATUS.includes(status)) throw error;
      if (ctx.logger && typeof ctx.logger.info === 'function') ctx.logger.info({ key: message.key }, 'sending reupload media request...');
      const updated = await ctx.reuploadRequest(message);
      buf = await native.download((updated || message).message);
    }
    return type === 'stream' ? mediaStream(Promise.resolve(buf)) : buf;
  }

  async function downloadContentFromMessage(content, type, opts) {
    if (!content || typeof content !== 'object') throw new TypeError('downloadContentFromMessage: media content object expected');
    if (typeof type !== 'string') throw new TypeError('downloadContentFromMessage: type must be a media type string');
    return mediaStream(native.download({ [type + 'Message']: content }));
  }

  // makeInMemoryStore (Baileys 6): chats, contacts, groups and presences
  // kept from the events of the bound socket, recent messages per chat, and
  // loadMessage falling back to botrt's persistent message store.
  function makeInMemoryStore(config) {
    const maxPerChat = 1000;
    let session;
    const chatMap = new Map();
    const chats = {
      all: () => [...chatMap.values()],
      get: (id) => chatMap.get(id),
      get length() { return chatMap.size; },
    };
    const contacts = {};
    const messages = {};
    const groupMetadata = {};
    const presences = {};
    function chatMessages(jid) {
      if (!messages[jid]) {
        const list = [];
        messages[jid] = { array: list, get: (id) => list.find((m) => m.key.id === id), get length() { return list.length; } };
      }
      return messages[jid];
    }
    function upsertMessage(m) {
      const jid = m.key && m.key.remoteJid;
      if (!jid) return;
      const list = chatMessages(jid).array;
      const i = list.findIndex((x) => x.key.id === m.key.id);
      if (i >= 0) list[i] = Object.assign(list[i], m); else list.push(m);
      if (list.length > maxPerChat) list.splice(0, list.length - maxPerChat);
    }
    const merge = (table, items) => { for (const it of items || []) if (it && it.id) table[it.id] = Object.assign(table[it.id] || {}, it); };
    function bind(ev) {
      if (!ev || typeof ev.on !== 'function' || !ev[SESSION]) throw new TypeError('store.bind: pass sock.ev of a socket from makeWASocket');
      session = ev[SESSION];
      ev.on('messaging-history.set', ({ chats: cs, contacts: ps, messages: ms }) => {
        for (const c of cs || []) chatMap.set(c.id, Object.assign(chatMap.get(c.id) || {}, c));
        merge(contacts, ps);
        for (const m of ms || []) upsertMessage(m);
      });
      ev.on('chats.upsert', (cs) => { for (const c of cs) chatMap.set(c.id, Object.assign(chatMap.get(c.id) || {}, c)); });
      ev.on('chats.update', (cs) => { for (const c of cs) if (chatMap.has(c.id)) Object.assign(chatMap.get(c.id), c); });
      ev.on('chats.delete', (ids) => { for (const id of ids) chatMap.delete(id); });
      ev.on('contacts.upsert', (ps) => merge(contacts, ps));
      ev.on('contacts.update', (ps) => merge(contacts, ps));
      ev.on('messages.upsert', ({ messages: ms }) => { for (const m of ms) upsertMessage(m); });
      ev.on('messages.update', (us) => {
        for (const { key, update } of us) {
          const m = key && key.remoteJid && messages[key.remoteJid] && messages[key.remoteJid].get(key.id);
          if (m) Object.assign(m, update);
        }
      });
      ev.on('groups.upsert', (gs) => merge(groupMetadata, gs));
      ev.on('groups.update', (gs) => merge(groupMetadata, gs));
      ev.on('presence.update', ({ id, presences: p }) => { presences[id] = Object.assign(presences[id] || {}, p); });
    }
    async function loadMessage(jid, id) {
      const m = messages[jid] && messages[jid].get(id);
      if (m) return m;
      if (!session) return undefined;
      return native.loadMessage(session, jid, id);
    }
    const toJSON = () => ({ chats: chats.all(), contacts, messages });
    function fromJSON(json) {
      for (const c of json.chats || []) chatMap.set(c.id, c);
      Object.assign(contacts, json.contacts || {});
      for (const jid of Object.keys(json.messages || {})) {
        const list = json.messages[jid];
        for (const m of Array.isArray(list) ? list : (list.array || [])) upsertMessage(m);
      }
    }
    return {
      chats, contacts, messages, groupMetadata, presences, bind, loadMessage, toJSON, fromJSON,
      mostRecentMessage: async (jid) => { const l = messages[jid] && messages[jid].array; return l && l[l.length - 1]; },
      loadMessages: async (jid, count) => { const l = (messages[jid] && messages[jid].array) || []; return l.slice(-count); },
      fetchGroupMetadata: async (jid, sock) => {
        if (!groupMetadata[jid]) groupMetadata[jid] = await sock.groupMetadata(jid);
        return groupMetadata[jid];
      },
      writeToFile: (path) => { native.fs.writeFileSync(path, JSON.stringify(toJSON())); },
      readFromFile: (path) => { if (native.fs.existsSync(path)) fromJSON(JSON.parse(native.fs.readFileSync(path, 'utf8'))); },
    };
  }

  // BufferJSON: the replacer/reviver Baileys' auth files use (Buffers as {type:'Buffer', data: base64}).
  const BufferJSON = {
    replacer: (k, value) => {
      if (Buffer.isBuffer(value) || value instanceof Uint8Array || (value && value.type === 'Buffer')) {
        return { type: 'Buffer', data: Buffer.from(value.data || value).toString('base64') };
      }
      return value;
    },
    reviver: (_, value) => {
      if (typeof value === 'object' && value !== null && value.type === 'Buffer' && typeof value.data === 'string') return Buffer.from(value.data, 'base64');
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length && keys.every((k) => !isNaN(parseInt(k, 10)))) {
          const values = Object.values(value);
          if (values.every((v) => typeof v === 'number')) return Buffer.from(values);
        }
      }
      return value;
    },
  };

  async function toBuffer(stream) {
    if (Buffer.isBuffer(stream)) return stream;
    if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') throw new TypeError('toBuffer: a Buffer or an async-iterable stream expected');
    // goja has no for await: the iteration is written out.
    const it = stream[Symbol.asyncIterator]();
    const chunks = [];
    for (;;) {
      const { value, done } = await it.next();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks);
  }

  const toNumber = (t) => (t && typeof t === 'object' && 'low' in t ? (typeof t.toNumber === 'function' ? t.toNumber() : t.low) : (t || 0));

  const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const exports = Object.assign({
    __esModule: true,
    default: makeWASocket,
    makeWASocket,
    useMultiFileAuthState,
    makeCacheableSignalKeyStore,
    fetchLatestBaileysVersion,
    DisconnectReason,
    Browsers,
    delay,
    getContentType: (m) => (m && typeof m === 'object' ? native.getContentType(m) : undefined),
    normalizeMessageContent: (m) => (m && typeof m === 'object' ? native.normalizeMessageContent(m) : m),
    extractMessageContent: (m) => (m && typeof m === 'object' ? native.extractMessageContent(m) : undefined),
    downloadMediaMessage,
    downloadContentFromMessage,
    generateWAMessageFromContent: (jid, message, options) => native.generateWAMessageFromContent(jid, message, options),
    generateMessageID: () => native.generateMessageID(),
    generateMessageIDV2: (userJid) => native.generateMessageIDV2(userJid),
    getAggregateVotesInPollMessage: (msg, meId) => native.getAggregateVotesInPollMessage(msg, meId),
    proto,
    WAProto: proto,
    WAMessageStubType: proto.WebMessageInfo.StubType,
    WAMessageStatus: proto.WebMessageInfo.Status,
    makeInMemoryStore,
    BufferJSON,
    toBuffer,
    toNumber,
    unixTimestampSeconds: (date) => Math.floor((date ? date.getTime() : Date.now()) / 1000),
    generateForwardMessageContent: (message, force) => native.generateForwardMessageContent(message, force),
    getDevice: (id) => native.getDevice(String(id)),
    extensionForMediaMessage: (message) => native.extensionForMediaMessage(message),
    // Link previews: getUrlInfo(text, opts?) → Promise<WAUrlInfo | undefined>, fetched by Go through the
    // bots' network policy; a text without a scheme is taken as https, as Baileys does.
    getUrlInfo: (text, opts) => native.getUrlInfo(/^https?:\/\//i.test(String(text)) ? String(text) : 'https://' + text, opts),
    extractUrlFromText: (text) => native.extractUrlFromText(String(text)),
    generateLinkPreviewIfRequired: async (text, getUrlInfo, logger) => {
      const url = native.extractUrlFromText(String(text));
      if (!getUrlInfo || !url) return undefined;
      try {
        return await getUrlInfo(url);
      } catch (error) {
        if (logger && typeof logger.warn === 'function') logger.warn({ trace: error && error.stack }, 'url generation failed');
        return undefined;
      }
    },
    WA_DEFAULT_EPHEMERAL: 604800,
    DEFAULT_CONNECTION_CONFIG: defaultConnectionConfig(),
  }, jidHelpers);

  // ESM scripts compiled without Node's interop take the default import to be
  // makeWASocket, yet write \`import pkg from '@whiskeysockets/baileys'; const
  // { default: makeWASocket, proto } = pkg\` as on Node: the function carries
  // the named exports too, so both readings work.
  for (const [k, v] of Object.entries(exports)) {
    if (k !== '__esModule') makeWASocket[k] = v;
  }

  // Names real Baileys exports (or once did) that botrt does not provide:
  // reading one is a clear error rather than an undefined that fails later.
  const missing = {
    useSingleFileAuthState: 'useSingleFileAuthState was removed from Baileys; use useMultiFileAuthState',
    initInMemoryKeyStore: 'initInMemoryKeyStore is from the 2021 baileys-md; use useMultiFileAuthState',
    PHONENUMBER_MCC: 'PHONENUMBER_MCC was removed from Baileys with the mobile API',
  };
  // Every run-time export of Baileys 6.17.16 and 7.0.0-rc14: reading one botrt
  // does not provide is an error naming it, not an undefined that fails later.
  const BAILEYS_EXPORTS = new Set((
    'DEF_CALLBACK_PREFIX DEF_TAG_PREFIX DEFAULT_CACHE_TTLS DEFAULT_CONNECTION_CONFIG DEFAULT_ORIGIN ' +
    'DICT_VERSION INITIAL_PREKEY_COUNT KEY_BUNDLE_TYPE MEDIA_HKDF_KEY_MAPPING MEDIA_KEYS MEDIA_PATH_MAP ' +
    'MIN_PREKEY_COUNT NOISE_MODE NOISE_WA_HEADER PHONE_CONNECTION_CB PROCESSABLE_HISTORY_TYPES ' +
    'UNAUTHORIZED_CODES URL_REGEX WA_CERT_DETAILS WA_DEFAULT_EPHEMERAL default makeWASocket ' +
    'makeCacheManagerAuthState makeInMemoryStore ALL_WA_PATCH_NAMES AnyMessageContent WAMessage ' +
    'DisconnectReason addTransactionCapability initAuthCreds makeCacheableSignalKeyStore captureEventStream ' +
    'readAndEmitEventStream chatModificationToAppPatch decodePatches decodeSyncdMutations decodeSyncdPatch ' +
    'decodeSyncdSnapshot downloadExternalBlob downloadExternalPatch encodeSyncdPatch extractSyncdPatches ' +
    'newLTHashState processSyncAction aesDecrypt aesDecryptCTR aesDecryptGCM aesDecryptWithIV aesEncrypt ' +
    'aesEncryptCTR aesEncryptGCM aesEncrypWithIV Curve derivePairingCodeKey generateSignalPubKey hkdf ' +
    'hmacSign md5 sha256 signedKeyPair decodeMessageNode decryptMessageNode MISSING_KEYS_ERROR_TEXT ' +
    'NACK_REASONS NO_MESSAGE_FOUND_ERROR_TEXT makeEventBuffer bindWaitForConnectionUpdate bindWaitForEvent ' +
    'Browsers BufferJSON bytesToCrockford debouncedTimeout delay delayCancellable encodeBigEndian ' +
    'encodeWAMessage fetchLatestBaileysVersion fetchLatestWaWebVersion generateMdTagPrefix generateMessageID ' +
    'generateMessageIDV2 generateRegistrationId getCallStatusFromNode getCodeFromWSError ' +
    'getErrorCodeFromStreamError getKeyAuthor getPlatformId getStatusFromReceiptType isWABusinessPlatform ' +
    'printQRIfNecessaryListener promiseTimeout toNumber trimUndefined unixTimestampSeconds unpadRandomMax16 ' +
    'writeRandomPadMax16 downloadAndProcessHistorySyncNotification downloadHistory getHistoryMsg ' +
    'processHistoryMessage getUrlInfo LT_HASH_ANTI_TAMPERING aggregateMessageKeysNotFromMe ' +
    'assertMediaContent downloadMediaMessage extractMessageContent extractUrlFromText ' +
    'generateForwardMessageContent generateLinkPreviewIfRequired generateWAMessage generateWAMessageContent ' +
    'generateWAMessageFromContent getAggregateVotesInPollMessage getContentType getDevice ' +
    'normalizeMessageContent prepareDisappearingMessageSettingContent prepareWAMessageMedia ' +
    'updateMessageWithPollUpdate updateMessageWithReaction updateMessageWithReceipt decodeMediaRetryNode ' +
    'decryptMediaRetryData downloadContentFromMessage downloadEncryptedContent ' +
    'encodeBase64EncodedStringForUpload encryptedStream encryptMediaRetryRequest extensionForMediaMessage ' +
    'extractImageThumb generateProfilePicture generateThumbnail getAudioDuration getAudioWaveform ' +
    'getHttpStream getMediaKeys getStatusCodeForMediaRetry getStream getUrlFromDirectPath ' +
    'getWAUploadToServer hkdfInfoKey mediaMessageSHA256B64 toBuffer toReadable makeNoiseHandler cleanMessage ' +
    'decryptPollVote getChatId isRealMessage shouldIncrementChatUnread createSignalIdentity ' +
    'extractDeviceJids generateOrGetPreKeys getNextPreKeys getNextPreKeysNode getPreKeys ' +
    'parseAndInjectE2ESessions xmppPreKey xmppSignedPreKey useMultiFileAuthState configureSuccessfulPairing ' +
    'encodeSignedDeviceIdentity generateLoginNode generateRegistrationNode decodeBinaryNode ' +
    'decodeDecompressedBinaryNode decompressingIfRequired encodeBinaryNode assertNodeErrorFree ' +
    'binaryNodeToString getAllBinaryNodeChildren getBinaryNodeChild getBinaryNodeChildBuffer ' +
    'getBinaryNodeChildren getBinaryNodeChildString getBinaryNodeChildUInt getBinaryNodeMessages ' +
    'reduceBinaryNodeToDictionary areJidsSameUser isJidBroadcast isJidGroup isJidNewsletter ' +
    'isJidStatusBroadcast isJidUser isLidUser jidDecode jidEncode jidNormalizedUser OFFICIAL_BIZ_JID PSA_WID ' +
    'S_WHATSAPP_NET SERVER_JID STORIES_JID BinaryInfo FLAG_BYTE FLAG_EVENT FLAG_EXTENDED FLAG_FIELD ' +
    'FLAG_GLOBAL WEB_EVENTS WEB_GLOBALS encodeWAM proto WAMessageStatus WAMessageStubType WAProto ' +
    'USyncContactProtocol USyncDeviceProtocol USyncDisappearingModeProtocol USyncStatusProtocol USyncQuery ' +
    'USyncUser WASocket CALL_AUDIO_PREFIX CALL_VIDEO_PREFIX HISTORY_SYNC_PAUSED_TIMEOUT_MS ' +
    'PLACEHOLDER_MAX_AGE_SECONDS STATUS_EXPIRY_SECONDS TimeMs UPLOAD_TIMEOUT WA_ADV_ACCOUNT_SIG_PREFIX ' +
    'WA_ADV_DEVICE_SIG_PREFIX WA_ADV_HOSTED_ACCOUNT_SIG_PREFIX WA_ADV_HOSTED_DEVICE_SIG_PREFIX ' +
    'WAMessageAddressingMode QueryIds XWAPaths NewChatMessageCappingMVStatusType ' +
    'NewChatMessageCappingOTEStatusType NewChatMessageCappingStatusType ReachoutTimelockEnforcementType ' +
    'SyncState assertMeId ensureLTHashStateVersion isAppStateSyncIrrecoverable isMissingKeyError ' +
    'makeLtHashGenerator MAX_SYNC_ATTEMPTS buildPairingQRData CompanionWebClientType getCompanionPlatformId ' +
    'getCompanionWebClientType ACCOUNT_RESTRICTED_TEXT DECRYPTION_RETRY_CONFIG extractAddressingContext ' +
    'getDecryptionJid SERVER_ERROR_CODES encodeNewsletterMessage generateParticipantHashV2 ' +
    'isStringNullOrEmpty handleIdentityChange MessageRetryManager RetryReason ' +
    'getAggregateResponsesInEventMessage hasNonNullishProperty updateMessageWithEventResponse DEF_MEDIA_HOST ' +
    'getRawMediaUploadData uploadWithNodeHttp decryptEventResponse extractE2ESessionFromRetryReceipt ' +
    'buildAckStanza getServerFromDomainType isHostedLidUser isHostedPnUser isJidBot isJidMetaAI isPnUser ' +
    'META_AI_JID transferDevice WAJIDDomains USyncUsernameProtocol '
  ).split(' ').filter(Boolean));
  return new Proxy(exports, {
    get(t, key) {
      if (typeof key === 'string' && !(key in t)) {
        if (key in missing) throw new Error('@whiskeysockets/baileys: ' + missing[key] + ' (not provided by botrt)');
        if (BAILEYS_EXPORTS.has(key)) throw new Error('@whiskeysockets/baileys: ' + key + ' is not provided by botrt');
      }
      return t[key];
    },
  });
}
