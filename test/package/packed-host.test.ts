import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { createDAVClient } from 'tsdav';
import { referenceCrmMigrations } from '../../src/adapters/knex/migrations/index.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { testDatabaseNames } from '../support/databases.ts';
import { seedDemoData } from '../support/davApp.ts';

/**
 * The package as a host installs it: `npm run build`, `npm pack`, the tarball installed into the
 * example host (examples/host-app: plain JavaScript, global koa-body, its own routes and knex
 * migrations) and into a TypeScript host (examples/host-ts, NodeNext) that must type-check. The
 * JavaScript host then runs against MariaDB and a real client (tsdav) syncs through it.
 */
const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const MYSQL_SERVER_URL = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306';
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Installs from the npm cache only; when a package's metadata is not cached yet, lets npm fetch it.
 * A machine whose cache holds only `npm ci`'s tarballs (no registry metadata) makes the offline
 * attempt fail as ENOTCACHED, or as ERESOLVE naming a dependency `@undefined`.
 */
async function npmInstall(cwd: string, tarball: string): Promise<void> {
  try {
    await run('npm', ['install', tarball, '--offline', ...NPM_QUIET], { cwd });
  } catch (err) {
    if (!/ENOTCACHED|ERESOLVE[\s\S]*@undefined/.test(String((err as { stderr?: string }).stderr))) throw err;
    await run('npm', ['install', tarball, '--prefer-offline', ...NPM_QUIET], { cwd });
  }
}

/** The package's operator command line, as an administrator runs it in the host's directory. */
async function brokerstarDav(hostDir: string, databaseUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['--no-install', 'brokerstar-dav', ...args], {
    cwd: hostDir, env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return stdout;
}

/** BrokerStar's database as the customer has it: the CRM tables with data, no trace of the plugin. */
async function prepareBrokerStarDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest(referenceCrmMigrations(CrmSchema.reference));
  await knex.schema.dropTable('brokerstar_crm_reference_migrations');
  await knex.schema.dropTable('brokerstar_crm_reference_migrations_lock');
  await seedDemoData(knex);
}

