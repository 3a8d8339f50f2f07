// The calling screen (叫号屏): numbers being called to a window, and the
// numbers waiting. Open without sign-in; the server masks the names.

import { h, openStream, fmtClock, reportUncaught } from './common.js';

const $ = (id) => document.getElementById(id);
const kMaxWaiting = 40;        // more would not be readable from across the hall
const kFreshMs = 15000;        // a newly called number blinks this long
const kWeekdays = ['日', '一', '二', '三', '四', '五', '六'];

reportUncaught($('status'));

const calledAt = new Map();  // "queue_no@window" -> when the screen first showed it

function showCalling(calling) {
  const now = Date.now();
  const seen = new Set();
  const rows = calling.map((c) => {
    const key = `${c.queue_no}@${c.window}`;
    seen.add(key);
    if (!calledAt.has(key)) calledAt.set(key, now);
    const fresh = now - calledAt.get(key) < kFreshMs;
    return h('li', { className: fresh ? 'fresh' : '', dataset: { key } },
      '请 ', h('b', { className: 'num' }, c.queue_no), ' 号 ',
      h('span', { className: 'name' }, c.name ?? ''),
      ' 到 ', h('b', { className: 'win' }, c.window), ' 号窗口取药');
  });
  for (const key of calledAt.keys()) if (!seen.has(key)) calledAt.delete(key);
  const list = $('calling');
  list.style.setProperty('--rows', String(Math.max(3, rows.length)));
  list.replaceChildren(...(rows.length ? rows : [h('li', { className: 'idle' }, '请稍候，备好后将叫号 · Please wait for your number')]));
}

function showWaiting(waiting) {
  const sorted = [...waiting].sort((a, b) => Number(a.queue_no) - Number(b.queue_no));
  $('waiting').replaceChildren(...sorted.slice(0, kMaxWaiting).map((w) => h('li', { className: w.ready ? 'ready' : '' },
    h('b', {}, w.queue_no), h('span', { className: 'name' }, w.name ?? ''),
    w.ready ? h('span', { className: 'tag' }, '已备好') : null)));
  $('waiting-count').textContent = sorted.length ? `${sorted.length} 人` : '';
  const more = sorted.length - kMaxWaiting;
  $('waiting-more').hidden = more <= 0;
  $('waiting-more').textContent = more > 0 ? `另有 ${more} 人等候 · ${more} more` : '';
}

function showState(state) {
  showCalling(state?.calling ?? []);
  showWaiting(state?.waiting ?? []);
}

function showConnection(state) {
  const status = $('status');
  status.hidden = state === 'open';
  status.textContent = state === 'open' ? '' : '叫号系统连接中断，正在重连… · Reconnecting…';
}

function tick() {
  const now = new Date();
  $('date').textContent = `${now.getMonth() + 1}月${now.getDate()}日 星期${kWeekdays[now.getDay()]}`;
  $('clock').textContent = fmtClock(now);
  // Fresh rows stop blinking without waiting for the next event.
  for (const row of document.querySelectorAll('#calling li.fresh')) {
    if (Date.now() - (calledAt.get(row.dataset.key) ?? 0) >= kFreshMs) row.classList.remove('fresh');
  }
}

tick();
setInterval(tick, 1000);
openStream('/api/v1/screen/events', {
  events: { screen: showState },
  onState: (state) => { if (state !== 'connecting') showConnection(state); },
});
