import { expect } from 'chai';
import bcrypt from 'bcrypt';
import { forEachDatabase } from '../support/databases.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { cli } from './cliHarness.ts';

const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

forEachDatabase('cli: group, user, team', (db) => {
  const group = `Aussendienst ${tag}`;

  it('group create stores exactly the given flags', async () => {
    const run = await cli(db(), 'group', 'create', group, '--sync-contacts', '--sync-tasks', '--may-edit-contacts');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain(`Created group "${group}"`);
    const row = await db()('user_groups').where('name', group).first();
    expect([row.sync_contacts, row.sync_calendar, row.sync_tasks, row.may_edit_contacts, row.may_delete_contacts].map(Number))
      .to.deep.equal([1, 0, 1, 1, 0]);
  });

  it('group create refuses a duplicate name with exit code 1 and no stack trace', async () => {
    const run = await cli(db(), 'group', 'create', group);
    expect(run.code).to.equal(1);
    expect(run.err).to.contain('already exists');
    expect(run.err).not.to.match(/\n\s+at /);
  });

  it('user create normalises the login and stores a bcrypt hash, scope and mailing module', async () => {
    const run = await cli(db(), 'user', 'create', `  Eva.Tester-${tag} `, '--password', 'geheim', '--group', group,
      '--name', 'Eva Tester', '--email', 'eva@example.ch', '--scope', 'team', '--no-mailing-module');
    expect(run.code, run.err).to.equal(0);
    const row = await db()('users').where('login', `eva.tester-${tag}`).first();
    expect(row.display_name).to.equal('Eva Tester');
    expect(row.email).to.equal('eva@example.ch');
    expect(row.contact_scope).to.equal('TEAM');
    expect(Number(row.mailing_module_enabled)).to.equal(0);
    expect(await bcrypt.compare('geheim', row.password_hash)).to.equal(true);
    expect(run.out).to.contain('may sync: nothing');
  });

  it('user create defaults to scope OWN with the mailing module on', async () => {
    const run = await cli(db(), 'user', 'create', `otto-${tag}`, '--password', 'x', '--group', group);
    expect(run.code, run.err).to.equal(0);
    const row = await db()('users').where('login', `otto-${tag}`).first();
    expect(row.contact_scope).to.equal('OWN');
    expect(Number(row.mailing_module_enabled)).to.equal(1);
  });

  it('user create reports operator errors clearly', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['user', 'create', `x-${tag}`, '--password', 'p', '--group', 'Gibt es nicht'], /Unknown group/],
      [['user', 'create', 'bad/login', '--password', 'p', '--group', group], /not a BrokerStar login name/],
      [['user', 'create', `y-${tag}`, '--group', group], /No password: give --password-stdin/],
      [['user', 'create', `y-${tag}`, '--password', 'p', '--group', group, '--scope', 'SOME'], /--scope must be/],
      [['user', 'create', `otto-${tag}`, '--password', 'p', '--group', group], /already exists/],
      [['user', 'create', `y-${tag}`, '--password', 'p', '--group', group, '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(db(), ...argv);
      expect(run.code, argv.join(' ')).to.equal(1);
      expect(run.err, argv.join(' ')).to.match(message);
    }
  });

  it('user password replaces the hash; unknown logins fail', async () => {
    const run = await cli(db(), 'user', 'password', `OTTO-${tag}`, '--password', 'neu');
    expect(run.code, run.err).to.equal(0);
    const row = await db()('users').where('login', `otto-${tag}`).first();
    expect(await bcrypt.compare('neu', row.password_hash)).to.equal(true);
    const unknown = await cli(db(), 'user', 'password', `nobody-${tag}`, '--password', 'neu');
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.contain('Unknown user');
  });

  it('team add creates the team and adds every member, checking all logins first', async () => {
    const team = `Team Bern ${tag}`;
    const bad = await cli(db(), 'team', 'add', team, `otto-${tag}`, `ghost-${tag}`);
    expect(bad.code).to.equal(1);
    expect(await db()('teams').where('name', team).first()).to.equal(undefined);
    const run = await cli(db(), 'team', 'add', team, `otto-${tag}`, `eva.tester-${tag}`);
    expect(run.code, run.err).to.equal(0);
    const members = await db()('team_memberships as m').join('teams as t', 't.id', 'm.team_id').join('users as u', 'u.id', 'm.user_id')
      .where('t.name', team).orderBy('u.login').pluck('u.login');
    expect(members).to.deep.equal([`eva.tester-${tag}`, `otto-${tag}`]);
  });

  it('user list shows group, scope, teams and what each user may sync', async () => {
    const run = await cli(db(), 'user', 'list');
    expect(run.code, run.err).to.equal(0);
    const otto = run.out.split('\n').find((l) => l.startsWith(`otto-${tag}`));
    expect(otto).to.match(/OWN\s+on\s+yes\s+Team Bern .*contacts, tasks$/);
  });

  it('--help and unknown commands', async () => {
    const help = await cli(db(), '--help');
    expect(help.code).to.equal(0);
    expect(help.out).to.contain('user create <login>');
    // The options every command takes, wherever they stand.
    for (const option of ['--database URL', '--schema FILE', '--print-config']) expect(help.out).to.match(new RegExp(`^  ${option} `, 'm'));
    const userHelp = await cli(db(), 'user', '--help');
    expect(userHelp.out).to.contain('--no-mailing-module');
    const unknown = await cli(db(), 'frobnicate');
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.contain('Unknown command "frobnicate". Run "npx brokerstar-dav --help"');
  });

  it('--help lists install, uninstall and prune, each with its own text, and names the command as installed', async () => {
    const help = await cli(db(), '--help');
    expect(help.out).to.contain('Usage: npx brokerstar-dav <command> [options]');
    for (const command of ['install [--check]', 'uninstall', 'prune [--older-than 30d]']) expect(help.out).to.contain(`  ${command}`);
    const install = await cli(db(), 'install', '--help');
    expect(install.code).to.equal(0);
    expect(install.out).to.match(/^install \[--check\]\n/);
    expect(install.out).to.contain('docs/install.md');
    expect((await cli(db(), 'uninstall', '--help')).out).to.match(/^uninstall\n  Removes the plugin's triggers and tables/);
    expect((await cli(db(), 'prune', '--help')).out).to.match(/^prune \[--older-than 30d\]\n/);
    expect((await cli(db(), 'user', '--help')).out).to.contain('"npx brokerstar-dav user create … --password-stdin < secret.txt"');
  });

  it('in this repository (npm run cli) the hints name "npm run cli --"', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['frobnicate'], { db: async () => db(), out: (l) => out.push(l), err: (l) => err.push(l), clock: { now: () => new Date() }, invocation: 'npm run cli --' });
    expect(code).to.equal(1);
    expect(err.join('\n')).to.contain('Run "npm run cli -- --help" for the list of commands.');
    const help: string[] = [];
    await runCli(['--help'], { db: async () => db(), out: (l) => help.push(l), err: () => {}, clock: { now: () => new Date() }, invocation: 'npm run cli --' });
    expect(help.join('\n')).to.contain('Usage: npm run cli -- <command> [options]');
  });
});
