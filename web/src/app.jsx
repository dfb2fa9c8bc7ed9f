import { useEffect, useMemo, useState, useCallback } from 'preact/hooks';
import * as api from './api.js';
import { openStream } from './stream.js';
import { load, save } from './store.js';
import { People } from './people.jsx';
import { Chats } from './chats.jsx';
import { Conversation } from './conversation.jsx';
import { LogPanel } from './logpanel.jsx';

const maxLog = 500;

export function App() {
  const [people, setPeople] = useState([]);
  const [accounts, setAccounts] = useState([]);
  const [me, setMe] = useState(null); // phone of the selected person
  const [received, setReceived] = useState([]);
  const [sent, setSent] = useState([]);
  const [groups, setGroups] = useState({}); // jid → subject
  const [chat, setChat] = useState(null);
  const [logs, setLogs] = useState([]);
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
  useEffect(() => {
    refresh();
  }, [refresh]);

  // One stream per selected person (log entries come on every stream).
  useEffect(() => {
    setReceived([]);
    setSent(me ? load(me, 'sent', []) : []);
    setGroups(me ? load(me, 'groups', {}) : {});
    setChat(null);
    return openStream(me, {
      onMessage: (m) => setReceived((list) => (list.some((x) => x.id === m.id) ? list : [...list, m])),
      onLog: (e) =>
        setLogs((list) => {
          if (list.length && list[list.length - 1].seq >= e.seq) return list;
          const next = [...list, e];
          return next.length > maxLog ? next.slice(next.length - maxLog) : next;
        }),
      onState: setLive,
    });
  }, [me]);

  const names = useMemo(() => {
    const n = {};
    for (const a of accounts) n[a.jid] = a.name || api.phoneOf(a.jid);
    for (const p of people) n[p.jid] = p.name || p.phone;
    for (const [jid, subject] of Object.entries(groups)) n[jid] = subject;
    return n;
  }, [accounts, people, groups]);

  const messages = useMemo(() => [...received, ...sent].sort((a, b) => a.timestamp - b.timestamp), [received, sent]);

  const onCreatePerson = async (phone, name) => {
    await api.createPerson(phone, name);
    await refresh();
    setMe(phone);
  };

  // onSend sends msg (the admin API's message, plus localUrl: an object URL of an attached image to show).
  const onSend = async ({ localUrl, ...msg }) => {
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
        <Conversation me={me} chat={chat} messages={messages} names={names} onSend={onSend} onError={setError} />
      ) : (
        <main class="conversation empty">
          <p>{me ? 'Pick a chat or start one with a bot.' : ''}</p>
        </main>
      )}
      <LogPanel entries={logs} onClear={() => setLogs([])} />
    </div>
  );
}