/** Every table's definition plus the host's migration rows: what install/uninstall must leave alone. */
async function schemaDump(knex: Knex): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  const [tables] = await knex.raw('SHOW TABLES');
  for (const row of tables as Array<Record<string, string>>) {
    const name = Object.values(row)[0] as string;
    const [[create]] = await knex.raw('SHOW CREATE TABLE ??', [name]);
    dump[name] = String((create as Record<string, string>)['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
  }
  dump['rows:knex_migrations'] = await knex('knex_migrations').select('name', 'batch').orderBy('id');
  return dump;
}

function startHost(hostDir: string, databaseUrl: string): Promise<{ origin: string; child: ChildProcess; output(): string }> {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: hostDir,
    // No tsx loader may leak into the host: it runs the package's compiled JavaScript only.
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const match = /Host listening on (http:\/\/\S+)/.exec(log);
      if (match) resolvePromise({ origin: match[1]!, child, output: () => log });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the example host exited (${code}):\n${log}`)));
  });
}

if (testDatabaseNames().includes('mysql')) {
  describe('The packed package in a host application [mysql]', function () {
    this.timeout(180_000);
    const work = mkdtempSync(join(tmpdir(), 'bsdav-packed-'));
    const hostDir = join(work, 'host-app');
    const tsDir = join(work, 'host-ts');
    const dbName = `bsdav_pkg_${process.pid}_${Date.now().toString(36)}`;
    const databaseUrl = `${MYSQL_SERVER_URL}/${dbName}`;
    let admin: Knex;
    let knex: Knex;
    let host: { origin: string; child: ChildProcess; output(): string } | undefined;

    before(async () => {
      await run('npm', ['run', 'build', '--silent'], { cwd: REPO });
      await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, ...NPM_QUIET], { cwd: REPO });
      const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
      cpSync(join(REPO, 'examples/host-app'), hostDir, { recursive: true });
      cpSync(join(REPO, 'examples/host-ts'), tsDir, { recursive: true });
      await Promise.all([npmInstall(hostDir, tarball), npmInstall(tsDir, tarball)]);

      admin = knexFactory({ client: 'mysql2', connection: `${MYSQL_SERVER_URL}/` });
      await admin.raw(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      knex = knexFactory({ client: 'mysql2', connection: { uri: databaseUrl, timezone: 'Z', dateStrings: true } as Knex.MySql2ConnectionConfig });
    });

    after(async () => {
      host?.child.kill('SIGTERM');
      await knex?.destroy();
      await admin?.raw(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin?.destroy();
      rmSync(work, { recursive: true, force: true });
    });

    it('a TypeScript host (moduleResolution NodeNext) type-checks against the installed package', async () => {
      const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: tsDir }).then(() => 'ok', (err: { stdout?: string }) => err.stdout ?? String(err));
      expect(result).to.equal('ok');
    });

    it('the host migrates itself, the plugin installs beside it, devices sync, the host keeps its routes, uninstall leaves the host\'s tables', async () => {
      // The host's own migrations (knex's default knex_migrations table) through its own npm script.
      await run('npm', ['run', 'migrate', '--silent'], { cwd: hostDir, env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl } });
      await knex('host_notes').insert({ text: 'written by the host before the plugin came' });
      const hostMigrations = await knex('knex_migrations').select('name', 'batch').orderBy('id');
      expect(hostMigrations.map((m) => m.name)).to.deep.equal(['20261201_001_host_notes.js']);

      await prepareBrokerStarDatabase(knex);
      const before = await schemaDump(knex);
      // An administrator who forgets DATABASE_URL in a MySQL host (no better-sqlite3) is told what to set.
      const { DATABASE_URL: _unset, ...withoutUrl } = process.env;
      const forgotten = await run('npx', ['--no-install', 'brokerstar-dav', 'install', '--check'], { cwd: hostDir, env: { ...withoutUrl, NODE_OPTIONS: '' } })
        .then(() => null, (err: { code?: number; stderr?: string }) => err);
      expect(forgotten?.code).to.equal(1);
      expect(forgotten?.stderr).to.contain('better-sqlite3 is not installed').and.to.contain('DATABASE_URL=mysql://');
      expect(forgotten?.stderr).to.not.contain('Require stack');
      // Before install: a command needing the plugin's tables names install, as the installed bin is run.
      const early = await run('npx', ['--no-install', 'brokerstar-dav', 'diagnose', 'max.muster'], { cwd: hostDir, env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl } })
        .then(() => null, (err: { code?: number; stderr?: string }) => err);
      expect(early?.code).to.equal(1);
      expect(early?.stderr).to.contain('BrokerStar DAV is not installed in this database').and.to.contain('Run "npx brokerstar-dav install --check"');
      expect(await brokerstarDav(hostDir, databaseUrl, '--help')).to.contain('Usage: npx brokerstar-dav <command>').and.to.contain('install [--check]');
      // The start-up and install messages point at docs/install.md: the package ships it.
      expect(existsSync(join(hostDir, 'node_modules/brokerstar-dav/docs/install.md'))).to.equal(true);
      const check = await brokerstarDav(hostDir, databaseUrl, 'install', '--check');
      expect(check).to.contain('Check passed: nothing was changed.');
      expect(await schemaDump(knex)).to.deep.equal(before);
      expect(await brokerstarDav(hostDir, databaseUrl, 'install')).to.match(/^Installed: /);
      expect((await brokerstarDav(hostDir, databaseUrl, 'install')).trim()).to.equal('Already installed: nothing to do.');
      host = await startHost(hostDir, databaseUrl);
      const { origin } = host;

      const credentials = { username: 'max.muster', password: 'demo' };
      const carddav = await createDAVClient({ serverUrl: origin, credentials, authMethod: 'Basic', defaultAccountType: 'carddav' });
      const books = await carddav.fetchAddressBooks();
      expect(books.map((b) => new URL(b.url).pathname)).to.deep.equal(['/dav/addressbooks/max.muster/brokerstar/']);
      const cards = await carddav.fetchVCards({ addressBook: books[0]! });
      expect(cards.length).to.be.greaterThan(10);
      for (const card of cards) expect(card.data).to.match(/^BEGIN:VCARD/);

      const caldav = await createDAVClient({ serverUrl: origin, credentials, authMethod: 'Basic', defaultAccountType: 'caldav' });
      const calendars = await caldav.fetchCalendars();
      const events = calendars.find((c) => c.components?.includes('VEVENT'))!;
      const objects = await caldav.fetchCalendarObjects({ calendar: events });
      expect(objects.length).to.be.greaterThan(0);
      for (const o of objects) expect(o.data).to.contain('BEGIN:VEVENT');

      // A device write through the host's global koa-body: PUT, read back, DELETE.
      const uid = `packed-host-${process.pid}`;
      const vcard = ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, 'FN:Petra Paket', 'N:Paket;Petra;;;', 'TEL;TYPE=CELL:+41 79 123 45 67', 'END:VCARD', ''].join('\r\n');
      const created = await carddav.createVCard({ addressBook: books[0]!, filename: `${uid}.vcf`, vCardString: vcard });
      expect(created.status).to.equal(201);
      const afterPut = await carddav.fetchVCards({ addressBook: books[0]! });
      const mine = afterPut.find((c) => c.url.endsWith(`/${uid}.vcf`));
      expect(mine?.data).to.contain('FN:Petra Paket');
      expect(await knex('contacts').where({ last_name: 'Paket', first_name: 'Petra' }).count({ n: '*' }).first()).to.deep.equal({ n: 1 });
      const deleted = await carddav.deleteVCard({ vCard: { url: mine!.url, etag: mine!.etag ?? '' } });
      expect(deleted.status).to.equal(204);
      expect((await carddav.fetchVCards({ addressBook: books[0]! })).some((c) => c.url.endsWith(`/${uid}.vcf`))).to.equal(false);

      // The host's own pages and routes, its body parser included, still answer.
      const home = await fetch(`${origin}/`);
      expect(home.status).to.equal(200);
      expect(await home.text()).to.contain('<h1>Host application</h1>');
      const posted = await fetch(`${origin}/notes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'via koa-body' }) });
      expect(posted.status).to.equal(201);
      const notes = (await (await fetch(`${origin}/notes`)).json()) as { text: string }[];
      expect(notes.map((n) => n.text)).to.deep.equal(['written by the host before the plugin came', 'via koa-body']);

      // The example passes pino as its logger: one JSON line per DAV request, never a password.
      const lines = host.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const put = lines.find((l) => l.method === 'PUT' && String(l.path).endsWith(`/${uid}.vcf`));
      expect(put).to.deep.include({ user: 'max.muster', status: 201, msg: 'request' });
      expect(put?.reqId).to.be.a('string');
      expect(lines.filter((l) => l.method === 'PROPFIND').length).to.be.greaterThan(1);
      expect(host.output()).to.not.contain('"demo"');
      host.child.kill('SIGTERM');
      host = undefined;
      expect(await brokerstarDav(hostDir, databaseUrl, 'uninstall')).to.match(/^Removed \d+ triggers/);
      // Every CRM table's definition and the host's migrations are exactly as before the install.
      expect(await schemaDump(knex)).to.deep.equal(before);
      expect(await knex('knex_migrations').select('name', 'batch').orderBy('id')).to.deep.equal(hostMigrations);
      expect((await knex('host_notes').select('text')).length).to.equal(2);
    });
  });
}
