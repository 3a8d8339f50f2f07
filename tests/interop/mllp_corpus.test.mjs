// Every message of the public HL7 corpus (../shared/corpora/hl7), sent by
// node-hl7-client (npm, installed in tests/e2e) over MLLP to a running
// `rxpress serve`, must get the ACK code this table expects, with MSA-2
// echoing MSH-10 whenever MSH can be read.
//
//   node --test tests/interop/mllp_corpus.test.mjs     (RXPRESS_BINARY, RXPRESS_CORPUS)
//   node tests/interop/mllp_corpus.test.mjs build/rxpress
//
// One server receives all of them in the table's order. Only a message that is
// applied records its control id, so the ids the corpus reuses do not turn one
// file's answer into a resend answer for another.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const kStartupMs = 30_000;  // until rxpress logs its MLLP port
const kAckMs = 10_000;      // one ACK

const binary = process.argv[2] ?? process.env.RXPRESS_BINARY ?? '';
const corpus = process.env.RXPRESS_CORPUS ??
  fileURLToPath(new URL('../../../shared/corpora/hl7/', import.meta.url));

let hl7client = null;
let clientMissing = '';
try {
  hl7client = createRequire(fileURLToPath(new URL('../e2e/package.json', import.meta.url)))('node-hl7-client');
} catch (e) {
  clientMissing = `node-hl7-client is not installed in tests/e2e/node_modules (${e.code ?? e.message}); ` +
    'run scripts/setup.sh (or: npm ci --prefix tests/e2e --no-audit --no-fund)';
}

