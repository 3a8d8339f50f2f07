// The board: one column per stage, fed with cards by id. Changes are batched
// into one DOM pass per animation frame; each column shows at most
// kVisiblePerColumn cards and counts the rest.

import { h, frameBatcher } from './common.js';
import { kColumns, cardTime, renderCard } from './cards.js';

const kVisiblePerColumn = 200;

export class Board {
  // `root` receives the columns; `onOpen(id)` runs when a card is chosen.
  constructor(root, onOpen) {
    this.cards = new Map();      // id -> card, only cards of a board column
    this.elements = new Map();   // id -> element, only cards on screen
    this.dirtyCards = new Set();
    this.dirtyColumns = new Set();
    this.totals = {};            // status -> count from the summary
    this.schedule = frameBatcher(() => this.flush());
    this.columns = new Map(kColumns.map((column) => [column.status, this.buildColumn(column)]));
    root.replaceChildren(...[...this.columns.values()].map((c) => c.section));
    const choose = (event) => {
      const el = event.target.closest('.card');
      if (el) onOpen(el.cardId);
    };
    root.addEventListener('click', choose);
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        if (event.target.closest('.card')) event.preventDefault();
        choose(event);
      }
    });
  }

  buildColumn(column) {
    const count = h('span', { className: 'column-count' }, '0');
    const list = h('div', { className: 'column-list' });
    const more = h('div', { className: 'column-more', hidden: true });
    const section = h('section', { className: `column column-${column.status}`, 'aria-label': column.en },
      h('h2', {}, column.zh, h('small', {}, column.en), count),
      list, more);
    return { ...column, ids: new Set(), section, list, count, more };
  }

  get(id) {
    return this.cards.get(id);
  }

  // Merges `card` (all fields or some) over what the board holds for its id.
  upsert(card) {
    const old = this.cards.get(card.id);
    const next = old ? { ...old, ...card } : card;
    if (old) this.columns.get(old.status)?.ids.delete(card.id);
    this.markColumn(old?.status);
    const column = this.columns.get(next.status);
    if (column) {
      this.cards.set(next.id, next);
      column.ids.add(next.id);
      this.markColumn(next.status);
      this.dirtyCards.add(next.id);
    } else {
      this.cards.delete(next.id);  // received, rejected, cancelled: off the board
    }
    this.schedule();
  }

  // Replaces every card of `statuses` with `cards` (a fresh snapshot); other
  // columns keep theirs.
  replace(statuses, cards) {
    for (const status of statuses) {
      const column = this.columns.get(status);
      for (const id of column.ids) this.cards.delete(id);
      column.ids.clear();
      this.markColumn(status);
    }
    for (const card of cards) this.upsert(card);
    this.schedule();
  }

  clear() {
    this.replace([...this.columns.keys()], []);
  }

  // Stage totals from the server, which counts what the board may not hold.
  setTotals(counts) {
    this.totals = counts ?? {};
    for (const status of this.columns.keys()) this.markColumn(status);
    this.schedule();
  }

  markColumn(status) {
    if (this.columns.has(status)) this.dirtyColumns.add(status);
  }

  flush() {
    for (const status of this.dirtyColumns) this.flushColumn(this.columns.get(status));
    for (const id of this.dirtyCards) {
      const el = this.elements.get(id);
      const card = this.cards.get(id);
      if (el && card) renderCard(el, card);
    }
    for (const [id, el] of this.elements) if (!el.isConnected) this.elements.delete(id);
    this.dirtyColumns.clear();
    this.dirtyCards.clear();
  }

  flushColumn(column) {
    const order = [...column.ids]
      .map((id) => { const card = this.cards.get(id); return { card, t: cardTime(card, column) }; })
      .sort((a, b) => b.t - a.t || (b.card.id > a.card.id ? 1 : -1))
      .map(({ card }) => card);
    if (column.keep) {
      for (const card of order.splice(column.keep)) {
        column.ids.delete(card.id);
        this.cards.delete(card.id);
      }
    }
    const visible = order.slice(0, kVisiblePerColumn).map((card) => this.elementOf(card));
    let cursor = column.list.firstChild;
    for (const el of visible) {
      if (el === cursor) cursor = cursor.nextSibling;
      else column.list.insertBefore(el, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    const total = Math.max(this.totals[column.status] ?? 0, order.length);
    column.count.textContent = String(total);
    const hidden = total - visible.length;
    column.more.hidden = hidden <= 0;
    column.more.textContent = column.keep ? `仅显示最近 ${column.keep} 张 · latest ${column.keep} shown`
      : `+${hidden} 更多 · more`;
  }

  elementOf(card) {
    let el = this.elements.get(card.id);
    if (!el) {
      el = h('article');
      el.cardId = card.id;
      renderCard(el, card);
      this.elements.set(card.id, el);
      this.dirtyCards.delete(card.id);
    }
    return el;
  }
}
