import { expect } from 'chai';
import type { Knex } from 'knex';
import { referenceCrmMigrations } from '../../src/adapters/knex/migrations/index.ts';
import { listTriggers } from '../../src/adapters/knex/install/install.ts';
import { dialectOf } from '../../src/adapters/knex/journal/triggerSql.ts';
import { CrmSchema } from '../../src/adapters/knex/schema/crmSchema.ts';
import { seedDemo } from '../../src/adapters/knex/seed/demoSeeder.ts';
import { runCli } from '../../src/cli/runCli.ts';
import knexFactory from 'knex';
import { knexConfig } from '../../src/adapters/knex/knexConfig.ts';
import { createTestDatabase, MYSQL_SERVER_URL, RENAMED_SCHEMA, testDatabaseNames } from '../support/databases.ts';
import { createDavApp, dav } from '../support/davApp.ts';

/** The host's own migrations table, as BrokerStar's knex set-up has it. */
async function addHostMigrations(knex: Knex): Promise<void> {
  await knex.schema.createTable('knex_migrations', (t) => {
    t.increments('id');
    t.string('name');
    t.integer('batch');
    t.timestamp('migration_time');
  });
  await knex('knex_migrations').insert([
    { name: '20190101_brokerstar_initial.js', batch: 1, migration_time: '2019-01-01 00:00:00' },
    { name: '20250301_brokerstar_policies.js', batch: 2, migration_time: '2025-03-01 00:00:00' },
  ]);
}

