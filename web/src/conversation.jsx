import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fileToBase64, isGroup, phoneOf } from './api.js';

const statusText = { sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓' };

// Conversation shows one chat's history and the composer.
export function Conversation({ me, chat, messages, names, typing, onSend, onError }) {
  const [replyTo, setReplyTo] = useState(null);
  const listRef = useRef(null);
  const inChat = useMemo(() => messages.filter((m) => m.chat === chat), [messages, chat]);
  const shown = inChat.filter((m) => m.type !== 'reaction');
  const byId = useMemo(() => new Map(inChat.map((m) => [m.id, m])), [inChat]);
  // Reactions: the latest emoji of each reactor on each message.
  const reactions = useMemo(() => {
    const r = new Map();
    for (const m of inChat) {
      if (m.type !== 'reaction' || !m.react) continue;
      const who = m.fromMe ? 'me' : m.from;
      const per = r.get(m.react.id) || new Map();
      if (m.react.emoji) per.set(who, m.react.emoji);
      else per.delete(who);
      r.set(m.react.id, per);
    }
    return r;
  }, [inChat]);

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [shown.length, chat]);
  useEffect(() => setReplyTo(null), [chat]);

  const react = async (m, emoji) => {
    try {
      await onSend({ to: chat, react: { id: m.id, emoji } });
    } catch (err) {
      onError(`Could not react: ${err.message || err}`);
    }
  };

  return (
    <main class="conversation" aria-label={`Chat with ${names[chat] || chat}`}>
      <h2>{names[chat] || chat}</h2>
      <Typing typing={typing} names={names} />
      <ol class="messages" ref={listRef} aria-label="Messages" aria-live="polite">
        {shown.map((m) => (
          <Bubble
            key={m.id}
            m={m}
            me={me}
            group={isGroup(chat)}
            names={names}
            quoted={m.quoted && byId.get(m.quoted)}
            reactions={reactions.get(m.id)}
            onReply={() => setReplyTo(m)}
            onReact={(emoji) => react(m, emoji)}
          />
        ))}
      </ol>
      <Composer chat={chat} replyTo={replyTo} names={names} onCancelReply={() => setReplyTo(null)} onSend={onSend} onError={onError} />
    </main>
  );
}

// Typing says who composes or records in the chat, until they pause, send, or the hint expires.
function Typing({ typing, names }) {
  const [, tick] = useState(0);
  const now = Date.now();
  const active = Object.entries(typing || {}).filter(([, t]) => t.until > now);
  useEffect(() => {
    if (active.length === 0) return undefined;
    const next = Math.min(...active.map(([, t]) => t.until)) - now;
    const timer = setTimeout(() => tick((n) => n + 1), Math.max(next, 0) + 50);
    return () => clearTimeout(timer);
  });
  return (
    <p class="typing" role="status" aria-live="polite">
      {active
        .map(([from, t]) => `${names[from] || phoneOf(from)} is ${t.state === 'recording' ? 'recording audio' : 'typing'}…`)
        .join(' ')}
    </p>
  );
}

function preview(m) {
  if (!m) return 'a message';
  return m.text || m.caption || `[${m.type}]`;
}

function Bubble({ m, group, names, quoted, reactions, onReply, onReact }) {
  const author = m.fromMe ? 'You' : names[m.from] || m.pushName || phoneOf(m.from);
  const time = new Date(m.timestamp * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const counts = new Map();
  for (const e of reactions ? reactions.values() : []) counts.set(e, (counts.get(e) || 0) + 1);
  return (
    <li class={`bubble ${m.fromMe ? 'mine' : 'theirs'}`} data-id={m.id} aria-label={`${author} at ${time}`}>
      {(group || !m.fromMe) && <div class="author">{author}</div>}
      {m.quoted && <blockquote class="quoted">{quoted ? preview(quoted) : 'a message not in this view'}</blockquote>}
      <Body m={m} />
      {counts.size > 0 && (
        <div class="reactions" aria-label="Reactions">
          {[...counts.entries()].map(([e, n]) => (
            <span key={e}>
              {e}
              {n > 1 ? n : ''}
            </span>
          ))}
        </div>
      )}
      <div class="meta">
        <time>{time}</time>
        {m.fromMe && (
          <span class={`ticks ${m.status || 'sent'}`} aria-label={m.status || 'sent'} title={m.status || 'sent'}>
            {statusText[m.status] || '✓'}
          </span>
        )}
        <button type="button" class="link" onClick={onReply} aria-label={`Reply to ${preview(m)}`}>
          Reply
        </button>
        <button type="button" class="link" onClick={() => onReact('👍')} aria-label={`React 👍 to ${preview(m)}`}>
          👍
        </button>
      </div>
    </li>
  );
}

function Body({ m }) {
  const url = m.localUrl || (m.media && m.media.url);
  const caption = m.caption ? <p class="text">{m.caption}</p> : null;
  switch (m.type) {
    case 'image':
    case 'sticker':
      return (
        <div>
          {url ? <img src={url} alt={m.caption || 'image'} /> : <p class="note">[image{m.media && m.media.error ? `: ${m.media.error}` : ''}]</p>}
          {caption}
        </div>
      );
    case 'document':
    case 'audio':
    case 'video': {
      const name = (m.media && m.media.fileName) || m.fileName || m.type;
      return (
        <div>
          {url ? (
            <a href={url} download={name}>
              {name}
            </a>
          ) : (
            <p class="note">[{name}]</p>
          )}
          {caption}
        </div>
      );
    }
    case 'text':
      return <p class="text">{m.text}</p>;
    default:
      return <p class="note">[{m.type}] {m.text}</p>;
  }
}

function Composer({ chat, replyTo, onCancelReply, onSend, onError }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef(null);
  const inputRef = useRef(null);
  useEffect(() => {
    if (replyTo && inputRef.current) inputRef.current.focus();
  }, [replyTo]);

  const submit = async (e) => {
    e.preventDefault();
    if (!text.trim() && !file) return;
    // @ followed by a phone number mentions that person or bot.
    const mentions = [...text.matchAll(/@(\d{5,20})\b/g)].map((x) => `${x[1]}@s.whatsapp.net`);
    const msg = { to: chat };
    if (file) {
      const data = await fileToBase64(file);
      msg.localUrl = URL.createObjectURL(file); // shows what was sent until the page reloads
      if (file.type.startsWith('image/')) {
        msg.image = data;
      } else {
        msg.document = data;
        msg.fileName = file.name;
      }
      msg.mimetype = file.type || undefined;
      if (text) msg.caption = text;
    } else {
      msg.text = text;
    }
    if (replyTo) msg.quoted = replyTo.id;
    if (mentions.length) msg.mentions = mentions;
    setBusy(true);
    try {
      await onSend(msg);
      setText('');
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onCancelReply();
    } catch (err) {
      onError(`Could not send: ${err.message || err}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="composer" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancelReply()}>
      {replyTo && (
        <div class="replying" role="status">
          Replying to: {preview(replyTo)}{' '}
          <button type="button" class="link" onClick={onCancelReply}>
            Cancel reply
          </button>
        </div>
      )}
      <label class="file">
        Attach image or file
        <input type="file" ref={fileRef} onChange={(e) => setFile(e.currentTarget.files[0] || null)} />
      </label>
      <label class="text">
        <input
          ref={inputRef}
          aria-label="Message"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder={file ? 'Caption (optional)' : 'Type a message; @15550001111 mentions'}
          autocomplete="off"
        />
      </label>
      <button type="submit" disabled={busy}>
        Send
      </button>
    </form>
  );
}
