// Calls of the simulator's admin API (/api/ on the page's own origin).

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new Error(`${method} ${path}: ${res.status} ${text}`);
  }
  if (!res.ok) throw new Error((data && data.error) || `${method} ${path}: ${res.status}`);
  return data;
}

export const listPeople = () => call('GET', '/api/people');
export const listAccounts = () => call('GET', '/api/accounts');
export const createPerson = (phone, name) => call('POST', '/api/people', { phone, name });
export const sendMessage = (phone, msg) => call('POST', `/api/people/${encodeURIComponent(phone)}/messages`, msg);
export const getGroup = (jid) => call('GET', `/api/web/groups/${encodeURIComponent(jid)}`);
export const createGroup = (creator, subject, participants) =>
  call('POST', '/api/groups', { creator, subject, participants });

// fileToBase64 reads a File as the base64 the admin API takes for image and document bytes.
export function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error);
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.readAsDataURL(file);
  });
}

// phoneOf returns the user part of a JID ("1555@s.whatsapp.net" → "1555").
export const phoneOf = (jid) => String(jid || '').split('@')[0].split(':')[0];
export const isGroup = (jid) => String(jid || '').endsWith('@g.us');
