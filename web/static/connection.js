// Connection keeps one WebSocket to docflow open: it reconnects with backoff
// after a drop, keeps the socket from idling out, and turns the protocol's
// id-less answers back into promises.
//
// Answers carry no request id, so only one request is in flight at a time
// and its answer is recognised by action (or by an error frame naming the
// request's action). Progress frames and answer frames (the streamed answer
// to a question) are not answers to a request: they are dispatched as
// 'progress' and 'answer' events whenever they arrive.

/** The answer action each request action expects. */
const ANSWERS = {
  get_upload_url: 'uploadUrl',
  process_document: 'processingStarted',
  subscribe: 'documentStatus',
  get_status: 'documentStatus',
  list_documents: 'documentList',
  get_output_url: 'outputUrl',
  invoke: 'queryAccepted',
  get_answer: 'answerStatus',
  ping: 'pong',
};

/** The frames of a question's answer, routed by data.queryId. */
const ANSWER_FRAMES = new Set(['answerChunk', 'answerComplete', 'answerFailed']);

/** RequestError is a request the server refused (an error frame) or that could not be sent. */
export class RequestError extends Error {
  constructor(message, code, action) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
    this.action = action;
  }
}

const MAX_ATTEMPTS = 3;

/**
 * Connection events (CustomEvent.detail):
 *  - state: {state, retryInMs, failures}; state is connecting | open | waiting | stopped
 *  - open: {count} (count of successful opens so far; > 1 means a reconnect)
 *  - progress: the progressUpdate frame
 *  - answer: an answerChunk, answerComplete or answerFailed frame
 */
export class Connection extends EventTarget {
  #url;
  #ws = null;
  #state = 'stopped';
  #queue = [];
  #inflight = null;
  #inflightTimer = 0;
  #retryTimer = 0;
  #pingTimer = 0;
  #failures = 0;
  #opens = 0;
  #lastSent = 0;
  #opts;

  /**
   * @param {string} url WebSocket URL including the token query parameter.
   * @param {object} [opts]
   */
  constructor(url, opts = {}) {
    super();
    this.#url = url;
    this.#opts = {
      // API Gateway closes a WebSocket after 10 idle minutes; ping at half that.
      pingIntervalMs: 5 * 60 * 1000,
      requestTimeoutMs: 30 * 1000,
      backoffInitialMs: 1000,
      backoffMaxMs: 30 * 1000,
      ...opts,
    };
    this.onOnline = () => {
      if (this.#state === 'waiting') this.reconnectNow();
    };
  }

  get state() {
    return this.#state;
  }