// [file, MSA-1, MSA-2 (null: MSH unreadable, so empty), ERR-5 code (v2.5 on), why]
const kExpected = [
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_with_pv1.hl7', 'AE', 'MSGID221xx0xcnvMed31', 'UNKNOWN_DRUG',
    'NW order whose RXE-2 62756-017 is an NDC code, not in the formulary'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_no_pv1.hl7', 'AE', 'MSGID221xx0xcnvMed31', 'UNKNOWN_DRUG',
    'the same order without PV1: still the NDC drug'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_ca_cancel.hl7', 'AE', 'MSGID221xx0xcnvMed31', 'UNKNOWN_PRESCRIPTION',
    'ORC-1 CA cancels F800006, which this pharmacy never received'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_dc_discontinue.hl7', 'AE', 'MSGID221xx0xcnvMed31',
    'UNKNOWN_PRESCRIPTION', 'ORC-1 DC discontinues F800006, never received'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_sc_status_change.hl7', 'AR', 'MSGID221xx0xcnvMed31',
    'UNSUPPORTED_CONTROL', 'ORC-1 SC is not NW, CA or DC'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_rxe_rxa_zsegs.hl7', 'AR',
    'MSGID_f209e83f-20db-474d-a7ae-82e5c3894273', 'UNSUPPORTED_CONTROL', 'ORC-1 RE'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_rxe.hl7', 'AR', 'MSGID_f209e83f-20db-474d-a7ae-82e5c3894273',
    'UNSUPPORTED_CONTROL', 'RDE^O25 is taken as an order, but ORC-1 is RE'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_nte_rxe_nte_obx.hl7', 'AR', 'MSGID', 'UNSUPPORTED_CONTROL',
    'ORC-1 OP'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_nte_rxe_nte_obx.hl7', 'AR', 'MSGID', 'UNSUPPORTED_CONTROL',
    'ORC-1 OP'],
  ['linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_rxr_no_trailing_eol.hl7', 'AR',
    'MSGID_bae9ce6a-e35d-4ff5-8d50-c5dde19cc1aa', 'UNSUPPORTED_CONTROL', 'OMP^O09 is accepted; ORC-1 OP is not'],
  ['linuxforhealth-hl7v2-fhir-converter/omp_o09_truncated_orc_field.hl7', 'AR', 'MSGID', 'UNSUPPORTED_CONTROL',
    'OMP^O09; ORC-1 OP'],
  ['linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_nte_obx.hl7', 'AR', 'MSGID', 'UNSUPPORTED_CONTROL',
    'OMP^O09; ORC-1 OP'],
  ['linuxforhealth-hl7v2-fhir-converter/orm_o01_radiology_non_pharmacy.hl7', 'AR',
    'MSGID_e30a3471-7afd-4aa2-a3d5-e93fd89d24b3', null, 'ORM^O01 imaging order with ORC-1 SN (v2.3: ERR-1 only)'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.mixed-eol.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty; mixed CR/LF read alike'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_just_rxe.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_rxo_rxe.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty'],
  ['linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_just_rxe.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty'],
  ['linuxforhealth-hl7v2-fhir-converter/ppr_pc1_rxo.mixed-eol.hl7', 'AR', '', 'MISSING_CONTROL_ID',
    'MSH-10 is empty, checked before the (unsupported) type'],
  ['linuxforhealth-hl7v2-fhir-converter/ppr_pc1_cr_no_trailing_eol.hl7', 'AR', '1', 'UNSUPPORTED_TYPE',
    'PPR^PC1 is not a pharmacy message'],
  ['linuxforhealth-hl7v2-fhir-converter/ppr_pc1_with_orc_nw.hl7', 'AR', '1', 'UNSUPPORTED_TYPE',
    'PPR^PC1: its ORC-1 NW must not become an order'],
  ['linuxforhealth-hl7v2-fhir-converter/sample_win.crlf.hl7', 'AR', null, 'MALFORMED',
    'MSH-2 "^~\\\\&" repeats the escape character, so MSH cannot be read'],
  ['python-hl7/sample_hl7_oru_r01.hl7', 'AR', 'CNTRL-3456', null, 'ORU^R01 is a lab result (v2.4: ERR-1 only)'],
  ['python-hl7/rep_sample_repetition_subcomponent.hl7', 'AR', 'CNTRL-3456', null, 'ORU^R01 (v2.4)'],
  ['python-hl7/sample_file_batch_fhs_bhs.hl7', 'AR', null, 'MALFORMED',
    'a batch file: the first segment is FHS; MLLP carries one message per frame'],
  ['hl7apy/adt_a01_no_trailing_eol.hl7', 'AA', '0123456789', null, 'ADT^A01 updates patient 123-456-789'],
  ['hl7apy/msh_only_adt_a01.hl7', 'AR', '0123456789', 'MALFORMED', 'ADT^A01 without PID names no patient'],
  ['hl7apy/oml_o33_multiple_order_groups.hl7', 'AR', '978226056138290600', 'UNSUPPORTED_TYPE',
    'OML^O33 is a laboratory order'],
  ['hl7apy/rsp_k21_v25.hl7', 'AR', '1234', 'UNSUPPORTED_TYPE', 'RSP^K22 is a query response'],
  ['hl7apy/rsp_k21_v27_truncation_char.hl7', 'AR', '1234', 'UNSUPPORTED_TYPE',
    'RSP^K22; the v2.7 truncation character is read'],
  ['hl7apy/err_first_segment_not_msh.hl7', 'AR', null, 'MALFORMED', 'the header segment is named PID'],
  ['hl7apy/err_msh_all_empty.hl7', 'AR', null, 'MALFORMED', 'MSH-2 is empty'],
  ['hl7apy/err_msh2_three_chars_v27.hl7', 'AR', null, 'MALFORMED', 'MSH-2 has 3 characters'],
  ['hl7apy/err_msh2_missing_subcomponent.hl7', 'AR', null, 'MALFORMED', 'MSH-2 has 3 characters'],
  ['hl7apy/err_msh2_too_many_chars.hl7', 'AR', null, 'MALFORMED', 'MSH-2 has 7 characters'],
  ['hl7apy/err_msh2_six_chars_v27.hl7', 'AR', null, 'MALFORMED', 'MSH-2 has 6 characters'],
  ['hl7apy/err_msh2_duplicate_chars.hl7', 'AR', null, 'MALFORMED', 'MSH-2 repeats a character'],
  ['hl7apy/err_msh2_duplicate_chars_v27.hl7', 'AR', null, 'MALFORMED', 'MSH-2 repeats characters'],
  ['hl7apy/err_msh9_empty.hl7', 'AR', null, 'MALFORMED', 'MSH-9 is empty'],
  ['hl7apy/err_msh9_empty_with_pid.hl7', 'AR', null, 'MALFORMED', 'MSH-9 is empty'],
  ['hl7apy/err_msh9_incomplete.hl7', 'AR', null, 'MALFORMED', 'MSH-9 "ADT^" has an empty trigger event'],
  ['hl7apy/err_msh10_msh12_missing.hl7', 'AR', null, 'MALFORMED', 'MSH-12 (version) is absent'],
];

// node-hl7-client builds a Message only from text that starts with MSH; these
// two go out through a plain socket, framed the same way.
const kNotBuildable = new Set(['python-hl7/sample_file_batch_fhs_bhs.hl7', 'hl7apy/err_first_segment_not_msh.hl7']);

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// One MLLP exchange on a fresh socket: the framed text out, the first whole frame back.
function sendRaw(port, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let got = Buffer.alloc(0);
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(text, 'utf8'),
      Buffer.from([0x1c, 0x0d])])));
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      const end = got.indexOf(0x1c);
      if (end >= 0) {
        socket.destroy();
        resolve(got.subarray(got.indexOf(0x0b) + 1, end).toString('utf8'));
      }
    });
    socket.on('error', reject);
  });
}

