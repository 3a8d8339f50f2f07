// The technician screen: stock-in by scan, the open shelf tasks confirmed by
// scan, the cold chain and the near-expiry lots. A handheld scanner types the
// code and presses Enter, so focus goes back to the scan field after each
// answer and scans sent in quick succession are answered in order.

import { h, fill, api, fmtDateTime, fmtClock, reportUncaught, bannerBoard, signInFlow } from './common.js';

const $ = (id) => document.getElementById(id);
// The API sends no stock or task events, so the panels are polled.
const kTaskPollMs = 15_000;
const kTemperaturePollMs = 30_000;
const kExpiryPollMs = 5 * 60_000;
const kExpiryDays = 90;
const kLogEntries = 50;
const kTaskPages = 10;
const kExpiryRowsShown = 500;
const kExpired = '会话已过期，请重新登录 · Session expired, please sign in again';
const kStockRoles = ['technician', 'admin'];
const kTaskKinds = { replenish: ['补货', 'Replenish'], put_away: ['上架', 'Put away'], remove: ['下架', 'Remove'] };
const kZones = { fridge: ['冷藏', 'Fridge'], cool: ['阴凉', 'Cool storage'] };
const kStorage = { cold: ['冷藏', 'cold'], cool: ['阴凉', 'cool'], room: ['常温', 'room'] };
const kSensorStates = { ok: ['正常', 'OK'], high: ['过高', 'Too warm'], low: ['过低', 'Too cold'], silent: ['无信号', 'Silent'] };
const kStockStatus = {
  available: ['可用', 'Available'], near_expiry: ['近效期', 'Near expiry'], expired: ['已过期', 'Expired'],
  quarantined: ['隔离', 'Quarantined'], blocked: ['已封存', 'Blocked'],
};
const kScanFields = ['scan', 'lot', 'expiry', 'quantity', 'location'];

reportUncaught($('fatal'));
const banners = bannerBoard($('banners'));

let signedIn = false;
let scanQueue = Promise.resolve();
let confirmQueue = Promise.resolve();
let tasks = [];
let walkingOrder = [];  // the open replenish tasks, in walking order
let selectedId = null;
let taskTicket = 0;
let temperatureTicket = 0;
let expiryTicket = 0;

const label = ([zh, en]) => [zh, ' ', h('small', {}, en)];
const named = (table, key) => label(table[key] ?? [key, '']);
// The group separator (FNC1) a scanner sends is invisible; show it.
const shownScan = (scan) => scan.replace(/\x1d/g, '␝');
const celsius = (value) => (typeof value === 'number' ? `${value.toFixed(1)} °C` : '–');

// Focus returns to `input` unless the technician has moved to another panel.
function refocus(input) {
  const active = document.activeElement;
  const panel = input.closest('.tech-panel');
  if (!signedIn) return;
  if (!active || active === document.body || panel.contains(active)) input.focus();
}

// --- Stock-in by scan ---------------------------------------------------------

function scanRequest() {
  const request = { scan: $('scan').value.trim() };
  const lot = $('lot').value.trim();
  const location = $('location').value.trim();
  if (lot) request.lot = lot;
  if ($('expiry').value) request.expiry = $('expiry').value;
  if ($('quantity').value !== '') request.quantity = Number($('quantity').value);
  if (location) request.location = location;
  return request;
}

