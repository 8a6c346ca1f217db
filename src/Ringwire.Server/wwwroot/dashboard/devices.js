// Devices with their push health (GET /v1/admin/devices): at_risk first, in the warning colour. A device at risk has
// had 3 or more wake-up pushes in 24 h that it never claimed or reported: the pattern after which iOS stops delivering
// the app's VoIP pushes.
import { h, fill, badge, ago, Memo } from './dom.js';

export class DevicesPanel {
  #ctx;
  #memo = new Memo();
  #body;
  #empty;
  #summary;

  constructor(root, ctx) {
    this.#ctx = ctx;
    this.#body = root.querySelector('#devices-table tbody');
    this.#empty = root.querySelector('#devices-empty');
    this.#summary = root.querySelector('#devices-summary');
  }

  async refresh() {
    const { devices } = await this.#ctx.api.get('v1/admin/devices?limit=200');
    if (!this.#memo.changed({ devices, minute: Math.floor(Date.now() / 60000) })) return;
    const atRisk = devices.filter((d) => d.pushHealth.status === 'at_risk').length;
    fill(this.#summary,
      h('span', { text: `${devices.length} device${devices.length === 1 ? '' : 's'}` }),
      atRisk ? h('span', { class: 'badge health-at_risk', text: `${atRisk} at risk` }) : null);
    this.#empty.hidden = devices.length > 0;
    fill(this.#body, ...devices.map(row));
  }
}

function row(device) {
  const health = device.pushHealth;
  return h('tr', { class: health.status === 'at_risk' ? 'at-risk' : '', dataset: { user: device.userId, device: device.deviceId, health: health.status } },
    h('td', {}, h('strong', { text: device.userId })),
    h('td', { class: 'mono', text: device.deviceId }),
    h('td', { text: device.name ?? '' }),
    h('td', { text: device.platform }),
    h('td', {}, badge(health.status, 'health'),
      health.status === 'at_risk' ? h('div', { class: 'small warn-text', text: 'pushes not claimed: iOS may cut this app off' }) : null),
    h('td', { class: 'num', text: String(health.unclaimedPushes24h) }),
    h('td', {}, h('span', { class: `dot ${device.connected ? 'on' : 'off'}`, attrs: { 'aria-hidden': 'true' } }), device.connected ? 'connected' : 'offline'),
    h('td', { class: 'muted', title: device.lastSeenAt ?? '', text: ago(device.lastSeenAt) }));
}