// The fields the test checks, read with node-hl7-client's own parser.
function ackFields(ackText) {
  const message = new hl7client.Message({ text: ackText });
  return {
    msa1: message.get('MSA.1').toString(),
    msa2: message.get('MSA.2').toString(),
    err5: message.get('ERR.5').toString(),
    version: message.get('MSH.12').toString(),
  };
}

let server = null;
let serverLog = '';
let dataDir = '';
let port = 0;
let client = null;
let connection = null;
let pending = null;  // resolves with the next ACK text

before(async () => {
  if (clientMissing || !binary || !existsSync(binary)) return;
  dataDir = mkdtempSync(join(tmpdir(), 'rxpress-mllp-corpus-'));
  server = spawn(binary, ['serve', '--port', '0', '--mllp-port', '0', '--data', join(dataDir, 'data')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  // The port rxpress picked, from its log line "mllp: listening on 127.0.0.1:<port>".
  const listening = new Promise((resolve, reject) => {
    const seen = (s) => {
      serverLog += s;
      const m = /mllp: listening on [^\s:]+:(\d+)/.exec(serverLog);
      if (m) resolve(Number(m[1]));
    };
    server.stdout.setEncoding('utf8').on('data', seen);
    server.stderr.setEncoding('utf8').on('data', seen);
    server.on('exit', (code) => reject(new Error(`rxpress serve exited (${code}) before listening:\n${serverLog}`)));
  });
  port = await withTimeout(listening, kStartupMs, 'rxpress serve MLLP listener').catch((e) => {
    serverLog += `\n${e.message}`;
    return 0;
  });
  client = new hl7client.Client({ host: '127.0.0.1' });
  connection = client.createConnection({ port, waitAck: true }, async (res) => {
    const resolve = pending;
    pending = null;
    if (resolve) resolve(res.getMessage().toString());
  });
});

after(async () => {
  if (connection) await connection.close().catch(() => {});
  if (client) client.closeAll();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGINT');
    await withTimeout(exited, 10_000, 'rxpress serve exit').catch(() => server.kill('SIGKILL'));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('every corpus message gets its expected ACK over MLLP', async () => {
  assert.equal(clientMissing, '', clientMissing);
  assert.ok(binary && existsSync(binary), `rxpress binary not found: set RXPRESS_BINARY (got '${binary}')`);
  assert.ok(port > 0 && await canConnect(port), `rxpress serve did not listen for MLLP:\n${serverLog}`);

  const wrong = [];
  const sentRaw = [];
  for (const [file, msa1, controlId, errCode, why] of kExpected) {
    const text = readFileSync(join(corpus, file), 'utf8');
    let ack;
    let message = null;
    try {
      message = new hl7client.Message({ text });
    } catch {
      sentRaw.push(file);
    }
    if (message) {
      const answered = new Promise((resolve) => { pending = resolve; });
      await connection.sendMessage(message);
      ack = await withTimeout(answered, kAckMs, file);
    } else {
      ack = await withTimeout(sendRaw(port, text), kAckMs, file);
    }
    const got = ackFields(ack);
    const expectedEcho = controlId ?? '';
    const problems = [];
    if (got.msa1 !== msa1) problems.push(`MSA-1 ${got.msa1}, expected ${msa1}`);
    if (got.msa2 !== expectedEcho) problems.push(`MSA-2 '${got.msa2}', expected '${expectedEcho}'`);
    if (errCode && got.err5 !== errCode) problems.push(`ERR-5 '${got.err5}', expected '${errCode}'`);
    if (problems.length) wrong.push(`${file} (${why}): ${problems.join('; ')}\n    ACK: ${ack.replace(/\r/g, '\\r')}`);
  }
  assert.deepEqual(new Set(sentRaw), kNotBuildable, 'the files node-hl7-client refuses to build changed');
  assert.equal(wrong.length, 0, `${wrong.length} of ${kExpected.length} messages got another ACK:\n${wrong.join('\n')}`);
});

test('the table covers every file of the corpus', () => {
  const listed = new Set(kExpected.map(([file]) => file));
  const onDisk = [];
  for (const dir of ['linuxforhealth-hl7v2-fhir-converter', 'python-hl7', 'hl7apy']) {
    for (const name of readdirSync(join(corpus, dir))) if (name.endsWith('.hl7')) onDisk.push(`${dir}/${name}`);
  }
  assert.deepEqual(new Set(onDisk), listed);
});
