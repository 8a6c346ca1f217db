// The server's REST API, with the operator's API key (X-Api-Key). Errors are the contract's problem+json documents.

/** A failed request: status (0 when the server could not be reached), the problem's code, detail and errors. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 0 ? 'unreachable' : `http_${status}`);
    this.detail = problem.detail || problem.title || '';
    this.errors = problem.errors || null;
  }

  /** One line for the screen: "limit: Must be a whole number from 1 to 200." or the detail. */
  describe() {
    if (this.status === 0) return 'Cannot reach the server.';
    if (this.errors) {
      return Object.entries(this.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join(' ');
    }
    return `${this.detail || this.message} (${this.status} ${this.code})`;
  }
}

export class Api {
  #key;
  #root;

  /** The API lives beside the dashboard: /x/dashboard/ → /x/v1/…, whatever path the host mounted Ringwire on. */
  constructor(key, root = new URL('../', document.baseURI)) {
    this.#key = key;
    this.#root = root;
  }

  get(path) { return this.#send('GET', path); }

  post(path, body = {}) { return this.#send('POST', path, body); }

  delete(path) { return this.#send('DELETE', path); }

  async #send(method, path, body) {
    const headers = { 'X-Api-Key': this.#key, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }

    let response;
    try {
      response = await fetch(new URL(path, this.#root), init);
    } catch {
      throw new ApiError(0);
    }

    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) throw new ApiError(response.status, json || { title: response.statusText });
    return json;
  }
}
