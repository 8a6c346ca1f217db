// The operator's dashboard: sign in with an API key (kept in this tab's sessionStorage, sent as X-Api-Key), then
// poll the admin API every 2 seconds. Plain ES modules, no build step, nothing from another origin.
import { Api, ApiError } from './api.js';
import { CallsPanel } from './calls.js';
import { TimelinePanel } from './timeline.js';
import { DevicesPanel } from './devices.js';
import { OutcomesPanel } from './outcomes.js';
import { LabPanel } from './lab.js';
import { time } from './dom.js';

const KEY = 'ringwire.apiKey';
const POLL_MS = 2000;

const $ = (selector) => document.querySelector(selector);

class Dashboard {
  #api = null;
  #panels = [];
  #calls;
  #timeline;
  #lab;
  #timer = 0;
  #running = null;
  #generation = 0;

  constructor() {
    const ctx = {
      get api() { return this.dashboard.api; },
      dashboard: this,
      refreshNow: () => this.refreshNow(),
      openTimeline: (callId) => this.openTimeline(callId),
      timelineClosed: () => this.#calls.select(null),
    };
    this.#calls = new CallsPanel($('#calls-panel'), ctx);
    this.#timeline = new TimelinePanel($('#timeline-panel'), ctx);
    this.#lab = new LabPanel($('#lab-panel'), ctx);
    this.#panels = [this.#calls, this.#timeline, this.#lab, new DevicesPanel($('#devices-panel'), ctx), new OutcomesPanel($('#outcomes-panel'), ctx)];
    $('#sign-in-form').addEventListener('submit', (event) => { event.preventDefault(); this.signIn($('#api-key').value.trim()); });
    $('#sign-out').addEventListener('click', () => this.signOut());
    document.addEventListener('visibilitychange', () => { if (!document.hidden) this.refreshNow(); });
  }

  get api() { return this.#api; }

  async start() {
    const key = sessionStorage.getItem(KEY);
    if (key) await this.signIn(key, true);
    else this.#showSignIn();
  }

  /** Checks the key against the admin API before showing anything: a wrong key gets a plain answer, not a broken page. */
  async signIn(key, remembered = false) {
    const error = $('#sign-in-error');
    if (!key) {
      this.#showSignIn('Paste an API key first.');
      return;
    }
    $('#sign-in-form button').disabled = true;
    try {
      const api = new Api(key);
      await api.get('v1/admin/calls?limit=1');
      sessionStorage.setItem(KEY, key);
      this.#api = api;
      error.hidden = true;
      $('#api-key').value = '';
      $('#sign-in').hidden = true;
      $('#board').hidden = false;
      $('#sign-out').hidden = false;
      await this.#lab.detect();
      this.#generation++;
      await this.refreshNow();
    } catch (e) {
      // A key the server refuses is forgotten; one that could not be checked (server down) is kept for a reload.
      if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) sessionStorage.removeItem(KEY);
      this.#showSignIn(remembered ? `Not signed in: ${explain(e)}` : explain(e));
    } finally {
      $('#sign-in-form button').disabled = false;
    }
  }

  signOut(message) {
    sessionStorage.removeItem(KEY);
    this.#api = null;
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timeline.close();
    this.#showSignIn(message);
  }

  openTimeline(callId) {
    this.#timeline.open(callId);
    this.#calls.select(callId);
    this.refreshNow();
  }

  /** Refreshes every panel now (after an action), then goes on polling. Never two refreshes at once. */
  async refreshNow() {
    if (!this.#api) return;
    if (this.#running) {
      await this.#running;
      if (!this.#api) return;
    }
    clearTimeout(this.#timer);
    const generation = this.#generation;
    this.#running = this.#refresh(generation);
    try {
      await this.#running;
    } finally {
      this.#running = null;
      if (this.#api && generation === this.#generation) {
        this.#timer = setTimeout(() => { if (!document.hidden) this.refreshNow(); else this.#schedule(); }, POLL_MS);
      }
    }
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (document.hidden ? this.#schedule() : this.refreshNow()), POLL_MS);
  }

  async #refresh(generation) {
    const results = await Promise.allSettled(this.#panels.map((panel) => panel.refresh()));
    if (generation !== this.#generation) return;
    const failure = results.find((r) => r.status === 'rejected')?.reason;
    if (failure instanceof ApiError && failure.status === 401) {
      this.signOut('The server no longer accepts this API key. Sign in again.');
      return;
    }
    const status = $('#status');
    status.classList.toggle('error', Boolean(failure));
    status.textContent = failure ? `Refresh failed: ${explain(failure)} Retrying…` : `Live · updated ${time(new Date().toISOString()).slice(0, 8)}`;
  }

  #showSignIn(message) {
    $('#board').hidden = true;
    $('#sign-out').hidden = true;
    $('#sign-in').hidden = false;
    $('#status').textContent = '';
    const error = $('#sign-in-error');
    error.textContent = message ?? '';
    error.hidden = !message;
    $('#api-key').focus();
  }
}

function explain(error) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 401) return 'The server did not accept this API key (401 unauthorized). Use one of the keys in Ringwire:ApiKeys.';
  if (error.status === 403) return 'This credential may not read the operator’s API (403 forbidden): it needs an API key, not a user token.';
  return error.describe();
}

new Dashboard().start();
