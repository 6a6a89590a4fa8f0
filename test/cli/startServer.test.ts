import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/default.ts';
import { startServer, type RunningServer } from '../../src/main.ts';

describe('startServer (embedded SQLite)', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'bsdav-start-'));
  let server: RunningServer | undefined;
  const log: string[] = [];

  before(async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'dav.sqlite')}`, HOST: '127.0.0.1', PORT: '0' });
    server = await startServer(config, { log: (l) => log.push(l) });
  });

  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, loads the demo data and prints URL, database and demo logins', () => {
    expect(server?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const text = log.join('\n');
    expect(text).to.contain(`listening on ${server?.url}`);
    expect(text).to.contain('Database: SQLite');
    expect(text).to.match(/max\.muster\s+demo\s+Berater\s+TEAM\s+contacts, calendar, tasks/);
    expect(text).to.match(/anna\.beispiel\s+demo\s+Assistenz\s+OWN\s+contacts, tasks/);
    expect(text).to.match(/peter\.ohne\s+demo\s+Berater\s+OWN\s+nothing \(mailing module off\)/);
  });

  it('GET /health answers 200 with status ok, the database and counts', async () => {
    const res = await fetch(`${server?.url}/health`);
    expect(res.status).to.equal(200);
    const body = await res.json() as { status: string; database: { client: string; reachable: boolean }; counts: { users: number; contacts: number } };
    expect(body.status).to.equal('ok');
    expect(body.database).to.deep.equal({ client: 'sqlite', reachable: true });
    expect(body.counts.users).to.equal(5);
    expect(body.counts.contacts).to.be.greaterThan(30);
  });

  it('GET / serves the host page, not the DAV plugin', async () => {
    const res = await fetch(`${server?.url}/`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/html');
    const html = await res.text();
    expect(html).to.contain('BrokerStar DAV');
    expect(html).to.contain('max.muster');
  });
});