  /** start opens the connection and keeps it open until stop. */
  start() {
    if (this.#state !== 'stopped') return;
    window.addEventListener('online', this.onOnline);
    this.#connect();
  }

  /** stop closes the connection for good and fails every pending request. */
  stop() {
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.#retryTimer);
    this.#teardown();
    const pending = this.#inflight ? [this.#inflight, ...this.#queue] : [...this.#queue];
    this.#inflight = null;
    this.#queue = [];
    for (const r of pending) r.reject(new RequestError('The connection was closed.', 'Closed', r.action));
    this.#setState('stopped');
  }

  /** reconnectNow skips the rest of a backoff wait. */
  reconnectNow() {
    if (this.#state !== 'waiting') return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /**
   * request sends {action, ...fields} once the socket is open and no other
   * request is in flight, and resolves with the answer's data.
   */
  request(action, fields = {}) {
    return this.requestFrame(action, fields).then((frame) => frame.data ?? {});
  }

  /**
   * requestFrame is request resolving with the whole answer frame, for
   * answers whose message matters (answerStatus of a failed question).
   */
  requestFrame(action, fields = {}) {
    return new Promise((resolve, reject) => {
      this.#queue.push({ action, fields, resolve, reject, attempts: 0 });
      this.#pump();
    });
  }

  #setState(state, extra = {}) {
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, failures: this.#failures, ...extra } }));
  }

  #connect() {
    this.#setState('connecting');
    let ws;
    try {
      ws = new WebSocket(this.#url);
    } catch (err) {
      // A malformed URL fails here; retrying will not fix it, but backing
      // off keeps the page calm and the state visible.
      console.error('docflow: cannot open WebSocket:', err.message);
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      this.#failures = 0;
      this.#opens++;
      this.#lastSent = Date.now();
      this.#setState('open');
      this.#pingTimer = setInterval(() => this.#maybePing(), Math.min(15000, this.#opts.pingIntervalMs));
      this.dispatchEvent(new CustomEvent('open', { detail: { count: this.#opens } }));
      this.#pump();
    };
    ws.onmessage = (ev) => this.#onMessage(ev.data);
    ws.onclose = () => this.#onDrop(ws);
    ws.onerror = () => {
      // Always followed by close; nothing useful to add (browsers hide why).
    };
  }

  // #onDrop handles a socket that closed or that we gave up on.
  #onDrop(ws) {
    if (ws !== this.#ws) return;
    this.#teardown();
    if (this.#inflight) {
      const r = this.#inflight;
      this.#inflight = null;
      clearTimeout(this.#inflightTimer);
      this.#requeue(r);
    }
    // Pings are only worth sending on a live socket.
    for (const r of this.#queue.filter((q) => q.action === 'ping')) r.resolve({ action: 'pong' });
    this.#queue = this.#queue.filter((q) => q.action !== 'ping');
    this.#scheduleRetry();
  }

  #teardown() {
    clearInterval(this.#pingTimer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    }
  }

  // #requeue puts a request that got no answer back at the front of the
  // queue: every docflow action is safe to repeat (process_document returns
  // the first execution for the same document).
  #requeue(r) {
    if (r.action === 'ping') {
      r.resolve({ action: 'pong' });
      return;
    }
    r.attempts++;
    if (r.attempts >= MAX_ATTEMPTS) {
      r.reject(new RequestError('The server did not answer; please try again.', 'NoAnswer', r.action));
      return;
    }
    this.#queue.unshift(r);
  }

  #scheduleRetry() {
    this.#failures++;
    const base = Math.min(this.#opts.backoffMaxMs, this.#opts.backoffInitialMs * 2 ** (this.#failures - 1));
    // Jitter spreads reconnects of many tabs after a server restart.
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.#setState('waiting', { retryInMs: delay, retryAt: Date.now() + delay });
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #pump() {
    if (this.#state !== 'open' || this.#inflight || this.#queue.length === 0) return;
    const r = this.#queue.shift();
    this.#inflight = r;
    try {
      this.#ws.send(JSON.stringify({ action: r.action, ...r.fields }));
    } catch (err) {
      // The socket is closing; onclose requeues the request.
      return;
    }
    this.#lastSent = Date.now();
    this.#inflightTimer = setTimeout(() => {
      // No answer: the socket is probably half-open. Drop it and retry on a
      // fresh one rather than waiting for TCP to notice.
      console.warn(`docflow: no answer to ${r.action}; reconnecting`);
      this.#onDrop(this.#ws);
    }, this.#opts.requestTimeoutMs);
  }

  #maybePing() {
    if (this.#state !== 'open') return;
    if (Date.now() - this.#lastSent < this.#opts.pingIntervalMs) return;
    if (this.#inflight || this.#queue.length > 0) return;
    this.request('ping').catch(() => {});
  }

  #onMessage(raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      console.warn('docflow: ignoring a frame that is not JSON');
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    if (msg.action === 'progressUpdate') {
      if (msg.data && typeof msg.data.documentId === 'string') {
        this.dispatchEvent(new CustomEvent('progress', { detail: msg }));
      }
      return;
    }
    if (ANSWER_FRAMES.has(msg.action)) {
      if (msg.data && typeof msg.data.queryId === 'string') {
        this.dispatchEvent(new CustomEvent('answer', { detail: msg }));
      }
      return;
    }
    const r = this.#inflight;
    if (!r) {
      console.debug('docflow: unexpected frame', msg.action);
      return;
    }
    if (msg.action === ANSWERS[r.action]) {
      this.#settle();
      r.resolve(msg);
      return;
    }
    if (msg.action === 'error') {
      const forAction = msg.data?.requestAction;
      // requestAction is null when the server could not read our message at
      // all; it can only have been the one in flight.
      if (forAction === r.action || forAction == null) {
        this.#settle();
        r.reject(new RequestError(msg.message || 'The request failed.', msg.data?.code, r.action));
        return;
      }
    }
    console.debug('docflow: unexpected frame', msg.action);
  }

  #settle() {
    clearTimeout(this.#inflightTimer);
    this.#inflight = null;
    // Let the caller's continuation run before the next send, so answers
    // are handled in the order the requests were made.
    queueMicrotask(() => this.#pump());
  }
}
