import { useEffect, useMemo, useRef, useState, useCallback } from 'preact/hooks';
import * as api from './api.js';
import { openStream } from './stream.js';
import { load, save } from './store.js';
import { People } from './people.jsx';
import { Chats } from './chats.jsx';
import { Conversation } from './conversation.jsx';
import { LogPanel } from './logpanel.jsx';

const maxLog = 500;
const refreshEvery = 3000; // ms between looks at the people and accounts lists
// typingFor is how long a "typing…" shows without a newer chat state (clients repeat it while typing).
const typingFor = 25_000;
const rank = { delivered: 1, read: 2, played: 3 };

export function App() {
  const [people, setPeople] = useState([]);
  const [accounts, setAccounts] = useState([]);
  const [me, setMe] = useState(null); // phone of the selected person
  const [received, setReceived] = useState([]);
  const [sent, setSent] = useState([]);
  const [groups, setGroups] = useState({}); // jid → subject
  const [chat, setChat] = useState(null);
  const [logs, setLogs] = useState([]);
  const [typing, setTyping] = useState({}); // chat → { from → expiry time }
  const [statuses, setStatuses] = useState({}); // id of a sent message → delivered, read or played
  const [live, setLive] = useState('connecting');
  const [error, setError] = useState('');

  const refresh = useCallback(async () => {
    try {
      const [p, a] = await Promise.all([api.listPeople(), api.listAccounts()]);
      setPeople(p);
      setAccounts(a);
    } catch (e) {
      setError(String(e.message || e));
    }
  }, []);
  // Bots link and people connect while the page is open: look again now and then.
  useEffect(() => {
    refresh();
    const timer = setInterval(() => document.visibilityState === 'visible' && refresh(), refreshEvery);
    return () => clearInterval(timer);
  }, [refresh]);

  // One stream per selected person (log entries come on every stream).
  useEffect(() => {
    setReceived([]);
    setSent(me ? load(me, 'sent', []) : []);
    setGroups(me ? load(me, 'groups', {}) : {});
    setChat(null);
    setTyping({});
    setStatuses({});
    const stopTyping = (chat, from) =>
      setTyping((t) => {
        if (!t[chat] || !t[chat][from]) return t;
        const { [from]: _, ...rest } = t[chat];
        return { ...t, [chat]: rest };
      });
    return openStream(me, {
      onMessage: (m) => {
        stopTyping(m.chat, m.from);
        // order breaks ties of the whole-second timestamps by arrival (a bot answers within the second).
        setReceived((list) => (list.some((x) => x.id === m.id) ? list : [...list, { ...m, order: Date.now() }]));
      },
      // Receipts are kept apart from the sent messages: one may arrive before the POST that sent its
      // message returns. The stream replays the remembered ones on (re)connect.
      onStatus: (st) =>
        setStatuses((all) => {
          const next = { ...all };
          for (const id of st.ids) if ((rank[next[id]] || 0) < rank[st.state]) next[id] = st.state;
          return next;
        }),
      onTyping: (ty) => {
        if (ty.state === 'paused') stopTyping(ty.chat, ty.from);
        else setTyping((t) => ({ ...t, [ty.chat]: { ...t[ty.chat], [ty.from]: { state: ty.state, until: Date.now() + typingFor } } }));
      },
      onLog: (e) =>
        setLogs((list) => {
          if (list.length && list[list.length - 1].seq >= e.seq) return list;
          const next = [...list, e];
          return next.length > maxLog ? next.slice(next.length - maxLog) : next;
        }),
      // The page fell behind a flood of lines: a note takes their place (its seq sorts between).
      onDropped: (count) =>
        setLogs((list) => {
          const seq = (list.length ? list[list.length - 1].seq : 0) + 0.5;
          const note = { seq, time: new Date().toISOString(), bot: '', kind: 'log', level: 'warn', text: `… ${count} lines skipped (the page fell behind)` };
          return [...list, note];
        }),
      onState: setLive,
    });
  }, [me]);

  // Name the groups others added the person to (their subjects are not in the messages), asking once.
  const asked = useRef(new Set());
  useEffect(() => {
    if (!me) return;
    const unknown = [...new Set(received.map((m) => m.chat))].filter(
      (c) => api.isGroup(c) && !(c in groups) && !asked.current.has(c),
    );
    for (const jid of unknown) {
      asked.current.add(jid);
      api
        .getGroup(jid)
        .then((g) =>
          setGroups((all) => {
            const next = { ...all, [jid]: g.subject || jid };
            save(me, 'groups', next);
            return next;
          }),
        )
        .catch((e) => setError(`Could not look up group ${jid}: ${e.message || e}`));
    }
  }, [me, received, groups]);

  const names = useMemo(() => {
    const n = {};
    for (const a of accounts) n[a.jid] = a.name || api.phoneOf(a.jid);
    for (const p of people) n[p.jid] = p.name || p.phone;
    for (const [jid, subject] of Object.entries(groups)) n[jid] = subject;
    return n;
  }, [accounts, people, groups]);

  const messages = useMemo(
    () =>
      [...received, ...sent.map((m) => (statuses[m.id] ? { ...m, status: statuses[m.id] } : m))].sort(
        (a, b) => a.timestamp - b.timestamp || (a.order || 0) - (b.order || 0),
      ),
    [received, sent, statuses],
  );

  const onCreatePerson = async (phone, name) => {
    await api.createPerson(phone, name);
    await refresh();
    setMe(phone);
  };

  // onSend sends msg (the admin API's message, plus localUrl: an object URL of an attached image to show).
  const onSend = async ({ localUrl, ...msg }) => {
    const order = Date.now(); // before sending: the answer may stream in before the POST returns
    const { id } = await api.sendMessage(me, msg);
    const chatJid = msg.to.includes('@') ? msg.to : `${msg.to}@s.whatsapp.net`;
    const mine = {
      id,
      chat: chatJid,
      from: `${me}@s.whatsapp.net`,
      fromMe: true,
      timestamp: Math.floor(Date.now() / 1000),
      type: msg.react ? 'reaction' : msg.image ? 'image' : msg.document ? 'document' : 'text',
      text: msg.react ? msg.react.emoji : msg.text || '',
      caption: msg.caption || '',
      quoted: msg.quoted || '',
      mentions: msg.mentions || [],
      react: msg.react,
      localUrl,
      fileName: msg.fileName,
      status: 'sent',
      order,
    };
    setSent((list) => {
      const next = [...list, mine];
      // Object URLs do not survive a reload: stored copies show the file name instead.
      save(me, 'sent', next.map(({ localUrl, ...rest }) => rest));
      return next;
    });
  };

  const onCreateGroup = async (subject, participants) => {
    const { jid } = await api.createGroup(me, subject, participants);
    setGroups((g) => {
      const next = { ...g, [jid]: subject };
      save(me, 'groups', next);
      return next;
    });
    setChat(jid);
  };

  return (
    <div class="layout">
      <header class="top">
        <h1>botrt simulator</h1>
        <span class={`live live-${live}`} role="status" aria-live="polite">
          {live === 'live' ? 'Live' : live === 'reconnecting' ? 'Reconnecting…' : live === 'closed' ? 'Disconnected' : 'Connecting…'}
        </span>
      </header>
      {error && (
        <div class="error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setError('')}>
            Dismiss
          </button>
        </div>
      )}
      <People people={people} me={me} onSelect={setMe} onCreate={onCreatePerson} onError={setError} />
      {me ? (
        <Chats
          me={me}
          messages={messages}
          accounts={accounts}
          people={people}
          groups={groups}
          names={names}
          chat={chat}
          onSelect={setChat}
          onCreateGroup={onCreateGroup}
          onError={setError}
        />
      ) : (
        <section class="chats empty" aria-label="Chats">
          <p>Create or pick a person to chat as.</p>
        </section>
      )}
      {me && chat ? (
        <Conversation
          me={me}
          chat={chat}
          messages={messages}
          names={names}
          typing={typing[chat]}
          onSend={onSend}
          onError={setError}
        />
      ) : (
        <main class="conversation empty">
          <p>{me ? 'Pick a chat or start one with a bot.' : ''}</p>
        </main>
      )}
      <LogPanel entries={logs} onClear={() => setLogs([])} />
    </div>
  );
}
