// The dashboard's card model: labels for stages and prescription papers, the
// card element, and how an API record maps onto a card.

import { h, fmtTime, fill } from './common.js';

// Board columns, in workflow order. `time` is the card field that orders a
// column, newest first; `keep` bounds the cards held for a column.
export const kColumns = [
  { status: 'blocked', zh: '待审', en: 'Review', time: 'received_at' },
  { status: 'accepted', zh: '已接收', en: 'Accepted', time: 'received_at' },
  { status: 'dispensing', zh: '调配中', en: 'Dispensing', time: 'paid_at' },
  { status: 'ready', zh: '待取', en: 'Ready', time: 'ready_at' },
  { status: 'handed_over', zh: '已发', en: 'Handed over', time: 'handed_over_at', keep: 30 },
];

export const kStatusLabels = {
  received: ['新到', 'Received'],
  blocked: ['待审', 'Review'],
  accepted: ['已接收', 'Accepted'],
  dispensing: ['调配中', 'Dispensing'],
  ready: ['待取', 'Ready'],
  handed_over: ['已发', 'Handed over'],
  rejected: ['已驳回', 'Rejected'],
  cancelled: ['已取消', 'Cancelled'],
};

// Prescription paper classes (处方管理办法 第五条): the card's colour and mark.
export const kPaperLabels = {
  ordinary: ['普通', 'Ordinary'],
  emergency: ['急诊', 'Emergency'],
  paediatric: ['儿科', 'Paediatric'],
  narcotic: ['麻·精一', 'Narcotic / psychotropic I'],
  psychotropic_2: ['精二', 'Psychotropic II'],
};

const kVisitLabels = { outpatient: '门诊', emergency: '急诊', chronic: '慢病' };

export const statusText = (status) => (kStatusLabels[status] ?? [status, ''])[0];
export const paperClass = (paper) => (paper in kPaperLabels ? `paper-${paper}` : 'paper-unknown');

// The card fields a full API record carries. Fields the record lacks are left
// out, so merging the result over a live card never erases what SSE told us.
export function cardFromRecord(record) {
  const card = {
    id: record.id,
    prescription_no: record.prescription_no,
    status: record.status,
    patient_id: record.patient?.id,
    department: record.visit?.department,
    visit_type: record.visit?.type,
    items: Array.isArray(record.items) ? record.items.length : undefined,
    blocked_codes: Array.isArray(record.findings)
      ? record.findings.filter((f) => f.severity === 'block').map((f) => f.code)
      : undefined,
  };
  if (Array.isArray(record.plan)) card.packs_planned = record.plan.reduce((n, line) => n + (Number(line.packs) || 0), 0);
  if (Array.isArray(record.packs)) card.packs_verified = record.packs.filter((p) => p.verified === true).length;
  // Card-only fields, when the record includes them.
  for (const key of ['paper', 'high_alert', 'queue_no', 'window', 'packs_planned', 'packs_verified',
    'blocked_codes', 'received_at', 'paid_at', 'ready_at', 'handed_over_at']) {
    if (record[key] !== undefined) card[key] = record[key];
  }
  for (const key of Object.keys(card)) if (card[key] === undefined) delete card[key];
  return card;
}

// The sort key of a card in its column: the stage's time, else receipt time.
export function cardTime(card, column) {
  const t = Date.parse(card[column.time] ?? card.received_at ?? '');
  return Number.isNaN(t) ? 0 : t;
}

// Fills (or refills, in place) the element of one card.
export function renderCard(el, card) {
  el.className = `card ${paperClass(card.paper)}`;
  el.dataset.id = card.id;
  el.tabIndex = 0;
  el.setAttribute('role', 'button');
  const [paperZh, paperEn] = kPaperLabels[card.paper] ?? ['类别?', 'Paper class unknown'];
  const column = kColumns.find((c) => c.status === card.status);
  const itemCount = Array.isArray(card.items) ? card.items.length : card.items;
  const planned = card.packs_planned ?? 0;
  const verified = card.packs_verified ?? 0;
  fill(el, 
    h('div', { className: 'card-top' },
      h('span', { className: 'paper-mark', title: paperEn }, paperZh),
      h('span', { className: 'rx-no' }, card.prescription_no ?? `#${card.id}`),
      h('time', { className: 'card-time' }, fmtTime(column ? card[column.time] ?? card.received_at : card.received_at))),
    h('div', { className: 'card-mid' },
      card.patient_id ?? '', card.department ? ` · ${card.department}` : '',
      card.visit_type && card.visit_type !== 'outpatient' ? ` · ${kVisitLabels[card.visit_type] ?? card.visit_type}` : ''),
    h('div', { className: 'card-bottom' },
      itemCount !== undefined ? h('span', {}, `${itemCount} 项`) : null,
      h('span', { className: planned && verified >= planned ? 'packs done' : 'packs', title: '已核验/计划盒数 · packs verified/planned' },
        `${verified}/${planned} 盒`),
      card.high_alert ? h('span', { className: 'badge high-alert', title: 'High-alert drug' }, '高警示') : null,
      card.status === 'accepted' && !card.paid_at ? h('span', { className: 'badge unpaid' }, '未缴费') : null,
      card.queue_no != null ? h('span', { className: 'queue', title: '排队号 · queue number' }, `${card.queue_no}号`) : null,
      card.window != null ? h('span', { className: 'window', title: '窗口 · window' }, `→${card.window}窗`) : null),
    card.blocked_codes?.length
      ? h('div', { className: 'codes' }, card.blocked_codes.map((code) => h('span', { className: 'code' }, code)))
      : null,
  );
}
