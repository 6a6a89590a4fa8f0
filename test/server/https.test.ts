import pino from 'pino';
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/default.ts';
import { startServer, type RunningServer } from '../../src/main.ts';

/** One HTTPS request that accepts the test's self-signed certificate. */
function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Apple clients refuse to send passwords over plain HTTP: the server speaks HTTPS when given a certificate. */
describe('HTTPS served directly (TLS_CERT_FILE / TLS_KEY_FILE)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: RunningServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bsdav-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`, PORT: '0', HOST: '127.0.0.1', TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'key.pem') });
    server = await startServer(config, { log: () => {}, logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers discovery over TLS and keeps https in the well-known redirect', async () => {
    expect(server.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const auth = `Basic ${Buffer.from('max.muster:demo').toString('base64')}`;
    const redirect = await request(`${server.url}/.well-known/caldav`, 'PROPFIND', { Authorization: auth, Depth: '0' });
    expect(redirect.status).to.equal(301);
    expect(redirect.headers.location).to.equal(`${server.url}/dav/`);
    const root = await request(`${server.url}/dav/`, 'PROPFIND', { Authorization: auth, Depth: '0', 'Content-Type': 'application/xml' },
      '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>');
    expect(root.status).to.equal(207);
    expect(root.text).to.contain('<d:href>/dav/principals/max.muster/</d:href>');
  });
});
