import bcrypt from 'bcrypt';
import { expect } from 'chai';
import type { UserDirectory } from '../../src/ports/index.ts';
import { aGroup, aNewUser, createUser, unique } from '../support/mothers.ts';

export interface UserDirectorySubject {
  readonly users: UserDirectory;
}

/** The {@link UserDirectory} contract; call inside a `describe` with a factory for a fresh subject. */
export function userDirectoryContract(makeSubject: () => Promise<UserDirectorySubject>): void {
  let users: UserDirectory;
  beforeEach(async () => {
    ({ users } = await makeSubject());
  });

  it('round-trips a group with its flags and finds it by exact name', async () => {
    const first = aGroup({ syncContacts: true, syncCalendar: false, syncTasks: true, mayEditContacts: false, mayDeleteContacts: true });
    const second = aGroup({ syncContacts: false, syncCalendar: true, syncTasks: false, mayEditContacts: true, mayDeleteContacts: false });
    const firstId = await users.createGroup(first);
    const secondId = await users.createGroup(second);
    expect(firstId).to.not.equal(secondId);
    expect(await users.findGroupByName(first.name)).to.deep.equal({ id: firstId, ...first });
    expect(await users.findGroupByName(second.name)).to.deep.equal({ id: secondId, ...second });
    expect(await users.findGroupByName(`${first.name}-x`)).to.equal(null);
  });

  it('rejects a second group with the same name', async () => {
    const group = aGroup();
    await users.createGroup(group);
    let failed = false;
    try {
      await users.createGroup(group);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it('round-trips every user field, umlauts and null e-mail included', async () => {
    const group = aGroup();
    const groupId = await users.createGroup(group);
    const input = aNewUser(groupId, {
      displayName: 'Jürg Müller (Zürich)', email: null, active: false, mailingModuleEnabled: true, contactScope: 'TEAM',
    });
    const created = await users.createUser(input);
    const expected = {
      id: created.id, login: input.login, displayName: 'Jürg Müller (Zürich)', email: null, active: false,
      mailingModuleEnabled: true, contactScope: 'TEAM', group: { id: groupId, ...group }, teamIds: [],
    };
    expect(created).to.deep.equal(expected);
    expect(await users.findById(created.id)).to.deep.equal(expected);
    expect(await users.findByLogin(input.login)).to.deep.equal(expected);
  });

  it('creates active users by default and keeps the e-mail', async () => {
    const user = await createUser(users, 'ALL', { email: 'anna@example.ch' });
    expect(user.active).to.equal(true);
    expect(user.email).to.equal('anna@example.ch');
    expect(user.contactScope).to.equal('ALL');
  });

  it('stores the normalised login', async () => {
    const login = unique('Anna.Muster');
    const user = await createUser(users, 'OWN', { login: `  ${login.toUpperCase()} ` });
    expect(user.login).to.equal(login.toLowerCase());
    expect((await users.findByLogin(login.toLowerCase()))?.id).to.equal(user.id);
  });

  it('returns null for unknown logins and ids', async () => {
    expect(await users.findByLogin(unique('nobody'))).to.equal(null);
    expect(await users.findCredentials(unique('nobody'))).to.equal(null);
    expect(await users.findById(987_654_321)).to.equal(null);
  });

  it('stores a bcrypt hash (cost 10) that verifies the password and nothing else', async () => {
    const user = await createUser(users, 'OWN', { password: 'Grüezi-mitenand!' });
    const credentials = await users.findCredentials(user.login);
    expect(credentials?.user).to.deep.equal(user);
    const hash = credentials?.passwordHash ?? '';
    expect(hash).to.match(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare('Grüezi-mitenand!', hash)).to.equal(true);
    expect(await bcrypt.compare('gruezi-mitenand!', hash)).to.equal(false);
  });

  it('sets a new password so that only the new one verifies', async () => {
    const user = await createUser(users, 'OWN', { password: 'alt-Passwort' });
    expect(await users.setPassword(user.login, 'neues-Passwört')).to.equal(true);
    const hash = (await users.findCredentials(user.login))?.passwordHash ?? '';
    expect(await bcrypt.compare('neues-Passwört', hash)).to.equal(true);
    expect(await bcrypt.compare('alt-Passwort', hash)).to.equal(false);
  });

  it('reports an unknown login when setting a password', async () => {
    expect(await users.setPassword(unique('ghost'), 'irrelevant')).to.equal(false);
  });

  it('creates teams on demand, reuses them by name and lists them on the user', async () => {
    const user = await createUser(users);
    const other = await createUser(users);
    const sales = unique('Verkauf Zürich');
    const service = unique('Kundendienst');
    const salesId = await users.addToTeam(user.id, sales);
    const serviceId = await users.addToTeam(user.id, service);
    expect(await users.addToTeam(other.id, sales)).to.equal(salesId);
    expect(await users.addToTeam(user.id, sales), 'adding twice is harmless').to.equal(salesId);
    expect(salesId).to.not.equal(serviceId);
    expect((await users.findById(user.id))?.teamIds).to.deep.equal([salesId, serviceId].sort((a, b) => a - b));
    expect((await users.findByLogin(other.login))?.teamIds).to.deep.equal([salesId]);
  });

  it('lists team mates across all teams, the user included', async () => {
    const [me, mate1, mate2, stranger] = [await createUser(users), await createUser(users), await createUser(users), await createUser(users)];
    const teamA = unique('team-a');
    const teamB = unique('team-b');
    await users.addToTeam(me.id, teamA);
    await users.addToTeam(mate1.id, teamA);
    await users.addToTeam(me.id, teamB);
    await users.addToTeam(mate2.id, teamB);
    await users.addToTeam(stranger.id, unique('team-c'));
    expect([...(await users.teamMateIds(me.id))].sort((a, b) => a - b)).to.deep.equal([me.id, mate1.id, mate2.id].sort((a, b) => a - b));
    expect([...(await users.teamMateIds(mate1.id))].sort((a, b) => a - b)).to.deep.equal([me.id, mate1.id].sort((a, b) => a - b));
    expect([...(await users.teamMateIds(stranger.id))]).to.deep.equal([stranger.id]);
  });

  it('counts a user without teams as their own only team mate', async () => {
    const loner = await createUser(users);
    expect([...(await users.teamMateIds(loner.id))]).to.deep.equal([loner.id]);
  });
}
