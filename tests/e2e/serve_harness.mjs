// `rxpress serve` as a child process for the e2e tests that talk to its HTTP
// API: loopback ports chosen by the system, the given tokens, and its log kept
// for failure messages.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const kStartupMs = 20_000;  // until it logs its HTTP port

export class ServeProcess {
  // Writes <dir>/rxpress.toml with `tokens` ([{token, role, name}]) and, when
  // given, the simulated devices' `speed`; starts `binary` on it with `env` added.
  constructor(binary, dir, { tokens, speed, env = {} }) {
    this.log = '';
    this.exit = null;
    const config = join(dir, 'rxpress.toml');
    writeFileSync(config, [
      'timezone = "Asia/Shanghai"',
      '[http]', 'bind = "127.0.0.1"', 'port = 0',
      '[mllp]', 'bind = "127.0.0.1"', 'port = 0',
      ...(speed === undefined ? [] : ['[devices]', `speed = ${speed}`]),
      ...tokens.flatMap(({ token, role, name }) => ['[[tokens]]', `token = "${token}"`, `role = "${role}"`, `name = "${name}"`]),
      ''].join('\n'));
    this.child = spawn(binary, ['serve', '--config', config, '--data', join(dir, 'data')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child.stdout.setEncoding('utf8').on('data', (s) => { this.log += s; });
    this.child.stderr.setEncoding('utf8').on('data', (s) => { this.log += s; });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => { this.exit = { code, signal }; resolve(this.exit); });
      this.child.on('error', (error) => { this.exit = { error }; resolve(this.exit); });
    });
  }

  // The HTTP port, once the server has logged it.
  async port() {
    const deadline = Date.now() + kStartupMs;
    for (;;) {
      const port = /http: listening on [^\s:]+:(\d+)/.exec(this.log)?.[1];
      if (port) return Number(port);
      if (this.exit) throw new Error(`rxpress serve exited early (${JSON.stringify(this.exit)}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`rxpress serve printed no listening port within ${kStartupMs} ms:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // SIGINT, then SIGKILL if it has not exited within 10 s.
  async stop() {
    if (!this.exit) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
