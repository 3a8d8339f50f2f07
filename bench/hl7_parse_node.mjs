// HL7 v2 parse throughput of simple-hl7 (npm, installed in tests/e2e), the same
// way as hl7_parse_bench: the given files, round after round, until the process
// has used the given CPU time (garbage collector threads included).
//
//   node hl7_parse_node.mjs SECONDS FILE...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../tests/e2e/package.json', import.meta.url)));
let hl7;
try {
  hl7 = require('simple-hl7');
} catch {
  console.error('simple-hl7 is missing: run npm ci in tests/e2e');
  process.exit(2);
}
const version = require('simple-hl7/package.json').version;

const seconds = Number(process.argv[2]);
const messages = process.argv.slice(3).map((path) => readFileSync(path, 'utf8'));
const roundBytes = messages.reduce((n, m) => n + Buffer.byteLength(m, 'utf8'), 0);

const parser = new hl7.Parser();
let rounds = 0;
let segments = 0;
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const start = cpuSeconds();
let elapsed = 0;
while (elapsed < seconds) {
  for (const m of messages) segments += parser.parse(m).segments.length + 1;
  rounds += 1;
  elapsed = cpuSeconds() - start;
}
console.log(JSON.stringify({
  parser: `simple-hl7 ${version} (Parser.parse)`, messages: rounds * messages.length,
  bytes: rounds * roundBytes, cpu_seconds: Number(elapsed.toFixed(3)), segments,
}));
