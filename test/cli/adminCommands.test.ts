import { expect } from 'chai';
import { knexLoginFailures } from '../../src/adapters/knex/KnexLoginFailures.ts';
import { DEFAULT_THROTTLE_POLICY } from '../../src/domain/index.ts';
import bcrypt from 'bcrypt';
import { forEachDatabase } from '../support/databases.ts';
import { seedDemoData } from '../support/davApp.ts';
import { cli, cliWithInput } from './cliHarness.ts';

const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

forEachDatabase('cli: administering users, teams and groups', (db) => {
  const group = `Innendienst ${tag}`;
  const other = `Aussendienst ${tag}`;
  const login = `vera-${tag}`;

  before(async () => {
    await seedDemoData(db());
    expect((await cli(db(), 'group', 'create', group, '--sync-contacts')).code).to.equal(0);
    expect((await cli(db(), 'group', 'create', other, '--sync-contacts', '--sync-calendar')).code).to.equal(0);
  });

  const hashOf = async (l: string) => String((await db()('users').where('login', l).first('password_hash')).password_hash);

  it('user create reads the password from standard input (--password-stdin), first line only', async () => {
    const run = await cliWithInput(db(), { stdin: 'Sehr-Geheim-1\n' }, 'user', 'create', login, '--group', group, '--password-stdin');
    expect(run.code, run.err).to.equal(0);
    expect(await bcrypt.compare('Sehr-Geheim-1', await hashOf(login))).to.equal(true);
  });

  it('user password asks twice on the terminal and refuses a mismatch', async () => {
    const mismatch = await cliWithInput(db(), { prompts: ['neu-1', 'neu-2'] }, 'user', 'password', login);
    expect(mismatch.code).to.equal(1);
    expect(mismatch.err).to.contain('do not match');
    const ok = await cliWithInput(db(), { prompts: ['Neu-Passwort-2', 'Neu-Passwort-2'] }, 'user', 'password', login);
    expect(ok.code, ok.err).to.equal(0);
    expect(await bcrypt.compare('Neu-Passwort-2', await hashOf(login))).to.equal(true);
  });

  it('without a terminal and without --password-stdin the password is refused, not read from nowhere', async () => {
    const run = await cli(db(), 'user', 'password', login);
    expect(run.code).to.equal(1);
    expect(run.err).to.contain('--password-stdin');
  });

  it('user update changes only what is given (group, scope, name, e-mail, mailing module, active)', async () => {
    const run = await cli(db(), 'user', 'update', login, '--group', other, '--scope', 'team', '--name', 'Vera Muster', '--email', 'vera@example.ch', '--no-mailing-module');
    expect(run.code, run.err).to.equal(0);
    const row = await db()('users').where('login', login).first();
    const otherId = (await db()('user_groups').where('name', other).first('id')).id;
    expect(Number(row.group_id)).to.equal(Number(otherId));
    expect(row).to.include({ contact_scope: 'TEAM', display_name: 'Vera Muster', email: 'vera@example.ch' });
    expect(Number(row.mailing_module_enabled)).to.equal(0);
    expect(Number(row.active)).to.equal(1);
    expect(run.out).to.contain('mailing module off');
    const back = await cli(db(), 'user', 'update', login, '--mailing-module', '--no-email');
    expect(back.code, back.err).to.equal(0);
    expect((await db()('users').where('login', login).first()).email).to.equal(null);
    expect((await cli(db(), 'user', 'update', login)).err).to.contain('Nothing to change');
    expect((await cli(db(), 'user', 'update', login, '--active', '--inactive')).err).to.contain('either --active or --inactive');
  });

  it('user deactivate and activate switch the account', async () => {
    expect((await cli(db(), 'user', 'deactivate', login)).code).to.equal(0);
    expect(Number((await db()('users').where('login', login).first()).active)).to.equal(0);
    const diagnosed = await cli(db(), 'diagnose', login);
    expect(diagnosed.out).to.match(/Account active:\s+NO/).and.contain(`user activate ${login}`);
    expect((await cli(db(), 'user', 'activate', login)).code).to.equal(0);
    expect(Number((await db()('users').where('login', login).first()).active)).to.equal(1);
  });

  it('user list --json lists users as data', async () => {
    const run = await cli(db(), 'user', 'list', '--json');
    expect(run.code, run.err).to.equal(0);
    const users = JSON.parse(run.out) as Array<{ login: string; group: string; mailingModule: boolean; maySync: string[] }>;
    expect(users.find((u) => u.login === 'peter.ohne')).to.deep.include({ group: 'Berater', mailingModule: false, maySync: [] });
    expect(users.find((u) => u.login === 'anna.beispiel')?.maySync).to.deep.equal(['contacts', 'tasks']);
  });

  it('team remove takes users out of a team and says when they were not in it', async () => {
    const team = `Team ${tag}`;
    expect((await cli(db(), 'team', 'add', team, login, 'sandra.keller')).code).to.equal(0);
    const run = await cli(db(), 'team', 'remove', team, login);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain(`Removed ${login} from team "${team}"`);
    expect((await cli(db(), 'team', 'remove', team, login)).out).to.contain('was not in team');
    const members = await db()('team_memberships as m').join('teams as t', 't.id', 'm.team_id').join('users as u', 'u.id', 'm.user_id')
      .where('t.name', team).pluck('u.login');
    expect(members).to.deep.equal(['sandra.keller']);
  });

  it('group update switches flags on and off and renames', async () => {
    const run = await cli(db(), 'group', 'update', group, '--sync-calendar', '--no-sync-contacts', '--may-edit-contacts');
    expect(run.code, run.err).to.equal(0);
    const row = await db()('user_groups').where('name', group).first();
    expect([row.sync_contacts, row.sync_calendar, row.sync_tasks, row.may_edit_contacts].map(Number)).to.deep.equal([0, 1, 0, 1]);
    const renamed = `${group} neu`;
    expect((await cli(db(), 'group', 'update', group, '--rename', renamed)).code).to.equal(0);
    expect(await db()('user_groups').where('name', renamed).first()).to.not.equal(undefined);
    expect((await cli(db(), 'group', 'update', renamed, '--rename', other)).err).to.contain('already exists');
  });

  it('user delete needs --yes, refuses a user who owns contacts, and deletes one who owns nothing', async () => {
    expect((await cli(db(), 'user', 'delete', login)).err).to.contain('--yes');
    const owner = await cli(db(), 'user', 'delete', 'peter.ohne', '--yes');
    expect(owner.code).to.equal(1);
    expect(owner.err).to.match(/still owns \d+ contacts/).and.contain('deactivate');
    const run = await cli(db(), 'user', 'delete', login, '--yes');
    expect(run.code, run.err).to.equal(0);
    expect(await db()('users').where('login', login).first()).to.equal(undefined);
  });
});

