import { useMemo, useState } from 'preact/hooks';
import { isGroup } from './api.js';

// Chats lists the selected person's chats, starts chats with bots and people, and creates groups.
export function Chats({ me, messages, accounts, people, groups, names, chat, onSelect, onCreateGroup, onError }) {
  const myJid = `${me}@s.whatsapp.net`;
  const chats = useMemo(() => {
    const last = new Map();
    for (const jid of Object.keys(groups)) last.set(jid, 0);
    for (const m of messages) last.set(m.chat, Math.max(last.get(m.chat) || 0, m.timestamp));
    return [...last.entries()].sort((a, b) => b[1] - a[1]).map(([jid]) => jid);
  }, [messages, groups]);
  const contacts = useMemo(
    () => accounts.filter((a) => a.jid !== myJid).map((a) => ({ jid: a.jid, name: a.name, bot: !a.person })),
    [accounts, myJid],
  );

  return (
    <section class="chats" aria-label="Chats">
      <h2>Chats</h2>
      <ul>
        {chats.map((jid) => (
          <li key={jid}>
            <button type="button" aria-pressed={jid === chat} onClick={() => onSelect(jid)}>
              <span class="name">{names[jid] || jid}</span>
              <span class="sub">{isGroup(jid) ? 'group' : `+${jid.split('@')[0]}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <h3>Start a chat</h3>
      <ul class="contacts">
        {contacts.map((c) => (
          <li key={c.jid}>
            <button type="button" onClick={() => onSelect(c.jid)} aria-label={`Chat with ${c.name || c.jid}`}>
              <span class="name">{c.name || c.jid.split('@')[0]}</span>
              <span class="sub">{c.bot ? 'bot' : 'person'}</span>
            </button>
          </li>
        ))}
      </ul>
      <NewGroup contacts={contacts} onCreate={onCreateGroup} onError={onError} />
    </section>
  );
}

function NewGroup({ contacts, onCreate, onError }) {
  const [subject, setSubject] = useState('');
  const [members, setMembers] = useState({});
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const picked = Object.keys(members).filter((j) => members[j]);
    if (picked.length === 0) {
      onError('Pick at least one member for the group.');
      return;
    }
    setBusy(true);
    try {
      await onCreate(subject.trim(), picked.map((j) => j.split('@')[0]));
      setSubject('');
      setMembers({});
    } catch (err) {
      onError(`Could not create the group: ${err.message || err}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit}>
      <h3>New group</h3>
      <label>
        Group subject
        <input required value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>Members</legend>
        {contacts.map((c) => (
          <label key={c.jid} class="check">
            <input
              type="checkbox"
              checked={!!members[c.jid]}
              onChange={(e) => setMembers({ ...members, [c.jid]: e.currentTarget.checked })}
            />
            {c.name || c.jid.split('@')[0]} {c.bot ? '(bot)' : ''}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create group'}
      </button>
    </form>
  );
}
