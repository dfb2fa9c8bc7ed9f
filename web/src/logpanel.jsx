import { useEffect, useRef } from 'preact/hooks';

// LogPanel shows the bots' log lines and reload events; errors name file:line when the runtime knows it.
export function LogPanel({ entries, onClear }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length]);
  return (
    <aside class="logs" aria-label="Bot log">
      <div class="logs-head">
        <h2>Bot log</h2>
        <button type="button" onClick={onClear}>
          Clear
        </button>
      </div>
      <div class="log-lines" ref={ref} role="log" aria-live="polite">
        <ol>
          {entries.length === 0 && <li class="note">No bot output yet.</li>}
          {entries.map((e) => (
            <li key={e.seq} class={`entry ${e.kind} level-${e.level}`}>
              <time>{new Date(e.time).toLocaleTimeString()}</time> <span class="bot">{e.bot}</span>{' '}
              {e.kind === 'reload' && <span class="tag">reload</span>} <span class="msg">{e.text}</span>
              {e.file && (
                <span class="where">
                  {' '}
                  at {e.file}
                  {e.line ? `:${e.line}` : ''}
                </span>
              )}
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}
