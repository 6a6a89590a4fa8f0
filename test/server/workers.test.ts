import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic } from '../support/davApp.ts';

/** A fresh connection per request, so the primary hands each one to the next worker. */
function propfind(origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/dav/`, { agent: false, method: 'PROPFIND', headers: { Authorization: basic('max.muster'), Depth: '0' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Process ids that wrote a request line (pino's JSON lines carry the writer's pid). */
const requestPids = (log: string) => new Set([...log.matchAll(/^\{[^\n]*"pid":(\d+)[^\n]*"msg":"request"/gm)].map((m) => Number(m[1])));

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('WORKERS=2: worker processes sharing one port', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-workers-'));
  let primary: ChildProcess;
  let log = '';
  let origin = '';

  before(async () => {
    primary = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env, NODE_OPTIONS: '', WORKERS: '2', DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`,
        PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SHUTDOWN_GRACE: '5s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    primary.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    origin = await new Promise<string>((resolve, reject) => {
      primary.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
      });
      primary.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
    });
  });

  after(() => {
    if (primary.exitCode === null) primary.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers answer on one port, a killed worker is replaced, SIGTERM stops the primary and every worker', async () => {
    // The second worker starts once the first listens; keep asking until both have answered.
    for (let i = 0; i < 200 && requestPids(log).size < 2; i++) {
      expect(await propfind(origin)).to.equal(207);
      await new Promise((r) => setTimeout(r, 50));
    }
    const workers = [...requestPids(log)];
    expect(workers).to.have.length(2);
    expect(workers).to.not.include(primary.pid);
    expect(log.match(/listening on/g), 'one start-up banner').to.have.length(1);

    process.kill(workers[0]!, 'SIGKILL');
    await until(() => /worker died: starting a new one/.test(log), 'the primary noticing the dead worker');
    for (let i = 0; i < 200 && requestPids(log).size < 3; i++) {
      expect(await propfind(origin)).to.equal(207);
      await new Promise((r) => setTimeout(r, 50));
    }
    const all = [...requestPids(log)];
    expect(all, 'a new worker answers in place of the killed one').to.have.length(3);

    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(log).to.contain('all workers stopped');
    await until(() => all.every((pid) => !isRunning(pid)), 'every worker gone', 5000);
    const refused = await propfind(origin).then(() => false, () => true);
    expect(refused, 'nothing listens any more').to.equal(true);
  });
});
