// The detail panel of one prescription: what was prescribed, what review
// found, the plan, the packs and the history, plus the pharmacist's actions.
// The typed reason survives refreshes and failed requests.

import { h, api, fmtDateTime, fill } from './common.js';
import { kPaperLabels, kStatusLabels, paperClass } from './cards.js';

const kActingRoles = new Set(['pharmacist', 'admin']);
const kLabelRoles = new Set(['pharmacist', 'technician', 'admin']);
const kSeverity = { block: '拦截', warn: '警示', info: '提示' };
const kUnits = { tablet: '片', capsule: '粒', pill: '丸', sachet: '袋', puff: '吸', unit: '支', bottle: '瓶', pack: '盒' };
const kFrequencies = {
  qd: '每日1次', bid: '每日2次', tid: '每日3次', qid: '每日4次', qn: '每晚1次', q6h: '每6小时1次',
  q8h: '每8小时1次', q12h: '每12小时1次', qw: '每周1次', prn: '必要时', st: '立即',
};
const kSex = { M: '男', F: '女' };
const kColumnLabels = {
  item: '行 Line', drug: '药品 Drug', lot: '批号 Lot', expiry: '效期 Expiry', location: '货位 Location',
  drug_name: '药名 Name', device: '设备 Device', packs: '盒数 Packs', window: '窗口 Window', code: '追溯码 Code', serial: '序列号 Serial',
  gtin: 'GTIN', verified: '已核验 Verified', verification: '核验 Check',
};

const quantity = (q) => (q && typeof q === 'object' ? `${q.value ?? ''} ${kUnits[q.unit] ?? q.unit ?? ''}`.trim() : q ?? '');
const frequency = (f) => (f ? `${f}${kFrequencies[String(f).toLowerCase()] ? `（${kFrequencies[String(f).toLowerCase()]}）` : ''}` : '');
const cell = (key, v) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  if (key === 'code') return gs1Readable(String(v));
  return key.endsWith('_at') ? fmtDateTime(v) : String(v);
};

// A scanned GS1 element string in its printed form, "(01)…(17)…(10)…(21)…";
// other codes (NMPA 20 digits) as they are.
const kFixedAis = { '01': 14, '17': 6 };
function gs1Readable(code) {
  let s = code.startsWith(']d2') ? code.slice(3) : code;
  if (!/^(01|17|10|21)/.test(s) || /^\d{20}$/.test(s)) return code;
  let out = '';
  while (s.length >= 2) {
    const ai = s.slice(0, 2);
    const fixed = kFixedAis[ai];
    let value;
    if (fixed) {
      value = s.slice(2, 2 + fixed);
      s = s.slice(2 + fixed);
    } else {
      const end = s.indexOf('\u001d');
      value = end < 0 ? s.slice(2) : s.slice(2, end);
      s = end < 0 ? '' : s.slice(end + 1);
    }
    out += `(${ai})${value}`;
  }
  return out;
}

// Rows of objects as a table; nested objects (a pack's code, lot…) are flattened one level.
function table(rows) {
  const flat = rows.map((row) => {
    const out = {};
    for (const [k, v] of Object.entries(row ?? {})) {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) out[k2 in row ? `${k}.${k2}` : k2] = v2;
      else out[k] = v;
    }
    return out;
  });
  const keys = [...new Set(flat.flatMap(Object.keys))];
  return h('table', {},
    h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, kColumnLabels[k] ?? k)))),
    h('tbody', {}, flat.map((row) => h('tr', {}, keys.map((k) => h('td', {}, k === 'item' && typeof row[k] === 'number' ? row[k] + 1 : cell(k, row[k])))))));
}

const section = (zh, en, ...body) => h('section', {}, h('h3', {}, zh, h('small', {}, en)), ...body);
const empty = (text) => h('p', { className: 'muted' }, text);

