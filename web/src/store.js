// What the page remembers per person in localStorage: the messages it sent (the simulator records only
// what a person receives) and the groups it created.

const key = (phone, what) => `botrt.${what}.${phone}`;

export function load(phone, what, fallback) {
  try {
    const v = localStorage.getItem(key(phone, what));
    return v ? JSON.parse(v) : fallback;
  } catch {
    return fallback;
  }
}

export function save(phone, what, value) {
  try {
    localStorage.setItem(key(phone, what), JSON.stringify(value));
  } catch {
    // Storage full or disabled: the page still works, it only forgets on reload.
  }
}
