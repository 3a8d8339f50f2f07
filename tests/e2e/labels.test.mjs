// The dose-instruction labels (用法用量标签) read back by another PDF reader:
// pdf.js (pdfjs-dist, legacy build) extracts the text of the labels.pdf that
// `rxpress serve` renders for a posted prescription, resolving the standard
// STSong-Light font through its packed CMaps, as a browser's viewer does.
//
//   node --test tests/e2e/labels.test.mjs       (binary from RXPRESS_BINARY)
//   node tests/e2e/labels.test.mjs build/rxpress

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ServeProcess } from './serve_harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.RXPRESS_BINARY ?? '';
const kHis = 'labels-e2e-his-token-0001';
const kPharmacist = 'labels-e2e-pharmacist-token-0001';
const pdfjsDir = join(here, 'node_modules', 'pdfjs-dist');

let pdfjs = null;
let pdfjsMissing = '';
try {
  pdfjs = await import(pathToFileURL(join(pdfjsDir, 'legacy', 'build', 'pdf.mjs')).href);
} catch (e) {
  pdfjsMissing = `pdfjs-dist is not installed in tests/e2e/node_modules (${e.code ?? e.message}); ` +
    'run scripts/setup.sh (or: npm ci --prefix tests/e2e --no-audit --no-fund)';
}

// Clopidogrel tid (an ordinary tablet), warfarin (high-alert), insulin glargine
// (high-alert, cold) and aspirin 100 mg (LASA with aspirin 25 mg).
const prescription = {
  prescription_no: 'E2E-LABEL-0001',
  visit: { type: 'outpatient', department: '心内科' },
  patient: { id: 'P0000888', name: '欧阳娜娜', sex: 'F', birth_date: '1985-03-09' },
  prescriber: { id: 'D0012', name: '李医生' },
  items: [
    { drug: 'D0003', dose: { value: 75, unit: 'mg' }, route: 'po', frequency: 'tid', days: 3, quantity: { value: 2, unit: '盒' } },
    { drug: 'D0004', dose: { value: 2.5, unit: 'mg' }, route: 'po', frequency: 'qd', days: 7, quantity: { value: 1, unit: '盒' } },
    { drug: 'D0027', dose: { value: 10, unit: 'IU' }, route: 'sc', frequency: 'qn', days: 30, quantity: { value: 1, unit: '支' } },
    { drug: 'D0001', dose: { value: 100, unit: 'mg' }, route: 'po', frequency: 'qd', days: 7, quantity: { value: 1, unit: '盒' } },
  ],
};

async function pageTexts(bytes) {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    verbosity: 0,
  }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => item.str).join('\n'));
  }
  await doc.destroy();
  return pages;
}

describe('dose-instruction labels render as Chinese text any PDF reader can extract', () => {
  let dir;
  let server;
  let base;

  before(async () => {
    if (pdfjsMissing) throw new Error(pdfjsMissing);
    if (!binary) throw new Error('name the rxpress binary: RXPRESS_BINARY=… or an argument');
    dir = mkdtempSync(join(tmpdir(), 'rxpress-labels-e2e-'));
    server = new ServeProcess(binary, dir, {
      tokens: [{ token: kHis, role: 'his', name: 'his-e2e' }, { token: kPharmacist, role: 'pharmacist', name: 'pharmacist-e2e' }],
    });
    base = `http://127.0.0.1:${await server.port()}`;
  });

  after(async () => {
    if (server) await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('one page per item, with the patient, drug, dose, frequency, route, days and warnings', async () => {
    const created = await fetch(`${base}/api/v1/prescriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kHis}`, 'content-type': 'application/json' },
      body: JSON.stringify(prescription),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = await created.json();

    const res = await fetch(`${base}/api/v1/prescriptions/${id}/labels.pdf`, {
      headers: { authorization: `Bearer ${kPharmacist}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pages = await pageTexts(await res.arrayBuffer());
    assert.equal(pages.length, 4, pages.join('\n----\n'));

    for (const page of pages) {
      assert.match(page, /欧阳娜娜 女 \d+岁/, page);
      assert.match(page, /E2E-LABEL-0001/, page);
    }
    const [clopidogrel, warfarin, insulin, aspirin] = pages;
    assert.match(clopidogrel, /硫酸氢氯吡格雷片 75 mg（片剂）/, clopidogrel);
    assert.match(clopidogrel, /每次 75 mg（1 片）/, clopidogrel);
    assert.match(clopidogrel, /口服，每日三次/, clopidogrel);
    assert.match(clopidogrel, /3 天/, clopidogrel);
    assert.match(clopidogrel, /2 盒/, clopidogrel);
    assert.doesNotMatch(clopidogrel, /【注意】/, clopidogrel);

    assert.match(warfarin, /华法林钠片/, warfarin);
    assert.match(warfarin, /每日一次/, warfarin);
    assert.match(warfarin, /高警示药品/, warfarin);

    assert.match(insulin, /甘精胰岛素注射液/, insulin);
    assert.match(insulin, /皮下注射，每晚一次/, insulin);
    assert.match(insulin, /高警示药品/, insulin);
    assert.match(insulin, /冷藏 2-8℃/, insulin);

    assert.match(aspirin, /阿司匹林肠溶片 100 mg/, aspirin);
    assert.match(aspirin, /看似听似药品（LASA-01）/, aspirin);
  });
});
