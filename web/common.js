// Helpers shared by the dashboard, the technician screen and the calling
// screen: DOM building that never parses markup, the JSON API client, a
// self-healing SSE stream, banners and the staff pages' sign-in.

// Builds an element. Strings and numbers among the children become text
// nodes, so data from the API is never parsed as HTML. `props` sets
// className, dataset, event handlers (onclick…) and plain attributes.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

// Replaces an element's children; like h(), it skips null, undefined and
// false (the DOM's own replaceChildren would show them as text).
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

// An error answered by the API, or a network failure (status 0).
export class ApiError extends Error {
  constructor(status, message, code = '', field = '') {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// Calls the JSON API with the session cookie. Resolves to the parsed body;
// rejects with an ApiError carrying the server's own message when there is one.
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, '无法连接服务器 · Cannot reach the server');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, `服务器应答无法解析 · Unreadable answer from ${path}`);
    }
  }
  if (!response.ok) {
    const err = data?.error ?? {};
    const message = err.message || `${response.status} ${response.statusText || 'error'} (${method} ${path})`;
    throw new ApiError(response.status, message, err.code ?? '', err.field ?? '');
  }
  return data;
}

const kFirstDelayMs = 1000;
const kMaxDelayMs = 30000;
const kStableMs = 10000;  // a connection that lived this long resets the backoff

// Opens an EventSource on `url` and keeps it open: after a drop it waits with
// exponential backoff (1 s … 30 s, jittered) and reconnects. `events` maps an
// SSE event name to a handler of its parsed JSON data. `onState` hears
// 'connecting', 'open' and 'retrying' (with the delay in ms). `onOpen` runs on
// every (re)connection so the caller can resynchronise. `shouldRetry` (async)
// may veto a reconnection, e.g. when the session has expired.
export function openStream(url, { events = {}, onState = () => {}, onOpen = () => {}, shouldRetry } = {}) {
  let source = null;
  let timer = null;
  let attempts = 0;
  let openedAt = 0;
  let closed = false;

  const connect = () => {
    timer = null;
    if (closed) return;
    onState('connecting');
    source = new EventSource(url);
    source.onopen = () => {
      openedAt = Date.now();
      onState('open');
      onOpen();
    };
    source.onerror = () => drop();
    for (const [name, handler] of Object.entries(events)) {
      source.addEventListener(name, (message) => {
        let data;
        try {
          data = JSON.parse(message.data);
        } catch {
          console.warn(`${url}: event '${name}' with unreadable data`, message.data);
          return;
        }
        handler(data);
      });
    }
  };

  const drop = async () => {
    if (closed || !source) return;
    source.close();
    source = null;
    if (openedAt && Date.now() - openedAt > kStableMs) attempts = 0;
    openedAt = 0;
    const delay = Math.min(kMaxDelayMs, kFirstDelayMs * 2 ** attempts) * (0.8 + Math.random() * 0.4);
    attempts += 1;
    onState('retrying', delay);
    if (shouldRetry && !(await shouldRetry().catch(() => true))) return close();
    if (!closed) timer = setTimeout(connect, delay);
  };

  const close = () => {
    closed = true;
    if (timer) clearTimeout(timer);
    if (source) source.close();
    source = null;
  };

  connect();
  return { close };
}

const pad2 = (n) => String(n).padStart(2, '0');

// "HH:MM" of an ISO instant, in the browser's zone; '' when absent or unreadable.
export function fmtTime(iso) {
  const t = iso ? new Date(iso) : null;
  return t && !Number.isNaN(t.getTime()) ? `${pad2(t.getHours())}:${pad2(t.getMinutes())}` : '';
}

// "YYYY-MM-DD HH:MM:SS" of an ISO instant; the raw text when unreadable.
export function fmtDateTime(iso) {
  const t = iso ? new Date(iso) : null;
  if (!t || Number.isNaN(t.getTime())) return iso ?? '';
  return `${t.getFullYear()}-${pad2(t.getMonth() + 1)}-${pad2(t.getDate())} ${fmtClock(t)}`;
}

// "HH:MM:SS" of a Date.
export function fmtClock(date) {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

// Coalesces calls into one run per animation frame.
export function frameBatcher(run) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      run();
    });
  };
}

// Shows uncaught errors in `target` so a failure never leaves a blank page.
export function reportUncaught(target) {
  const show = (what) => {
    target.hidden = false;
    target.textContent = `页面出错，请刷新 · Page error, please reload: ${what}`;
  };
  window.addEventListener('error', (e) => show(e.message));
  window.addEventListener('unhandledrejection', (e) => show(e.reason?.message ?? String(e.reason)));
}

// Role names as the staff pages show them.
export const kRoles = { pharmacist: '药师', technician: '技师', admin: '管理员', his: 'HIS' };

// Keyed alert banners in `container`. set(key, message, retry) shows one
// banner per key, with a retry button when `retry` is given, and removes it
// when `message` is empty; clear() removes them all.
export function bannerBoard(container) {
  const shown = new Map();
  const set = (key, message, retry) => {
    shown.get(key)?.remove();
    shown.delete(key);
    if (!message) return;
    const el = h('div', { className: 'banner', role: 'alert' }, message,
      retry ? h('button', { type: 'button', onclick: retry }, '重试 Retry') : null);
    shown.set(key, el);
    container.append(el);
  };
  const clear = () => {
    for (const key of [...shown.keys()]) set(key, null);
  };
  return { set, clear };
}

// The sign-in of a staff page, whose markup has #boot, #signin (with #token,
// a submit button and #signin-error), #app, #user and #signout. onStart(session)
// runs once signed in; onStop() when the session ends, before the form shows
// again. Returns boot(), the first session check, and signedOut(message), for
// a page that meets a 401.
export function signInFlow({ onStart, onStop, banners }) {
  const $ = (id) => document.getElementById(id);

  const start = (session) => {
    $('boot').hidden = true;
    $('signin').hidden = true;
    $('app').hidden = false;
    $('user').hidden = false;
    $('user').textContent = `${kRoles[session.role] ?? session.role} ${session.name ?? ''}`;
    $('signout').hidden = false;
    onStart(session);
  };

  const signedOut = (message) => {
    onStop();
    banners.clear();
    for (const id of ['app', 'user', 'signout', 'boot']) $(id).hidden = true;
    $('signin').hidden = false;
    $('signin-error').textContent = message ?? '';
    $('signin-error').hidden = !message;
    $('token').focus();
  };

  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('signin').querySelector('button');
    button.disabled = true;
    $('signin-error').hidden = true;
    try {
      const session = await api('POST', '/api/v1/session', { token: $('token').value.trim() });
      $('token').value = '';
      start(session);
    } catch (e) {
      $('signin-error').textContent = `登录失败 · Sign-in failed: ${e.message}`;
      $('signin-error').hidden = false;
    } finally {
      button.disabled = false;
    }
  });

  $('signout').addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/v1/session');
      signedOut();
    } catch (e) {
      if (e.status === 401) return signedOut();
      banners.set('signout', `退出失败 · Sign-out failed: ${e.message}`);
    }
  });

  const boot = async () => {
    $('boot').textContent = '正在加载… · Loading…';
    try {
      start(await api('GET', '/api/v1/session'));
    } catch (e) {
      if (e.status === 401) return signedOut();
      $('boot').replaceChildren(`无法连接药房系统 · Cannot reach the pharmacy server: ${e.message} `,
        h('button', { type: 'button', onclick: boot }, '重试 Retry'));
    }
  };

  return { boot, signedOut };
}
