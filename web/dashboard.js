// The pharmacy dashboard: sign-in, the live board, the summary strips and the
// connection to /api/v1/events. A (re)connection reloads the open stages and
// replays the events that arrived meanwhile, so nothing is missed.

import { h, api, openStream, fmtClock, frameBatcher, reportUncaught, bannerBoard, signInFlow } from './common.js';
import { Board } from './board.js';
import { Detail } from './detail.js';
import { cardFromRecord, kStatusLabels } from './cards.js';

const $ = (id) => document.getElementById(id);
const kLoadedStatuses = ['blocked', 'accepted', 'dispensing', 'ready'];
const kPageSize = 200;
const kMaxPages = 5;
const kDeviceKinds = { C: '发药机', channel: '发药机', R: '机器人', robot: '机器人', S: '智能货架', shelf: '智能货架' };
const kConnection = {
  connecting: ['连接中', 'Connecting'],
  open: ['在线', 'Online'],
  retrying: ['重连中', 'Reconnecting'],
};

reportUncaught($('fatal'));

const board = new Board($('board'), (id) => detail.open(id));
const detail = new Detail($('detail'), {
  cardOf: (id) => board.get(id),
  onRecord: (record) => board.upsert(cardFromRecord(record)),
});
const counters = new Map(Object.entries(kStatusLabels).map(([status, [zh, en]]) => {
  const value = h('b', {}, '–');
  $('counters').append(h('li', { className: `counter counter-${status}`, title: en }, h('span', {}, zh), value));
  return [status, value];
}));

let stream = null;
let buffer = null;     // events that arrive while a snapshot loads
let syncTicket = 0;
let detailTimer = null;
let latestSummary = null;
const showLatestSummary = frameBatcher(() => showSummary(latestSummary));

// --- Messages -------------------------------------------------------------

const banners = bannerBoard($('banners'));
const setBanner = banners.set;

function setConnection(state, delayMs) {
  const [zh, en] = kConnection[state];
  const el = $('conn');
  el.hidden = false;
  el.className = `conn conn-${state}`;
  el.textContent = zh;
  el.title = delayMs ? `${en}, ${Math.round(delayMs / 1000)} s` : en;
  if (state === 'open') setBanner('stream', null);
}

// --- Live data --------------------------------------------------------------

function apply(type, data) {
  if (buffer) return void buffer.push([type, data]);
  if (type === 'summary') {
    latestSummary = data;
    return showLatestSummary();
  }
  board.upsert(data);
  if (data.id === detail.openId) {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(() => detail.refresh(), 300);
  }
}

// 正常, 离线 (its jobs moved to other devices) or 故障, with the device's own words.
function deviceState(state) {
  if (state === 'ok') return h('span', { className: 'state' }, '正常');
  if (state.startsWith('offline: ')) return h('span', { className: 'state' }, `离线 ${state.slice(9)}`);
  return h('span', { className: 'state' }, `故障 ${state}`);
}

function showSummary(summary) {
  const counts = summary?.counts ?? {};
  for (const [status, el] of counters) el.textContent = String(counts[status] ?? 0);
  board.setTotals(counts);
  $('devices').replaceChildren(...(summary?.devices ?? []).map((d) => h('li', {
    className: `device ${d.state === 'ok' ? 'ok' : 'fault'}`, title: d.state,
  },
  h('b', {}, d.name), h('span', {}, kDeviceKinds[d.kind] ?? d.kind),
  h('span', {}, `排队 ${d.queued_jobs} · 执行 ${d.active_jobs} · 出药 ${d.packs_out}`),
  deviceState(d.state))));
  $('windows').replaceChildren(...(summary?.windows ?? []).map((w) => h('li', {
    className: `window-slot ${w.queue_no == null ? 'idle' : 'busy'}`,
  }, h('b', {}, `${w.window} 号窗`), w.queue_no == null ? '空闲' : `${w.queue_no} 号`)));
  const now = summary?.now ? new Date(summary.now) : null;
  $('server-time').textContent = now && !Number.isNaN(now.getTime()) ? fmtClock(now) : '';
}

async function loadStatus(status) {
  const records = [];
  let after = null;
  for (let page = 0; page < kMaxPages; page += 1) {
    const query = new URLSearchParams({ status, limit: String(kPageSize) });
    if (after !== null && after !== undefined) query.set('after', String(after));
    const answer = await api('GET', `/api/v1/prescriptions?${query}`);
    records.push(...(answer?.prescriptions ?? []));
    after = answer?.next;
    if (after === null || after === undefined) break;
  }
  return records;
}

// Loads a snapshot of the open stages; events heard meanwhile are replayed
// on top of it, in order.
async function resync() {
  const ticket = ++syncTicket;
  buffer = buffer ?? [];
  try {
    const [summary, ...lists] = await Promise.all([api('GET', '/api/v1/summary'), ...kLoadedStatuses.map(loadStatus)]);
    if (ticket !== syncTicket) return;
    board.replace(kLoadedStatuses, lists.flat().map(cardFromRecord));
    latestSummary = summary;
    showLatestSummary();
    setBanner('load', null);
  } catch (e) {
    if (ticket !== syncTicket) return;
    if (e.status === 401) return signedOut('会话已过期，请重新登录 · Session expired, please sign in again');
    setBanner('load', `无法加载处方数据 · Cannot load prescriptions: ${e.message}`, () => resync());
  } finally {
    if (ticket === syncTicket && buffer) {
      const pending = buffer;
      buffer = null;
      for (const [type, data] of pending) apply(type, data);
    }
  }
}

// Asked before each reconnection: a lost session stops the stream.
async function sessionStillValid() {
  try {
    await api('GET', '/api/v1/session');
    setBanner('stream', '实时更新中断，正在重连 · Live updates interrupted, reconnecting');
    return true;
  } catch (e) {
    if (e.status === 401) {
      signedOut('会话已过期，请重新登录 · Session expired, please sign in again');
      return false;
    }
    setBanner('stream', `实时更新中断 · Live updates interrupted: ${e.message}`);
    return true;
  }
}

// --- Session ----------------------------------------------------------------

function start(session) {
  detail.setRole(session.role);
  resync();
  stream = openStream('/api/v1/events', {
    events: { summary: (d) => apply('summary', d), prescription: (d) => apply('prescription', d) },
    onState: setConnection,
    onOpen: resync,
    shouldRetry: sessionStillValid,
  });
}

function stop() {
  stream?.close();
  stream = null;
  syncTicket += 1;
  buffer = null;
  board.clear();
  detail.close({ discard: true });
  $('conn').hidden = true;
  $('server-time').textContent = '';
}

const { boot, signedOut } = signInFlow({ onStart: start, onStop: stop, banners });
boot();
