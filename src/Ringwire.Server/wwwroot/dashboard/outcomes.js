// Push outcomes on this node over the last hour, per minute (GET /v1/admin/push-outcomes): one stacked bar a minute.
import { h, fill, Memo } from './dom.js';

const LABELS = {
  delivered: 'delivered',
  tokenDead: 'token dead',
  retryable: 'refused, retried',
  unconfirmed: 'no answer',
  configurationError: 'configuration error',
};

export class OutcomesPanel {
  #ctx;
  #memo = new Memo();
  #root;

  constructor(root, ctx) {
    this.#ctx = ctx;
    this.#root = root;
  }

  async refresh() {
    const outcomes = await this.#ctx.api.get('v1/admin/push-outcomes');
    if (!this.#memo.changed({ minutes: outcomes.minutes, totals: outcomes.totals })) return;
    const { results, minutes, totals } = outcomes;
    const peak = Math.max(1, ...minutes.map((m) => results.reduce((sum, r) => sum + m.counts[r], 0)));
    const all = results.reduce((sum, r) => sum + totals[r], 0);
    const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

    const bars = minutes.map((m) => {
      const total = results.reduce((sum, r) => sum + m.counts[r], 0);
      const bar = h('div', { class: 'bar', title: `${clock.format(new Date(m.at))}: ${total ? results.filter((r) => m.counts[r]).map((r) => `${m.counts[r]} ${LABELS[r] ?? r}`).join(', ') : 'no pushes'}` });
      for (const r of results) {
        if (!m.counts[r]) continue;
        const segment = h('div', { class: `segment result-${r}` });
        // Through the CSSOM: the Content-Security-Policy allows no inline style attributes.
        segment.style.height = `${(m.counts[r] / peak) * 100}%`;
        bar.append(segment);
      }
      return bar;
    });

    fill(this.#root.querySelector('#outcomes-chart'), ...bars);
    this.#root.querySelector('#outcomes-scale').textContent = `peak ${peak}/min`;
    this.#root.querySelector('#outcomes-node').textContent = `node ${outcomes.node}`;
    fill(this.#root.querySelector('#outcomes-totals'),
      h('li', { class: 'total-all' }, h('strong', { text: String(all) }), all === 1 ? ' push in the last hour' : ' pushes in the last hour'),
      ...results.map((r) => h('li', { class: totals[r] ? '' : 'muted', dataset: { result: r } },
        h('span', { class: `swatch result-${r}`, attrs: { 'aria-hidden': 'true' } }),
        h('strong', { text: String(totals[r]) }), ` ${LABELS[r] ?? r}`)));
  }
}
