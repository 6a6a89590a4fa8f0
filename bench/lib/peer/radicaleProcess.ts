/**
 * Radicale (the reference open-source CalDAV/CardDAV server) as the comparison peer: started from the
 * Debian package's `radicale` command on an ephemeral loopback port, with a temporary storage folder
 * and plain htpasswd auth. Optional: when the command is missing the comparison says so and stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutputTail } from '../outputTail.ts';

export const RADICALE_COMMAND = process.env.RADICALE_BIN ?? 'radicale';

/** `radicale --version`, or null when Radicale is not installed. */
export function radicaleVersion(): string | null {
  const r = spawnSync(RADICALE_COMMAND, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).trim();
}

export interface RadicaleProcess {
  readonly pid: number;
  readonly origin: string;
  /** CPU seconds (user + system) of the Radicale process so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  log(): string;
}

/** A free loopback port: Radicale needs one on its command line (it cannot report an ephemeral one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

export async function startRadicale(login: string, password: string): Promise<RadicaleProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-radicale-'));
  const users = join(dir, 'users');
  writeFileSync(users, `${login}:${password}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(RADICALE_COMMAND, [
    '--config', '',
    '--server-hosts', `127.0.0.1:${port}`,
    '--storage-filesystem-folder', join(dir, 'collections'),
    '--auth-type', 'htpasswd', '--auth-htpasswd-filename', users, '--auth-htpasswd-encryption', 'plain',
    '--rights-type', 'owner_only',
    '--logging-level', 'warning',
    // Defaults are 30 s: the comparison's large multigets may take longer on Radicale.
    '--server-timeout', '600',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = captureOutputTail(child);
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`radicale exited with ${child.exitCode}:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`radicale did not listen within 30 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    pid,
    origin: `http://127.0.0.1:${port}`,
    cpuSeconds() {
      const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
    },
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
