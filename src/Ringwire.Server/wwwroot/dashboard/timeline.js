// One call's trace as a timeline (GET /v1/calls/{id} and /v1/calls/{id}/events): a lane for the call and one per
// callee device, each step with its time since the call was placed and the time between steps.
import { h, fill, badge, time, duration, Memo } from './dom.js';

const TERMINAL = ['cancelled', 'declined', 'missed', 'unreachable', 'ended'];

/**
 * Turns a call and its trace into lanes of steps. Pure, so it is easy to reason about:
 * { call: [step], devices: [{ deviceId, platform, steps: [step] }] }, step = { at (ms since epoch), label, tone, note }.
 */
export function buildLanes(call, events) {
  const platforms = new Map(call.legs.map((leg) => [leg.deviceId, leg.platform]));
  const lanes = new Map(call.legs.map((leg) => [leg.deviceId, []]));
  const callSteps = [];
  const laneOf = (deviceId) => {
    if (!lanes.has(deviceId)) lanes.set(deviceId, []);
    return lanes.get(deviceId);
  };
  const service = (deviceId) => (platforms.get(deviceId) === 'android' ? 'FCM' : 'APNs');

  for (const event of events) {
    const at = Date.parse(event.at);
    const d = event.detail || {};
    const device = event.deviceId;
    switch (event.type) {
      case 'created':
        callSteps.push({ at, label: 'placed', tone: 'info', note: `${d.legs ?? call.legs.length} device(s), rings ${d.ringSeconds ?? '?'} s` });
        break;
      case 'push.sent':
      case 'push.failed': {
        const lane = laneOf(device);
        const answered = at + (d.latencyMs ?? 0);
        lane.push({ at, label: 'push sent', tone: 'info', note: d.attempts ? `${d.attempts} attempts` : null });
        const status = d.status ?? null;
        const label = status === null
          ? `${service(device)} no answer`
          : `${service(device)} ${status}${d.reason ? ` ${d.reason}` : ''}`;
        lane.push({ at: answered, label, tone: event.type === 'push.sent' ? 'ok' : 'bad', note: d.result ?? null });
        break;
      }
      case 'push.retrying':
        laneOf(device).push({ at, label: `${service(device)} ${d.status ?? ''} ${d.reason ?? ''}`.replace(/\s+/g, ' ').trim(), tone: 'warn',
          note: `retry ${(d.attempt ?? 0) + 1} in ${duration(d.delayMs)}` });
        break;
      case 'claimed':
        laneOf(device).push({ at, label: `claimed after ${duration(d.afterMs ?? at - Date.parse(call.createdAt))}`, tone: 'ok' });
        break;
      case 'reported':
        laneOf(device).push({ at, label: d.mustReport === false ? 'reported (no report needed)' : 'reported to CallKit', tone: 'ok' });
        break;
      case 'answered':
        callSteps.push({ at, label: 'answered', tone: 'ok', note: device ? `on ${device}` : null });
        if (device) laneOf(device).push({ at, label: 'answered', tone: 'ok' });
        break;
      case 'alert.sent':
      case 'alert.failed':
        laneOf(device).push({ at, label: event.type === 'alert.sent' ? 'missed-call alert' : 'missed-call alert failed', tone: event.type === 'alert.sent' ? 'info' : 'bad',
          note: d.status ? `${service(device)} ${d.status}` : null });
        break;
      default: {
        const terminal = TERMINAL.includes(event.type);
        const step = { at, label: event.type, tone: terminal ? endTone(event.type) : 'info', note: d.endReason ? d.endReason.replaceAll('_', ' ') : null };
        callSteps.push(step);
        if (device) laneOf(device).push({ ...step });
      }
    }
  }

  // The question at 2 a.m.: a phone that was pushed and never said so (no claim, no report) rang for nothing, or
  // not at all, and counts towards iOS cutting the app off.
  if (TERMINAL.includes(call.state) && call.endedAt) {
    for (const [deviceId, steps] of lanes) {
      const pushed = steps.some((s) => s.label === 'push sent');
      const heard = steps.some((s) => s.label.startsWith('claimed') || s.label.startsWith('reported'));
      if (pushed && !heard) steps.push({ at: Date.parse(call.endedAt), label: 'never claimed', tone: 'warn', note: `${deviceId} did not connect` });
    }
  }

  const byTime = (a, b) => a.at - b.at;
  return {
    call: callSteps.sort(byTime),
    devices: [...lanes.entries()].map(([deviceId, steps]) => ({ deviceId, platform: platforms.get(deviceId) ?? '', steps: steps.sort(byTime) })),
  };
}