function markInvalid(field) {
  for (const name of kScanFields) {
    const input = $(name);
    const bad = name === field;
    input.classList.toggle('invalid', bad);
    if (bad) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function showScanStatus(ok, ...content) {
  const el = $('scan-status');
  el.className = `scan-status ${ok ? 'ok' : 'refused'}`;
  fill(el, ...content);
  el.hidden = false;
  $('scan-form').classList.toggle('refused', !ok);
}

function addLogEntry(entry) {
  const log = $('stock-log');
  log.prepend(entry);
  while (log.children.length > kLogEntries) log.lastElementChild.remove();
}

function logAccepted(request, answer) {
  const m = answer.movement ?? {};
  const where = answer.proposed ? ['建议货位', 'proposed'] : ['指定货位', 'as given'];
  addLogEntry(h('li', { className: 'log-entry accepted', dataset: { lot: m.lot ?? '', location: answer.location ?? '' } },
    h('div', { className: 'log-head' }, h('b', { className: 'verdict' }, '✓ 已入库 ', h('small', {}, 'Accepted')),
      h('span', { className: 'log-drug' }, answer.drug_name || m.drug, ' ', h('small', {}, m.drug)),
      h('time', { className: 'log-time' }, fmtClock(new Date()))),
    h('dl', { className: 'log-facts' },
      h('dt', {}, '批号 ', h('small', {}, 'Lot')), h('dd', {}, m.lot),
      h('dt', {}, '效期 ', h('small', {}, 'Expiry')), h('dd', {}, m.expiry),
      h('dt', {}, where[0], ' ', h('small', {}, `Location, ${where[1]}`)), h('dd', { className: 'log-location' }, answer.location),
      h('dt', {}, '入库 ', h('small', {}, 'Packs in')), h('dd', {}, `+${m.delta}`),
      h('dt', {}, '现存 ', h('small', {}, 'On hand there')), h('dd', { className: 'log-on-hand' }, String(m.on_hand))),
    h('div', { className: 'log-scan' }, shownScan(request.scan))));
  showScanStatus(true, `✓ ${answer.drug_name || m.drug} · ${m.lot} → ${answer.location}`);
}

// A refusal, or a scan the server did not take (no answer, or a server error),
// which can be sent again.
function logRefused(request, e) {
  const refused = e.status !== 0 && e.status < 500;
  const code = e.code || (e.status ? String(e.status) : '');
  const verdict = refused ? ['✗ 拒收 ', 'Refused'] : e.status ? ['✗ 服务器出错 ', 'Server error'] : ['✗ 未送达 ', 'Not sent'];
  const retry = refused ? null : h('button', {
    type: 'button', onclick: (event) => { event.currentTarget.disabled = true; queueStockIn(request); },
  }, '重新发送 Send again');
  addLogEntry(h('li', { className: 'log-entry refused', dataset: { code } },
    h('div', { className: 'log-head' },
      h('b', { className: 'verdict' }, verdict[0], h('small', {}, verdict[1])),
      code ? h('span', { className: 'code' }, code) : null,
      h('time', { className: 'log-time' }, fmtClock(new Date()))),
    h('p', { className: 'log-message' }, e.message),
    e.field ? h('p', { className: 'log-field' }, '字段 ', h('small', {}, 'Field'), ' ', h('b', {}, e.field)) : null,
    h('div', { className: 'log-scan' }, shownScan(request.scan)),
    retry));
  showScanStatus(false, `✗ ${code ? `${code}: ` : ''}${e.message}`);
}

async function stockIn(request) {
  try {
    const answer = await api('POST', '/api/v1/stock-in', request);
    if (!signedIn) return;
    logAccepted(request, answer);
    markInvalid(null);
    for (const name of ['lot', 'expiry', 'quantity', 'location']) $(name).value = '';
    refreshTasks();
    refreshExpiry();
  } catch (e) {
    if (e.status === 401) return signedOut(kExpired);
    if (!signedIn) return;
    logRefused(request, e);
    // A field the technician left empty came from the code.
    markInvalid(e.field && request[e.field] === undefined ? 'scan' : e.field);
    // The refused code stays in the field, selected, so the next scan replaces it.
    if ($('scan').value === '') {
      $('scan').value = request.scan;
      $('scan').select();
    }
  } finally {
    refocus($('scan'));
  }
}

function queueStockIn(request) {
  scanQueue = scanQueue.then(() => stockIn(request));
}

$('scan-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const request = scanRequest();
  if (!request.scan) {
    showScanStatus(false, '请先扫描药盒 · Scan a pack first');
    markInvalid('scan');
    $('scan').focus();
    return;
  }
  $('scan').value = '';
  queueStockIn(request);
});

// --- Open tasks -----------------------------------------------------------------

async function loadOpenTasks() {
  const open = [];
  let after = null;
  for (let page = 0; page < kTaskPages; page += 1) {
    const query = new URLSearchParams({ state: 'open' });
    if (after !== null && after !== undefined) query.set('after', String(after));
    const answer = await api('GET', `/api/v1/tasks?${query}`);
    open.push(...(answer?.tasks ?? []));
    after = answer?.next;
    if (after === null || after === undefined) break;
  }
  return open;
}

// The open tasks by kind; replenishment in the walking order the API gives,
// the rest by id. Counts belong to the stocktake and are not confirmed here.
function grouped(open, walking) {
  const rank = new Map(walking.map((t, i) => [t.id, i]));
  const groups = Object.keys(kTaskKinds).map((kind) => [kind, open.filter((t) => t.kind === kind)]);
  const byWalk = (a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || a.id - b.id;
  groups[0][1].sort(byWalk);
  for (const [, list] of groups.slice(1)) list.sort((a, b) => a.id - b.id);
  return groups;
}

function taskItem(task) {
  const left = task.quantity - task.done_quantity;
  const from = task.from ?? (task.reserve_empty ? '二级库无货 reserve empty' : null);
  return h('div', {
    className: `task task-${task.kind}${task.id === selectedId ? ' selected' : ''}`, role: 'option', tabindex: '0',
    'aria-selected': String(task.id === selectedId), dataset: { id: String(task.id), kind: task.kind },
    onclick: () => select(task.id),
    onkeydown: (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      select(task.id);
    },
  },
  h('div', { className: 'task-head' }, h('span', { className: 'badge task-kind' }, kTaskKinds[task.kind]?.[0] ?? task.kind),
    h('b', {}, task.drug_name || task.drug), h('small', {}, task.drug), h('span', { className: 'task-id' }, `#${task.id}`)),
  h('div', { className: 'task-route' }, from ? [h('span', { className: 'task-from' }, from), ' → '] : null,
    h('b', { className: 'task-location' }, task.location)),
  h('div', { className: 'task-facts' },
    task.lot ? ['批号 ', h('small', {}, 'Lot'), ' ', task.lot, ' · '] : null,
    '数量 ', h('small', {}, 'Packs'), ' ', h('b', {}, String(left)),
    task.done_quantity ? ` (${task.done_quantity}/${task.quantity})` : ''),
  task.reason ? h('div', { className: 'task-reason' }, task.reason) : null);
}

function renderTasks() {
  const groups = grouped(tasks, walkingOrder);
  const shown = groups.flatMap(([, list]) => list);
  $('task-count').textContent = String(shown.length);
  if (selectedId !== null && !shown.some((t) => t.id === selectedId)) selectedId = null;
  // A task walked to with the keyboard keeps the focus across the reload.
  const focused = document.activeElement?.closest?.('#task-list .task')?.dataset.id;
  fill($('task-list'), shown.length ? groups.filter(([, list]) => list.length).map(([kind, list]) => [
    h('h3', { className: 'task-group' }, label(kTaskKinds[kind]), ' ', h('span', { className: 'muted' }, String(list.length))),
    list.map(taskItem),
  ]) : h('p', { className: 'muted empty' }, '没有待办任务 · No open tasks'));
  if (focused) $('task-list').querySelector(`.task[data-id="${focused}"]`)?.focus();
  showSelected();
}

function showSelected() {
  const task = tasks.find((t) => t.id === selectedId);
  const el = $('selected-task');
  el.classList.toggle('none', !task);
  if (!task) return void fill(el, '先选择一个任务 · Select a task first');
  fill(el, h('b', {}, `#${task.id} `), named(kTaskKinds, task.kind), ' · ',
    task.drug_name || task.drug, ' · ', task.location, ' · ', `余 ${task.quantity - task.done_quantity} `,
    h('small', {}, 'packs left'));
}

function select(id) {
  selectedId = id;
  const task = tasks.find((t) => t.id === id);
  for (const el of $('task-list').querySelectorAll('.task')) {
    const on = Number(el.dataset.id) === id;
    el.classList.toggle('selected', on);
    el.setAttribute('aria-selected', String(on));
  }
  if (task) $('task-quantity').value = String(task.quantity - task.done_quantity);
  $('confirm-result').hidden = true;
  showSelected();
  $('task-scan').focus();
}

async function loadTasks() {
  const ticket = ++taskTicket;
  try {
    const [open, walking] = await Promise.all([loadOpenTasks(), api('GET', '/api/v1/replenishment')]);
    if (ticket !== taskTicket) return;
    tasks = open;
    walkingOrder = walking?.tasks ?? [];
    renderTasks();
    $('tasks-updated').textContent = `更新于 ${fmtClock(new Date())} · Updated`;
    banners.set('tasks', null);
  } catch (e) {
    if (ticket !== taskTicket) return;
    if (e.status === 401) return signedOut(kExpired);
    banners.set('tasks', `无法加载任务 · Cannot load the tasks: ${e.message}`, refreshTasks);
  }
}

function showConfirmResult(ok, ...content) {
  const el = $('confirm-result');
  el.className = `confirm-result ${ok ? 'ok' : 'refused'}`;
  fill(el, ...content);
  el.hidden = false;
}

async function confirmTask(id, scan, quantity) {
  try {
    const answer = await api('POST', `/api/v1/tasks/${id}/confirm`, { scan, quantity });
    if (!signedIn) return;
    const task = answer?.task ?? {};
    const done = task.state !== 'open';
    showConfirmResult(true, `✓ #${id} 已确认 ${quantity} 盒 · ${quantity} confirmed (${task.done_quantity}/${task.quantity})`,
      done ? ' · 任务完成 Task done' : '');
    if (done && selectedId === id) selectedId = null;
    if (!done && selectedId === id) $('task-quantity').value = String(task.quantity - task.done_quantity);
    $('task-scan').classList.remove('invalid');
    refreshExpiry();
  } catch (e) {
    if (e.status === 401) return signedOut(kExpired);
    if (!signedIn) return;
    const code = e.code || String(e.status || '');
    showConfirmResult(false, h('span', { className: 'code' }, code || '未送达 Not sent'), ' ', e.message,
      e.field ? [' · 字段 ', h('small', {}, 'Field'), ' ', e.field] : null);
    $('confirm-result').dataset.code = code;
    $('task-scan').classList.toggle('invalid', !e.field || e.field === 'scan');
    if ($('task-scan').value === '') {
      $('task-scan').value = scan;
      $('task-scan').select();
    }
  } finally {
    refreshTasks();
    refocus($('task-scan'));
  }
}

$('confirm-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const scan = $('task-scan').value.trim();
  if (selectedId === null) return void showConfirmResult(false, '先选择一个任务 · Select a task first');
  if (!scan) return void showConfirmResult(false, '请扫描任务的药盒 · Scan a pack of the task');
  const quantity = $('task-quantity').value === '' ? 1 : Number($('task-quantity').value);
  const id = selectedId;
  delete $('confirm-result').dataset.code;
  $('task-scan').value = '';
  confirmQueue = confirmQueue.then(() => confirmTask(id, scan, quantity));
});

$('tasks-refresh').addEventListener('click', () => refreshTasks());

// --- Temperature ------------------------------------------------------------------

function excursionLine(e) {
  const [zh, en] = kSensorStates[e.kind] ?? [e.kind, ''];
  return h('li', { className: `excursion ${e.open ? 'open' : 'closed'}`, dataset: { id: String(e.id), kind: e.kind } },
    h('b', {}, `${zh} `, h('small', {}, en)), ' ',
    named(kZones, e.zone), ` · ${e.sensor} · `,
    e.kind === 'silent' ? '' : `${e.open ? '极值' : '曾达'} ${celsius(e.extreme_celsius)} · `,
    fmtDateTime(e.started_at), e.open ? ' 起 · since' : ` – ${fmtDateTime(e.ended_at)}`,
    e.open ? h('span', { className: 'badge open-badge' }, '未结束 open') : null);
}

function renderTemperature(t) {
  const zones = t?.zones ?? [];
  const sensors = t?.sensors ?? [];
  const open = t?.open_excursions ?? [];
  const alerts = t?.alerts ?? [];
  const unmonitored = t?.unmonitored ?? [];
  const zoneNames = new Set(zones.map((z) => z.name));
  const zoneRows = zones.map((z) => {
    const own = sensors.filter((s) => s.zone === z.name);
    return [
      h('tr', { className: 'zone-row' }, h('th', { colspan: '4' }, named(kZones, z.name), ' ',
        h('span', { className: 'range' }, `${z.min_celsius ?? '…'} – ${z.max_celsius ?? '…'} °C`))),
      own.length ? own.map(sensorRow) : h('tr', {}, h('td', { colspan: '4', className: 'muted' }, '没有读数 · No readings yet')),
    ];
  });
  const strays = sensors.filter((s) => !zoneNames.has(s.zone));
  fill($('temperature-body'),
    open.length ? h('div', { className: 'alarm-box', role: 'alert' },
      h('h3', {}, `温度异常 ${open.length} `, h('small', {}, 'Open excursions')),
      h('ul', { id: 'open-excursions', className: 'excursions' }, open.map(excursionLine))) : null,
    h('table', { className: 'tech-table sensors' },
      h('thead', {}, h('tr', {}, h('th', {}, '探头 ', h('small', {}, 'Sensor')), h('th', {}, '温度 ', h('small', {}, '°C')),
        h('th', {}, '时间 ', h('small', {}, 'At')), h('th', {}, '状态 ', h('small', {}, 'State')))),
      h('tbody', {}, zoneRows, strays.map(sensorRow))),
    h('h3', {}, '警报 ', h('small', {}, 'Alerts, newest first')),
    alerts.length ? h('ul', { id: 'alerts', className: 'excursions' }, alerts.map(excursionLine))
      : h('p', { className: 'muted' }, '无 · None'),
    h('h3', {}, '未监控的库存 ', h('small', {}, 'Stock outside every watched zone')),
    unmonitored.length ? h('ul', { id: 'unmonitored', className: 'unmonitored' }, unmonitored.map((r) => h('li', {},
      h('b', {}, r.drug), ` ${r.lot} · ${r.location} · ${r.quantity} 盒 · `, named(kStorage, r.storage))))
      : h('p', { className: 'muted' }, '无 · None'));
}

function sensorRow(s) {
  return h('tr', { className: `sensor ${s.state === 'ok' ? 'ok' : 'alarm'}`, dataset: { sensor: s.sensor, state: s.state } },
    h('td', {}, s.sensor), h('td', { className: 'num' }, celsius(s.celsius)), h('td', {}, fmtDateTime(s.at)),
    h('td', { className: 'state' }, named(kSensorStates, s.state)));
}

async function loadTemperature() {
  const ticket = ++temperatureTicket;
  try {
    const t = await api('GET', '/api/v1/temperature');
    if (ticket !== temperatureTicket) return;
    renderTemperature(t);
    $('temperature-updated').textContent = `更新于 ${fmtClock(new Date())} · Updated`;
    banners.set('temperature', null);
  } catch (e) {
    if (ticket !== temperatureTicket) return;
    if (e.status === 401) return signedOut(kExpired);
    banners.set('temperature', `无法加载温度 · Cannot load the temperatures: ${e.message}`, refreshTemperature);
  }
}

$('temperature-refresh').addEventListener('click', () => refreshTemperature());

// --- Near expiry ------------------------------------------------------------------

function renderExpiry(lots) {
  const expired = lots.filter((r) => r.status === 'expired').length;
  $('expiry-count').textContent = String(lots.length);
  $('expiry-count').classList.toggle('alarm', expired > 0);
  fill($('expiry-summary'), `查看清单 · Show the list: ${lots.length} 行 rows`,
    expired ? h('span', { className: 'error' }, ` · ${expired} 已过期 expired`) : null);
  const shown = lots.slice(0, kExpiryRowsShown);
  fill($('expiry-rows'), shown.map((r) => h('tr', { className: `stock-${r.status}` },
    h('td', {}, r.drug), h('td', {}, r.lot), h('td', {}, r.expiry), h('td', {}, r.location),
    h('td', { className: 'num' }, String(r.quantity)), h('td', {}, named(kStockStatus, r.status)))),
  lots.length > shown.length ? h('tr', {}, h('td', { colspan: '6', className: 'muted' },
    `另有 ${lots.length - shown.length} 行 · ${lots.length - shown.length} more rows`)) : null);
}

async function loadExpiry() {
  const ticket = ++expiryTicket;
  try {
    const answer = await api('GET', `/api/v1/expiry?within_days=${kExpiryDays}`);
    if (ticket !== expiryTicket) return;
    renderExpiry(answer?.lots ?? []);
    banners.set('expiry', null);
  } catch (e) {
    if (ticket !== expiryTicket) return;
    if (e.status === 401) return signedOut(kExpired);
    banners.set('expiry', `无法加载近效期清单 · Cannot load the near-expiry list: ${e.message}`, refreshExpiry);
  }
}

// --- Polling ----------------------------------------------------------------------

// Runs `load` at once, and again `ms` after each run ends while signed in, so
// that a refresh asked for by hand restarts the wait.
function poller(load, ms) {
  let timer = null;
  const stop = () => {
    clearTimeout(timer);
    timer = null;
  };
  const run = async () => {
    stop();
    await load();
    if (!signedIn) return;
    stop();
    timer = setTimeout(run, ms);
  };
  return { run, stop };
}

const polls = [poller(loadTasks, kTaskPollMs), poller(loadTemperature, kTemperaturePollMs), poller(loadExpiry, kExpiryPollMs)];
const [refreshTasks, refreshTemperature, refreshExpiry] = polls.map((poll) => poll.run);

// --- Session ----------------------------------------------------------------------

function start(session) {
  signedIn = true;
  if (!kStockRoles.includes(session.role)) {
    banners.set('role', '此角色不能入库或确认任务，只能查看 · This role may look, but not stock in or confirm tasks');
  }
  refreshTasks();
  refreshTemperature();
  refreshExpiry();
  $('scan').focus();
}

function stop() {
  signedIn = false;
  for (const poll of polls) poll.stop();
  taskTicket += 1;
  temperatureTicket += 1;
  expiryTicket += 1;
  tasks = [];
  walkingOrder = [];
  selectedId = null;
  for (const id of ['stock-log', 'task-list', 'temperature-body', 'expiry-rows']) fill($(id));
  for (const id of ['scan-status', 'confirm-result']) $(id).hidden = true;
  for (const id of ['scan', 'lot', 'expiry', 'quantity', 'location', 'task-scan', 'task-quantity']) $(id).value = '';
  markInvalid(null);
}

const { boot, signedOut } = signInFlow({ onStart: start, onStop: stop, banners });
boot();
