// Building and formatting DOM without innerHTML: every text goes in as text, so nothing a user or a device sent can
// become markup (the page's Content-Security-Policy forbids inline script anyway).

/**
 * Creates an element. props: class, text, title, dataset ({key: value} → data-key), attrs ({name: value}),
 * and on<Event> handlers (onclick, onsubmit…). Children: nodes, strings, arrays of them; null and false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'attrs') for (const [name, v] of Object.entries(value)) { if (v !== null && v !== undefined && v !== false) el.setAttribute(name, v === true ? '' : String(v)); }
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el[key] = value;
  }
  append(el, children);
  return el;
}

/** Replaces an element's children; like replaceChildren, but skips null and false (which it would print). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A small coloured label: badge('ringing', 'state') → <span class="badge state-ringing">ringing</span>. */
export function badge(value, family, text = value) {
  return h('span', { class: `badge ${family}-${String(value).replace(/[^a-z0-9_-]/gi, '')}`, text: text.replaceAll('_', ' ') });
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** 14:03:07.123 in the browser's time zone. */
export function time(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  return `${clock.format(at)}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

/** "3 s ago", "4 min ago", "2 h ago", "5 d ago". */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** 14 ms, 1.25 s, 2 min 5 s. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60000) return `${(ms / 1000).toFixed(abs < 10000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** The first block of a call id: enough to tell calls apart on screen. */
export function shortId(id) {
  return String(id).split('-')[0];
}

/** Renders only when the data changed, so that a poll does not rebuild (and steal clicks from) an unchanged view. */
export class Memo {
  #last = undefined;

  changed(data) {
    const text = JSON.stringify(data);
    if (text === this.#last) return false;
    this.#last = text;
    return true;
  }

  reset() { this.#last = undefined; }
}