function endTone(type) {
  return type === 'ended' ? 'ok' : type === 'missed' || type === 'unreachable' ? 'warn' : 'muted';
}

export class TimelinePanel {
  #ctx;
  #root;
  #memo = new Memo();
  #callId = null;

  constructor(root, ctx) {
    this.#ctx = ctx;
    this.#root = root;
    root.querySelector('#timeline-close').addEventListener('click', () => this.close());
  }

  get callId() { return this.#callId; }

  open(callId) {
    this.#callId = callId;
    this.#memo.reset();
    this.#root.hidden = false;
    this.#root.querySelector('#timeline-title').textContent = callId;
    fill(this.#root.querySelector('#timeline-body'), h('p', { class: 'muted', text: 'Loading…' }));
    this.#root.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  close() {
    this.#callId = null;
    this.#root.hidden = true;
    this.#ctx.timelineClosed();
  }

  async refresh() {
    const callId = this.#callId;
    if (!callId) return;
    let call;
    let events;
    try {
      [call, { events }] = await Promise.all([
        this.#ctx.api.get(`v1/calls/${encodeURIComponent(callId)}`),
        this.#ctx.api.get(`v1/calls/${encodeURIComponent(callId)}/events`),
      ]);
    } catch (error) {
      if (error.status !== 404 || callId !== this.#callId) throw error;
      fill(this.#root.querySelector('#timeline-body'),
        h('p', { class: 'error', text: 'No such call: the id is wrong, or the call ended longer ago than the retention period.' }));
      return;
    }

    if (callId !== this.#callId || !this.#memo.changed({ call, events })) return;
    fill(this.#root.querySelector('#timeline-body'), summary(call), lanes(call, events), eventTable(call, events));
  }
}

function summary(call) {
  return h('div', { class: 'timeline-summary' },
    badge(call.state, 'state'),
    h('span', { class: 'parties' }, h('strong', { text: call.from }), ' → ', h('strong', { text: call.to })),
    call.callerName ? h('span', { class: 'muted', text: `shown as “${call.callerName}”` }) : null,
    h('span', { class: 'muted', text: `placed ${time(call.createdAt)}` }),
    call.endReason ? h('span', { class: 'muted', text: `end reason ${call.endReason.replaceAll('_', ' ')}` }) : null,
    call.answeredBy ? h('span', { class: 'muted', text: `answered on ${call.answeredBy}` }) : null,
    h('span', { class: 'muted', text: `version ${call.version}` }));
}

function lanes(call, events) {
  const start = Date.parse(call.createdAt);
  const built = buildLanes(call, events);
  return h('div', { class: 'lanes' },
    lane('call', `${call.from} → ${call.to}`, built.call, start, { lane: 'call' }),
    built.devices.map((d) => lane(d.deviceId, d.platform, d.steps, start, { device: d.deviceId })),
    built.devices.length === 0 ? h('p', { class: 'muted', text: 'No callee device was rung.' }) : null);
}

function lane(name, sub, steps, start, dataset) {
  const items = [];
  steps.forEach((step, i) => {
    if (i > 0) items.push(h('li', { class: 'gap', attrs: { 'aria-label': 'then' }, text: duration(step.at - steps[i - 1].at) }));
    items.push(h('li', { class: `step tone-${step.tone}`, title: new Date(step.at).toISOString() },
      h('span', { class: 'step-label', text: step.label }),
      step.note ? h('span', { class: 'step-note', text: step.note }) : null,
      h('span', { class: 'step-at', text: `+${duration(step.at - start)}` })));
  });
  return h('div', { class: 'lane', dataset },
    h('div', { class: 'lane-name' }, h('strong', { text: name }), h('span', { class: 'muted small', text: sub })),
    h('ol', { class: 'steps' }, items.length ? items : h('li', { class: 'muted', text: 'nothing yet' })));
}

function eventTable(call, events) {
  const start = Date.parse(call.createdAt);
  return h('details', { class: 'events' },
    h('summary', { text: `All ${events.length} trace events` }),
    h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, ['at', 'since placed', 'type', 'device', 'detail'].map((t) => h('th', { text: t })))),
      h('tbody', {}, events.map((e) => h('tr', {},
        h('td', { class: 'mono', text: time(e.at) }),
        h('td', { class: 'mono', text: `+${duration(Date.parse(e.at) - start)}` }),
        h('td', { text: e.type }),
        h('td', { text: e.deviceId ?? '' }),
        h('td', { class: 'mono small', text: Object.entries(e.detail || {}).map(([k, v]) => `${k}=${v}`).join('  ') }))))));
}
