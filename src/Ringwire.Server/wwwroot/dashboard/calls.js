// Calls: every user's calls with their state, newest first (GET /v1/admin/calls). A row opens the call's timeline.
import { h, fill, badge, time, ago, duration, shortId, Memo } from './dom.js';

export class CallsPanel {
  #ctx;
  #memo = new Memo();
  #filter;
  #body;
  #empty;
  #selected = null;

  constructor(root, ctx) {
    this.#ctx = ctx;
    this.#filter = root.querySelector('#call-filter');
    this.#body = root.querySelector('#calls-table tbody');
    this.#empty = root.querySelector('#calls-empty');
    this.#filter.addEventListener('change', () => { this.#memo.reset(); ctx.refreshNow(); });
    root.querySelector('#open-call').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = event.target.querySelector('input');
      const id = input.value.trim().toLowerCase();
      if (id) ctx.openTimeline(id);
      input.value = '';
    });
  }

  /** Marks the row of the call whose timeline is open. */
  select(callId) {
    this.#selected = callId;
    for (const row of this.#body.rows) row.classList.toggle('selected', row.dataset.callId === callId);
  }

  async refresh() {
    const state = this.#filter.value;
    const { calls } = await this.#ctx.api.get(`v1/admin/calls?state=${encodeURIComponent(state)}&limit=50`);
    // Ages move on every second; the rows are rebuilt when a call changed or every poll while any call is live.
    if (!this.#memo.changed({ state, calls, tick: calls.some(isLive) ? Date.now() : 0 })) return;
    this.#empty.textContent = { live: 'No live calls.', ringing: 'Nothing ringing.', answered: 'No call in progress.', ended: 'No ended calls.', all: 'No calls yet.' }[state];
    this.#empty.hidden = calls.length > 0;
    fill(this.#body, ...calls.map((call) => this.#row(call)));
  }

  #row(call) {
    const open = () => this.#ctx.openTimeline(call.callId);
    return h('tr', {
      class: `call-row${call.callId === this.#selected ? ' selected' : ''}${call.state === 'ringing' ? ' is-ringing' : ''}`,
      dataset: { callId: call.callId, state: call.state },
      attrs: { tabindex: 0, title: 'Open the timeline' },
      onclick: open,
      onkeydown: (event) => { if (event.key === 'Enter') open(); },
    },
    h('td', {}, badge(call.state, 'state'), call.endReason ? h('span', { class: 'muted small', text: ` ${call.endReason.replaceAll('_', ' ')}` }) : null),
    h('td', { class: 'parties' }, h('strong', { text: call.from }), h('span', { class: 'arrow', text: ' → ' }), h('strong', { text: call.to }),
      call.video ? h('span', { class: 'muted small', text: ' video' }) : null),
    h('td', { class: 'legs' }, call.legs.length === 0 ? h('span', { class: 'muted', text: 'no devices' }) : call.legs.map(legChip)),
    h('td', { class: 'when', title: call.createdAt }, time(call.createdAt), h('div', { class: 'muted small', text: ago(call.createdAt) })),
    h('td', { class: 'muted small' }, progress(call)),
    h('td', { class: 'mono muted small', text: shortId(call.callId) }));
  }
}

function isLive(call) { return call.state === 'ringing' || call.state === 'answered'; }

function legChip(leg) {
  const heard = leg.claimedAt ? 'claimed' : leg.reportedAt ? 'reported' : null;
  return h('span', { class: `leg push-${leg.push}`, title: `${leg.platform} · push ${leg.push}${leg.pushError ? ` (${leg.pushError})` : ''}${heard ? ` · ${heard}` : ''}` },
    leg.deviceId, heard ? h('span', { class: 'tick', text: ' ✓' }) : null);
}

function progress(call) {
  const now = Date.now();
  if (call.state === 'ringing') return `rings ${duration(Math.max(0, Date.parse(call.ringUntil) - now))} more`;
  if (call.state === 'answered') return `talking ${duration(now - Date.parse(call.answeredAt))}`;
  if (call.answeredAt && call.endedAt) return `lasted ${duration(Date.parse(call.endedAt) - Date.parse(call.answeredAt))}`;
  return call.endedAt ? `after ${duration(Date.parse(call.endedAt) - Date.parse(call.createdAt))}` : '';
}