export class Detail {
  // `cardOf(id)` gives the board's card (for the paper class); `onRecord`
  // hears every record an action answers with.
  constructor(root, { cardOf, onRecord }) {
    this.root = root;
    this.cardOf = cardOf;
    this.onRecord = onRecord;
    this.role = '';
    this.id = null;
    this.formId = null;
    this.request = 0;
    this.body = h('div', { className: 'detail-body' });
    this.actions = h('div', { className: 'detail-actions' });
    fill(root, 
      h('button', { className: 'detail-close', type: 'button', title: '关闭 Close (Esc)', onclick: () => this.close() }, '×'),
      this.body, this.actions);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && this.id !== null) this.close(); });
  }

  setRole(role) {
    this.role = role;
  }

  get openId() {
    return this.id;
  }

  // Reopening the same prescription keeps the reason typed before closing.
  open(id) {
    if (id !== this.id) {
      this.id = id;
      fill(this.body, empty('加载中… · Loading…'));
      fill(this.actions);
    }
    if (id !== this.formId) {
      this.formId = id;
      this.reason = h('textarea', { rows: 3, maxlength: 500, placeholder: '请填写理由（必填） · Reason (required)' });
      this.confirm = h('input', { type: 'checkbox' });
      this.error = h('p', { className: 'error', role: 'alert', hidden: true });
    }
    this.root.hidden = false;
    this.refresh();
  }

  // `discard` also drops the typed reason (on sign-out).
  close({ discard = false } = {}) {
    if (discard) this.formId = null;
    this.id = null;
    this.request += 1;
    this.root.hidden = true;
  }

  // Fetches the record again; the panel keeps what it shows until then.
  async refresh() {
    if (this.id === null) return;
    const id = this.id;
    const ticket = ++this.request;
    try {
      const record = await api('GET', `/api/v1/prescriptions/${encodeURIComponent(id)}`);
      if (ticket === this.request) this.show(record);
    } catch (e) {
      if (ticket !== this.request) return;
      fill(this.body, h('p', { className: 'error' }, `无法加载处方 · Cannot load prescription #${id}: ${e.message}`),
        h('button', { type: 'button', onclick: () => this.refresh() }, '重试 Retry'));
    }
  }

  show(record) {
    const card = this.cardOf(record.id) ?? {};
    const paper = record.paper ?? card.paper;
    const p = record.patient ?? {};
    const [statusZh, statusEn] = kStatusLabels[record.status] ?? [record.status, ''];
    fill(this.body, 
      h('header', { className: `detail-head ${paperClass(paper)}` },
        h('h2', {}, record.prescription_no ?? `#${record.id}`),
        h('span', { className: `status status-${record.status}` }, `${statusZh} ${statusEn}`),
        paper ? h('span', { className: 'paper-mark' }, kPaperLabels[paper]?.[0] ?? paper) : null,
        (record.high_alert ?? card.high_alert) ? h('span', { className: 'badge high-alert' }, '高警示') : null),
      h('dl', { className: 'facts' },
        fact('患者 Patient', [p.name, p.id, kSex[p.sex] ?? p.sex, p.birth_date].filter(Boolean).join(' · ')),
        fact('过敏 Allergies', (p.allergies ?? []).join('、')),
        fact('科室 Dept.', [record.visit?.department, record.visit?.type].filter(Boolean).join(' · ')),
        fact('医师 Prescriber', record.prescriber?.name ?? record.prescriber?.id),
        fact('诊断 Diagnoses', (record.diagnoses ?? []).map((d) => `${d.text ?? ''} ${d.code ?? ''}`.trim()).join('；')),
        fact('开具 Issued', fmtDateTime(record.issued_at)),
        fact('理由 Reason', record.reason),
        fact('退回医师 Returned', returned(record.returned_to_prescriber)),
        fact('医师双签 Prescriber', confirmation(record.prescriber_confirmation))),
      kLabelRoles.has(this.role) && record.items?.length
        ? h('p', { className: 'labels' }, h('a', { href: `/api/v1/prescriptions/${encodeURIComponent(record.id)}/labels.pdf`, target: '_blank', rel: 'noopener' }, '打印用法用量标签 · Dose labels (PDF)'))
        : null,
      section('药品', 'Items', this.items(record.items ?? [])),
      section('审方结果', 'Findings', this.findings(record.findings ?? [])),
      section('调配计划', 'Plan', record.plan?.length ? table(record.plan) : empty('无 · none')),
      section('药盒', 'Packs', record.packs?.length ? table(record.packs) : empty('无 · none')),
      section('记录', 'History', this.history(record.history ?? [])),
    );
    this.showActions(record, card);
  }

  items(items) {
    if (!items.length) return empty('无 · none');
    return h('table', {},
      h('thead', {}, h('tr', {}, ['#', '药品 Drug', '剂量 Dose', '用法 Route', '频次 Freq.', '天数 Days', '数量 Qty'].map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((it, i) => h('tr', {},
        h('td', {}, i + 1),
        h('td', {}, [it.drug_name ?? it.name, it.drug].filter(Boolean).join(' ')),
        h('td', {}, quantity(it.dose)), h('td', {}, it.route ?? ''), h('td', {}, frequency(it.frequency)),
        h('td', {}, it.days ?? ''), h('td', {}, quantity(it.quantity))))));
  }

  findings(findings) {
    if (!findings.length) return empty('无 · none');
    return h('ul', { className: 'findings' }, findings.map((f) => h('li', { className: `sev-${f.severity}` },
      h('span', { className: 'sev' }, kSeverity[f.severity] ?? f.severity), h('b', {}, f.code), ' ', f.message ?? '',
      f.items?.length ? h('span', { className: 'muted' }, ` （第 ${f.items.map((i) => i + 1).join('、')} 项）`) : null,
      f.evidence ? h('div', { className: 'evidence' }, f.evidence) : null)));
  }

  history(events) {
    if (!events.length) return empty('无 · none');
    return h('table', { className: 'history' },
      h('thead', {}, h('tr', {}, ['#', '时间 Time', '事件 Event', '操作人 Actor', '内容 Details'].map((t) => h('th', {}, t)))),
      // The received event carries the whole prescription, shown above already.
      h('tbody', {}, events.map(({ seq, at, type, actor, data: { prescription, ...data } = {} }) => h('tr', {},
        h('td', {}, seq ?? ''), h('td', {}, fmtDateTime(at)), h('td', {}, type ?? ''), h('td', {}, actor ?? ''),
        h('td', { className: 'details' }, data && Object.keys(data).length ? JSON.stringify(data) : '')))));
  }

  showActions(record, card) {
    this.error.hidden = true;
    if (!kActingRoles.has(this.role)) return fill(this.actions);
    if (record.status === 'blocked') {
      const override = h('button', { type: 'button', className: 'primary' }, '通过 Override');
      const reject = h('button', { type: 'button', className: 'danger' }, '驳回 Reject');
      const giveBack = h('button', { type: 'button' }, '退回医师 Return to prescriber');
      const buttons = [override, reject, giveBack];
      override.onclick = () => this.act(record.id, 'override', { reason: this.reason.value.trim() }, buttons);
      reject.onclick = () => this.act(record.id, 'reject', { reason: this.reason.value.trim() }, buttons);
      giveBack.onclick = () => this.act(record.id, 'return-to-prescriber', { reason: this.reason.value.trim() }, buttons);
      const sync = () => { for (const b of buttons) b.disabled = !this.reason.value.trim(); };
      this.reason.oninput = sync;
      sync();
      fill(this.actions, h('label', {}, '审方理由 Reason', this.reason), h('div', { className: 'buttons' }, ...buttons), this.error);
    } else if (record.status === 'ready') {
      const highAlert = record.high_alert ?? card.high_alert;
      const handover = h('button', { type: 'button', className: 'primary' }, '发药 Hand over');
      handover.onclick = () => this.act(record.id, 'handover', highAlert ? { confirm_high_alert: this.confirm.checked } : {}, [handover]);
      const sync = () => { handover.disabled = Boolean(highAlert) && !this.confirm.checked; };
      this.confirm.onchange = sync;
      sync();
      fill(this.actions, 
        highAlert ? h('label', { className: 'check' }, this.confirm, '已核对高警示药品 · High-alert drugs checked') : null,
        h('div', { className: 'buttons' }, handover), this.error);
    } else {
      fill(this.actions);
    }
  }

  async act(id, action, body, buttons) {
    for (const b of buttons) b.disabled = true;
    this.error.hidden = true;
    try {
      const record = await api('POST', `/api/v1/prescriptions/${encodeURIComponent(id)}/${action}`, body);
      this.onRecord(record);
      if (this.formId === id) this.reason.value = '';
      if (this.id === id) {
        this.show(record);
        this.refresh();  // action answers may omit the history
      }
    } catch (e) {
      for (const b of buttons) b.disabled = false;
      this.error.textContent = `操作失败 · Failed: ${e.message}`;
      this.error.hidden = false;
    }
  }
}

function returned(r) {
  return r ? `${fmtDateTime(r.at)} ${r.by ?? ''}：${r.reason ?? ''}` : '';
}

function confirmation(c) {
  if (!c) return '';
  const who = [c.prescriber?.name, c.prescriber?.id].filter(Boolean).join(' ');
  return `${who}（${fmtDateTime(c.at)}，${c.recorded_by ?? ''}）：${c.reason ?? ''}`;
}

function fact(label, value) {
  return value ? [h('dt', {}, label), h('dd', {}, value)] : null;
}
