// The lab (only when GET /v1/lab says enabled: no Apple key configured, pushes go to the built-in APNs simulator):
// virtual iPhones that register with this server, are woken by its real pushes, and ring, answer and hang up.
import { h, fill, badge, time, shortId, Memo } from './dom.js';

export class LabPanel {
  #ctx;
  #root;
  #memo = new Memo();
  #cards = new Map();
  #grid;
  #users;

  constructor(root, ctx) {
    this.#ctx = ctx;
    this.#root = root;
    this.#grid = root.querySelector('#lab-phones');
    this.#users = root.querySelector('#lab-users');
    root.querySelector('#lab-create').addEventListener('submit', (event) => this.#create(event));
  }

  get ctx() { return this.#ctx; }

  /** Shows the panel when the server runs the lab; false when it does not (or does not know the lab at all). */
  async detect() {
    let lab;
    try {
      lab = await this.#ctx.api.get('v1/lab');
    } catch (error) {
      if (error.status === 404) lab = { enabled: false };
      else throw error;
    }
    this.#root.hidden = !lab.enabled;
    // For whoever looks (and for the browser tests): the check is done, and what it found.
    document.body.dataset.lab = lab.enabled ? 'on' : 'off';
    if (lab.enabled) this.#root.querySelector('#lab-bundle').textContent = lab.bundleId ?? '';
    return lab.enabled;
  }

  async refresh() {
    if (this.#root.hidden) return;
    const { phones } = await this.#ctx.api.get('v1/lab/phones');
    if (!this.#memo.changed(phones)) return;

    const users = [...new Set(phones.map((p) => p.userId))];
    fill(this.#users, ...users.map((u) => h('option', { value: u })));
    const seen = new Set();
    for (const phone of phones) {
      seen.add(phone.phoneId);
      let card = this.#cards.get(phone.phoneId);
      if (!card) {
        card = new PhoneCard(phone, this);
        this.#cards.set(phone.phoneId, card);
      }
      card.update(phone, users);
    }
    for (const [id, card] of this.#cards) {
      if (!seen.has(id)) { card.root.remove(); this.#cards.delete(id); }
    }
    // Creation order, as the server lists them. Cards already in place are not touched: moving one would take the
    // focus (and the caret) out of what its user is typing.
    phones.forEach((p, i) => {
      const root = this.#cards.get(p.phoneId).root;
      if (this.#grid.children[i] !== root) this.#grid.insertBefore(root, this.#grid.children[i] ?? null);
    });
    this.#root.querySelector('#lab-empty').hidden = phones.length > 0;
  }

  async #create(event) {
    event.preventDefault();
    const form = event.target;
    const error = form.querySelector('#lab-create-error');
    const body = { userId: form.userId.value.trim(), appRunning: form.appRunning.checked };
    if (form.phoneName.value.trim()) body.name = form.phoneName.value.trim();
    form.querySelector('button').disabled = true;
    try {
      await this.#ctx.api.post('v1/lab/phones', body);
      error.hidden = true;
      form.userId.value = '';
      form.phoneName.value = '';
      this.#memo.reset();
      await this.#ctx.refreshNow();
    } catch (e) {
      error.textContent = e.describe ? e.describe() : String(e);
      error.hidden = false;
    } finally {
      form.querySelector('button').disabled = false;
    }
  }

  /** Runs a phone's action; its error shows on its card. */
  async act(card, path, body) {
    try {
      card.showError(null);
      const result = await this.#ctx.api.post(path, body);
      this.#memo.reset();
      await this.#ctx.refreshNow();
      return result;
    } catch (e) {
      card.showError(e.code === 'call_ended' ? 'That call is no longer in a state where this means anything.' : e.describe ? e.describe() : String(e));
      return null;
    }
  }

  async remove(card, phoneId) {
    try {
      await this.#ctx.api.delete(`v1/lab/phones/${encodeURIComponent(phoneId)}`);
      this.#memo.reset();
      await this.#ctx.refreshNow();
    } catch (e) {
      card.showError(e.describe ? e.describe() : String(e));
    }
  }
}

/** One virtual iPhone. Kept across polls, so what is typed into it and whether its timeline is open survive. */
class PhoneCard {
  #lab;
  #id;
  #callsMemo = new Memo();
  #timelineMemo = new Memo();
  #phone = null;
  root;
  #title;
  #meta;
  #badges;
  #calls;
  #dial;
  #terminate;
  #timelineButton;
  #timeline;
  #error;

  constructor(phone, lab) {
    this.#lab = lab;
    this.#id = phone.phoneId;
    const path = `v1/lab/phones/${encodeURIComponent(phone.phoneId)}`;
    this.#title = h('h3');
    this.#meta = h('div', { class: 'muted small mono' });
    this.#badges = h('div', { class: 'phone-badges' });
    this.#calls = h('ul', { class: 'phone-calls' });
    this.#dial = h('input', { name: 'to', placeholder: 'user id', autocomplete: 'off', attrs: { list: 'lab-users', 'aria-label': `${phone.name}: call whom`, required: true } });
    this.#terminate = h('button', { type: 'button', class: 'quiet', text: 'Terminate app', onclick: () => lab.act(this, `${path}/terminate`, {}) });
    this.#timelineButton = h('button', { type: 'button', class: 'quiet', text: 'Phone timeline', attrs: { 'aria-expanded': 'false' }, onclick: () => this.#toggleTimeline() });
    this.#timeline = h('ol', { class: 'phone-timeline', hidden: true });
    this.#error = h('p', { class: 'error small', attrs: { role: 'alert' }, hidden: true });
    this.root = h('article', { class: 'phone', dataset: { phone: phone.phoneId, user: phone.userId } },
      h('header', { class: 'phone-head' }, h('div', {}, this.#title, this.#meta), this.#badges),
      this.#calls,
      h('form', { class: 'dial', onsubmit: (event) => this.#call(event, path) }, this.#dial, h('button', { type: 'submit', text: 'Call' })),
      h('div', { class: 'phone-actions' },
        this.#terminate,
        this.#timelineButton,
        h('button', { type: 'button', class: 'quiet danger', text: 'Delete', onclick: () => lab.remove(this, phone.phoneId) })),
      this.#error,
      this.#timeline);
  }

  update(phone, users) {
    this.#phone = phone;
    this.#title.textContent = phone.name;
    this.#meta.textContent = `${phone.userId} · ${phone.deviceId}`;
    const ringing = phone.calls.some((c) => c.state === 'ringing');
    this.root.classList.toggle('ringing', ringing);
    fill(this.#badges,
      ringing ? badge('ringing', 'state', 'ringing') : null,
      h('span', { class: 'small', title: 'the app’s WebSocket to this server' },
        h('span', { class: `dot ${phone.connected ? 'on' : 'off'}`, attrs: { 'aria-hidden': 'true' } }), phone.connected ? ' connected' : ' not connected'),
      h('span', { class: 'small muted', text: phone.appRunning ? '· app running' : '· app not running' }),
      phone.strikes ? h('span', { class: 'badge health-at_risk', text: `${phone.strikes} strike${phone.strikes === 1 ? '' : 's'}` }) : null,
      phone.voipBlocked ? h('span', { class: 'badge state-declined', text: 'VoIP blocked by iOS' }) : null);
    this.#terminate.disabled = !phone.appRunning;
    if (!this.#dial.value && document.activeElement !== this.#dial) {
      this.#dial.placeholder = users.find((u) => u !== phone.userId) ?? 'user id';
    }
    if (this.#callsMemo.changed(phone.calls)) this.#renderCalls(phone);
    if (!this.#timeline.hidden) this.#renderTimeline(phone);
  }

  showError(message) {
    this.#error.textContent = message ?? '';
    this.#error.hidden = !message;
  }

  async #call(event, path) {
    event.preventDefault();
    const to = this.#dial.value.trim() || (this.#dial.placeholder !== 'user id' ? this.#dial.placeholder : '');
    if (!to) { this.showError('Whom to call? Type a user id.'); return; }
    const placed = await this.#lab.act(this, `${path}/calls`, { to, video: false });
    if (placed) this.#dial.value = '';
  }

  #renderCalls(phone) {
    const path = `v1/lab/phones/${encodeURIComponent(phone.phoneId)}/calls`;
    fill(this.#calls, ...(phone.calls.length === 0
      ? [h('li', { class: 'muted small', text: 'No calls yet.' })]
      : phone.calls.map((call) => {
        const act = (what) => this.#lab.act(this, `${path}/${encodeURIComponent(call.callId)}/${what}`, {});
        const live = call.state !== 'ended';
        return h('li', { class: `phone-call state-${call.state}`, dataset: { callId: call.callId, state: call.state } },
          h('div', { class: 'phone-call-head' },
            h('span', { class: 'dir', text: call.direction === 'incoming' ? '↘ from' : '↗ to', title: call.direction }),
            h('strong', { text: call.display || '(no name)' }),
            badge(call.state, 'phone'),
            call.endedReason ? h('span', { class: 'muted small', text: call.endedReason }) : null),
          h('div', { class: 'phone-call-actions' },
            call.state === 'ringing' && call.direction === 'incoming' ? [
              h('button', { type: 'button', class: 'answer', text: 'Answer', onclick: () => act('answer') }),
              h('button', { type: 'button', class: 'decline', text: 'Decline', onclick: () => act('decline') }),
            ] : null,
            live && !(call.state === 'ringing' && call.direction === 'incoming') ? h('button', { type: 'button', class: 'decline', text: 'End', onclick: () => act('end') }) : null,
            h('button', { type: 'button', class: 'quiet', text: `Trace ${shortId(call.callId)}`, title: 'Open the server’s timeline of this call', onclick: () => this.#lab.ctx.openTimeline(call.callId) })));
      })));
  }

  #toggleTimeline() {
    this.#timeline.hidden = !this.#timeline.hidden;
    this.#timelineButton.setAttribute('aria-expanded', String(!this.#timeline.hidden));
    this.#timelineMemo.reset();
    if (!this.#timeline.hidden && this.#phone) this.#renderTimeline(this.#phone);
  }

  #renderTimeline(phone) {
    if (!this.#timelineMemo.changed(phone.timeline)) return;
    fill(this.#timeline, ...(phone.timeline.length === 0
      ? [h('li', { class: 'muted', text: 'Nothing happened yet.' })]
      : phone.timeline.map((e) => h('li', { dataset: { kind: e.kind } }, h('span', { class: 'mono muted', text: time(e.at) }), ' ', h('span', { class: 'kind', text: e.kind }), ' ', e.text))));
    this.#timeline.scrollTop = this.#timeline.scrollHeight;
  }

  get id() { return this.#id; }
}
