import { useState } from 'preact/hooks';

// People lists the simulated people and creates new ones.
export function People({ people, me, onSelect, onCreate, onError }) {
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onCreate(phone.trim(), name.trim());
      setPhone('');
      setName('');
    } catch (err) {
      onError(`Could not create the person: ${err.message || err}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <nav class="people" aria-label="People">
      <h2>People</h2>
      <ul>
        {people.map((p) => (
          <li key={p.phone}>
            <button type="button" aria-pressed={p.phone === me} onClick={() => onSelect(p.phone)}>
              <span class="name">{p.name || p.phone}</span>
              <span class="sub">
                +{p.phone} {p.connected ? '' : '(offline)'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} class="stack">
        <h3>New person</h3>
        <label>
          Phone number
          <input
            name="phone"
            inputMode="numeric"
            pattern="[0-9]{5,20}"
            required
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
            placeholder="15550001111"
          />
        </label>
        <label>
          Name
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="Alice" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create person'}
        </button>
      </form>
    </nav>
  );
}