forEachDatabase('cli: diagnose', (db) => {
  before(async () => seedDemoData(db()));

  it('diagnose peter.ohne names the mailing module, the texts his devices get and the fix', async () => {
    const run = await cli(db(), 'diagnose', 'peter.ohne');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(/Mailing module:\s+OFF/);
    expect(run.out).to.contain('[de] Die Synchronisierung gehört zum BrokerStar Mailing-Modul');
    expect(run.out).to.contain('[en] Synchronisation is part of the BrokerStar mailing module');
    expect(run.out).to.contain('user update peter.ohne --mailing-module');
  });

  it('diagnose anna.beispiel names the calendar flag of her group Assistenz and what each collection holds', async () => {
    const run = await cli(db(), 'diagnose', 'Anna.Beispiel');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(/calendar\s+group flag "Kalender synchronisieren" of "Assistenz": OFF — NOT synced/);
    expect(run.out).to.contain('[de] Die Benutzergruppe "Assistenz" erlaubt "Kalender synchronisieren" nicht.');
    expect(run.out).to.match(/contacts\s+group flag "Kontakte synchronisieren" of "Assistenz": on — synced, \d+ objects/);
    expect(run.out).to.match(/scope OWN: \d+ own, \d+ shared with anna\.beispiel/);
    expect(run.out).to.contain('group update Assistenz --sync-calendar');
  });

  it('diagnose --json gives the same facts as data, with counts matching what the server would sync', async () => {
    const run = await cli(db(), 'diagnose', 'max.muster', '--json');
    expect(run.code, run.err).to.equal(0);
    const d = JSON.parse(run.out) as { account: { maySync: boolean }; scope: string; teamMates: string[]; collections: Array<{ kind: string; synced: boolean; objects: number; breakdown: Record<string, number> }> };
    expect(d.account.maySync).to.equal(true);
    expect(d.scope).to.equal('TEAM');
    expect(d.teamMates).to.include('sandra.keller');
    const contacts = d.collections.find((c) => c.kind === 'contacts')!;
    const max = (await db()('users').where('login', 'max.muster').first('id')).id;
    const assigned = await db()('appointment_assignees').where('user_id', max).count({ n: '*' }).first() as { n: unknown };
    expect(d.collections.find((c) => c.kind === 'calendar')!.objects).to.equal(Number(assigned.n));
    expect(contacts.synced).to.equal(true);
    expect(contacts.breakdown.own! + contacts.breakdown.teamMates! + contacts.breakdown.sharedWithUser!).to.equal(contacts.objects);
    expect(contacts.breakdown.teamMates).to.be.greaterThan(0);
  });

  it('diagnose shows the failed logins of the current window, shared with the server through the database', async () => {
    const failures = knexLoginFailures(db());
    for (let i = 0; i < 3; i++) await failures.record('sandra.keller', `198.51.100.${i}`, DEFAULT_THROTTLE_POLICY);
    const run = await cli(db(), 'diagnose', 'sandra.keller');
    expect(run.out).to.match(/Failed logins:\s+3 in the current 60-minute window/);
    expect(run.out).to.not.contain('THROTTLED');
  });

  it('diagnose of an unknown login says so', async () => {
    const run = await cli(db(), 'diagnose', 'niemand');
    expect(run.code).to.equal(1);
    expect(run.err).to.contain('Unknown user "niemand"');
  });
});