/** Everything an install could touch: every table's definition, the host's migrations, the triggers. */
async function schemaDump(knex: Knex): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  if (dialectOf(knex) === 'mysql') {
    const [tables] = await knex.raw('SHOW TABLES');
    for (const row of tables as Array<Record<string, string>>) {
      const name = Object.values(row)[0] as string;
      const [[create]] = await knex.raw('SHOW CREATE TABLE ??', [name]);
      // AUTO_INCREMENT counters move with data, not with DDL.
      dump[name] = String((create as Record<string, string>)['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
    }
  } else {
    for (const row of await knex('sqlite_master').whereNot('name', 'like', 'sqlite_%').orderBy('name').select('type', 'name', 'sql')) {
      dump[`${row.type}:${row.name}`] = row.sql;
    }
  }
  dump['rows:knex_migrations'] = await knex('knex_migrations').orderBy('id').select();
  dump.triggers = (await listTriggers(knex)).sort();
  return dump;
}

/** The vCard hrefs a device signing in as "Max.Muster" lists in its address book, sorted. */
async function listedContacts(knex: Knex): Promise<string[]> {
  const { app, close } = await createDavApp(knex);
  try {
    const res = await dav(app, 'PROPFIND', '/dav/addressbooks/max.muster/brokerstar/', { as: 'Max.Muster', depth: '1',
      body: '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' });
    expect(res.status, res.text).to.equal(207);
    return [...res.text.matchAll(/<(?:\w+:)?href>([^<]+\.vcf)<\/(?:\w+:)?href>/g)].map((m) => m[1]!).sort();
  } finally {
    await close();
  }
}

async function cli(knex: Knex, schema: CrmSchema, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    db: async () => knex, connect: async () => knex, schema,
    out: (l) => out.push(l), err: (l) => err.push(l), clock: { now: () => new Date() },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const variants = testDatabaseNames().flatMap((name) => [
  { name, schema: CrmSchema.reference, label: name },
  ...(name === 'mysql' ? [{ name, schema: RENAMED_SCHEMA, label: 'mysql, renamed CRM schema' }] : []),
]);

for (const { name, schema, label } of variants) {
  describe(`brokerstar-dav install into an existing BrokerStar database [${label}]`, function () {
    this.timeout(120_000);
    let handle: Awaited<ReturnType<typeof createTestDatabase>>;
    let crmBefore: Record<string, unknown>;

    before(async () => {
      handle = await createTestDatabase(name, { migrated: false });
      const knex = handle.knex;
      // BrokerStar as the customer runs it: CRM tables with data, and its own knex migrations.
      await knex.migrate.latest(referenceCrmMigrations(schema));
      await knex.schema.dropTable('brokerstar_crm_reference_migrations');
      await knex.schema.dropTable('brokerstar_crm_reference_migrations_lock');
      await addHostMigrations(knex);
      if (schema === CrmSchema.reference) await seedDemo(knex, new Date('2026-03-18T10:00:00Z'));
      crmBefore = await schemaDump(knex);
    });
    after(() => handle.destroy());

    it('install --check changes nothing and lists what install will create', async () => {
      const result = await cli(handle.knex, schema, 'install', '--check');
      expect(result.code, result.out + result.err).to.equal(0);
      expect(result.out).to.include('Check passed: nothing was changed.');
      expect(result.out).to.include('dav_change_journal');
      expect(result.out).to.match(/dav_contacts_au\s+AFTER UPDATE ON (bs_)?contacts/);
      expect(await schemaDump(handle.knex)).to.deep.equal(crmBefore);
    });

    if (schema === CrmSchema.reference) {
      it('before install, commands that need the plugin tables say it is not installed and name the commands, changing nothing', async () => {
        for (const argv of [['diagnose', 'max.muster'], ['app-password', 'list', 'max.muster']]) {
          const result = await cli(handle.knex, schema, ...argv);
          expect(result.code, argv.join(' ')).to.equal(1);
          expect(result.err).to.match(/^Error: BrokerStar DAV is not installed in this database \(its table (dav|brokerstar_dav)_\w+ is missing\)\. Run "npx brokerstar-dav install --check", then "npx brokerstar-dav install"\.$/);
          expect(result.err).not.to.match(/select|doesn't exist|no such table/i);
        }
        expect(await schemaDump(handle.knex)).to.deep.equal(crmBefore);
      });
    }

    if (name === 'mysql' && schema === CrmSchema.reference) {
      it('install --check counts privileges granted through the account\'s default role, nested roles too; an inactive role is named', async () => {
        // How a DBA may set BrokerStar's account up: privileges on roles, the account holding the role.
        const root = handle.knex;
        const [[current]] = (await root.raw('SELECT DATABASE() AS db')) as [Array<{ db: string }>];
        const db = current!.db;
        const tag = `${process.pid}_${Date.now().toString(36)}`;
        const [outer, inner, account] = [`bsdav_role_${tag}`, `bsdav_inner_${tag}`, `bsdav_acct_${tag}`];
        const asAccount = () => {
          const url = new URL(MYSQL_SERVER_URL);
          url.username = account;
          url.password = 'Role-Passw0rd';
          url.pathname = `/${db}`;
          return knexFactory(knexConfig({ client: 'mysql', url: url.toString() }, schema));
        };
        try {
          await root.raw(`CREATE ROLE ${inner}`);
          await root.raw(`GRANT TRIGGER, REFERENCES ON \`${db}\`.* TO ${inner}`);
          await root.raw(`CREATE ROLE ${outer}`);
          await root.raw(`GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP ON \`${db}\`.* TO ${outer}`);
          await root.raw(`GRANT ${inner} TO ${outer}`);
          await root.raw(`CREATE USER '${account}'@'%' IDENTIFIED BY 'Role-Passw0rd'`);
          await root.raw(`GRANT ${outer} TO '${account}'@'%'`);
          await root.raw(`SET DEFAULT ROLE ${outer} FOR '${account}'@'%'`);
          const active = asAccount();
          try {
            const result = await cli(active, schema, 'install', '--check');
            expect(result.code, result.out).to.equal(0);
            expect(result.out).to.include('Check passed: nothing was changed.');
          } finally {
            await active.destroy();
          }
          // Without the role active only what the account holds itself counts (here SELECT, so it can connect).
          await root.raw(`SET DEFAULT ROLE NONE FOR '${account}'@'%'`);
          await root.raw(`GRANT SELECT ON \`${db}\`.* TO '${account}'@'%'`);
          const inactive = asAccount();
          try {
            const result = await cli(inactive, schema, 'install', '--check');
            expect(result.code, result.err).to.equal(1);
            expect(result.out, result.err).to.match(/lacks these privileges .*: INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, TRIGGER, REFERENCES.*SET DEFAULT ROLE/);
          } finally {
            await inactive.destroy();
          }
        } finally {
          await root.raw(`DROP USER IF EXISTS '${account}'@'%'`);
          await root.raw(`DROP ROLE IF EXISTS ${outer}`);
          await root.raw(`DROP ROLE IF EXISTS ${inner}`);
        }
        expect(await schemaDump(root)).to.deep.equal(crmBefore);
      });
    }

    it('install --check names a missing CRM column and fails', async () => {
      const wrong = CrmSchema.of({ contacts: { table: schema.t('contacts'), columns: { last_name: 'nachname_fehlt' } } });
      const result = await cli(handle.knex, wrong, 'install', '--check');
      expect(result.code).to.equal(1);
      expect(result.out).to.match(/nachname_fehlt.*does not exist/);
      expect(await schemaDump(handle.knex)).to.deep.equal(crmBefore);
    });

    it('install --check names a missing customer link of appointments (appointments.contact_id, issue 13) and fails', async () => {
      const wrong = CrmSchema.of({ appointments: { table: schema.t('appointments'), columns: { contact_id: 'kunde_fehlt' } } });
      const result = await cli(handle.knex, wrong, 'install', '--check');
      expect(result.code).to.equal(1);
      expect(result.out).to.match(/kunde_fehlt.*\(appointments\.contact_id\) does not exist/);
      const ok = await cli(handle.knex, schema, 'install', '--check');
      expect(ok.out).to.match(/dav_ctx_contact_phones_au\s+AFTER UPDATE ON (bs_)?contact_phones/);
      expect(await schemaDump(handle.knex)).to.deep.equal(crmBefore);
    });

    it('install creates only the plugin tables and triggers; a second install is a no-op', async () => {
      const first = await cli(handle.knex, schema, 'install');
      expect(first.code, first.err).to.equal(0);
      expect(first.out).to.match(/^Installed: /);
      const afterFirst = await schemaDump(handle.knex);
      for (const [key, value] of Object.entries(crmBefore)) {
        if (key !== 'triggers') expect(afterFirst[key], key).to.deep.equal(value);
      }
      expect(await handle.knex.schema.hasTable('brokerstar_dav_migrations')).to.equal(true);
      expect((afterFirst.triggers as string[]).length).to.be.greaterThan(20);

      const second = await cli(handle.knex, schema, 'install');
      expect(second.out).to.equal('Already installed: nothing to do.');
      expect(await schemaDump(handle.knex)).to.deep.equal(afterFirst);
    });

    it('the installed triggers journal a web-app edit without changing the CRM row', async () => {
      const knex = handle.knex;
      const [groupId] = await knex(schema.t('user_groups')).insert(schema.row('user_groups', { name: `g-${label}` }));
      const [userId] = await knex(schema.t('users')).insert(schema.row('users', { login: `u-${label}`.replace(/\W/g, ''), password_hash: 'x', display_name: 'U', group_id: groupId }));
      const [contactId] = await knex(schema.t('contacts')).insert(schema.row('contacts', { owner_id: userId, last_name: 'Alt', updated_at: '2020-01-01 00:00:00.000' }));
      const seqBefore = Number((await knex('dav_sequence').first('value')).value);
      await knex(schema.t('contacts')).where(schema.c('contacts', 'id'), contactId).update(schema.row('contacts', { last_name: 'Neu' }));
      const row = await knex(schema.t('contacts')).where(schema.c('contacts', 'id'), contactId).first(`${schema.c('contacts', 'updated_at')} as u`);
      expect(String(row.u)).to.match(/^2020-01-01 00:00:00/);
      expect(Number((await knex('dav_sequence').first('value')).value)).to.equal(seqBefore + 1);
      expect(await knex('dav_change_journal').where('seq', seqBefore + 1).first('entity', 'entity_id'))
        .to.deep.include({ entity: 'contact' });
      await knex(schema.t('contacts')).where(schema.c('contacts', 'id'), contactId).delete();
      await knex(schema.t('users')).where(schema.c('users', 'id'), userId).delete();
      await knex(schema.t('user_groups')).where(schema.c('user_groups', 'id'), groupId).delete();
    });

    it('uninstall leaves every CRM table definition and the host migrations exactly as before', async () => {
      const result = await cli(handle.knex, schema, 'uninstall');
      expect(result.code, result.err).to.equal(0);
      expect(result.out).to.match(/^Removed \d+ triggers/);
      expect(await schemaDump(handle.knex)).to.deep.equal(crmBefore);
      const again = await cli(handle.knex, schema, 'uninstall');
      expect(again.out).to.equal('Nothing to remove: the plugin is not installed.');
    });

    // The demo data (its users and contacts) exists on the reference schema only.
    if (schema === CrmSchema.reference) it('after uninstall and a new install the CRM users sync again with the same contacts (README rehearsal step 4)', async () => {
      expect((await cli(handle.knex, schema, 'install')).code).to.equal(0);
      const before = await listedContacts(handle.knex);
      expect(before.length).to.be.greaterThan(5);
      expect((await cli(handle.knex, schema, 'uninstall')).code).to.equal(0);
      expect((await cli(handle.knex, schema, 'install')).code).to.equal(0);
      expect(await listedContacts(handle.knex)).to.deep.equal(before);
    });
  });
}
