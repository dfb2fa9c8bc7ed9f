// The live stream of /api/events: log entries always; with phone, the person's received messages,
// the receipts of the messages it sent, and who types in its chats.
// EventSource reconnects by itself; the backlog it replays is dropped by the caller by id/seq.

export function openStream(phone, { onMessage, onLog, onDropped, onStatus, onTyping, onState }) {
  const url = phone ? `/api/events?phone=${encodeURIComponent(phone)}` : '/api/events';
  const es = new EventSource(url);
  es.addEventListener('message', (e) => onMessage(JSON.parse(e.data)));
  es.addEventListener('log', (e) => onLog(JSON.parse(e.data)));
  es.addEventListener('dropped', (e) => onDropped(JSON.parse(e.data).count));
  es.addEventListener('status', (e) => onStatus(JSON.parse(e.data)));
  es.addEventListener('typing', (e) => onTyping(JSON.parse(e.data)));
  es.onopen = () => onState('live');
  es.onerror = () => onState(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  return () => es.close();
}
