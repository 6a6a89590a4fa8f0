import bcrypt from 'bcrypt';
import { expect } from 'chai';
import { UserOwnsData } from '../../src/domain/index.ts';
import type { ContactDirectory, UserDirectory } from '../../src/ports/index.ts';
import { aGroup, aNewUser, createUser, minimalContactFields, unique } from '../support/mothers.ts';

export interface UserDirectorySubject {
  readonly users: UserDirectory;
  /** The contacts on the same storage (to give a user data that blocks deleting them). */
  readonly contacts: ContactDirectory;
}

/** The {@link UserDirectory} contract; call inside a `describe` with a factory for a fresh subject. */
export function userDirectoryContract(makeSubject: () => Promise<UserDirectorySubject>): void {
  let users: UserDirectory;
  let contacts: ContactDirectory;
  beforeEach(async () => {
    ({ users, contacts } = await makeSubject());
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

  it('updates only the given user fields and reports an unknown id', async () => {
    const other = aGroup();
    const otherId = await users.createGroup(other);
    const user = await createUser(users, 'OWN', { displayName: 'Alt', email: 'alt@example.ch' });
    const updated = await users.updateUser(user.id, { displayName: 'Neu Müller', groupId: otherId, contactScope: 'TEAM', mailingModuleEnabled: false });
    expect(updated).to.deep.equal({ ...user, displayName: 'Neu Müller', group: { id: otherId, ...other }, contactScope: 'TEAM', mailingModuleEnabled: false });
    expect(await users.findById(user.id)).to.deep.equal(updated);
    const deactivated = await users.updateUser(user.id, { active: false, email: null });
    expect(deactivated?.active).to.equal(false);
    expect(deactivated?.email).to.equal(null);
    expect(deactivated?.displayName).to.equal('Neu Müller');
    expect(await users.updateUser(987_654_321, { active: false })).to.equal(null);
  });

  it('deletes a user with their team memberships; an unknown id is reported', async () => {
    const user = await createUser(users);
    const mate = await createUser(users);
    const team = unique('team-del');
    await users.addToTeam(user.id, team);
    await users.addToTeam(mate.id, team);
    expect(await users.deleteUser(user.id)).to.equal(true);
    expect(await users.findById(user.id)).to.equal(null);
    expect(await users.findByLogin(user.login)).to.equal(null);
    expect([...(await users.teamMateIds(mate.id))]).to.deep.equal([mate.id]);
    expect(await users.deleteUser(user.id)).to.equal(false);
  });

  it('refuses to delete a user who still owns contacts, naming what they own', async () => {
    const owner = await createUser(users);
    await contacts.create(owner.id, minimalContactFields());
    let refused: unknown;
    try {
      await users.deleteUser(owner.id);
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(UserOwnsData);
    expect((refused as UserOwnsData).owned).to.deep.equal({ contacts: 1, appointments: 0, tasks: 0 });
    expect((await users.findById(owner.id))?.id).to.equal(owner.id);
  });

  it('removes a user from one team by name and reports when there was nothing to remove', async () => {
    const user = await createUser(users);
    const keep = unique('team-keep');
    const leave = unique('team-leave');
    const keepId = await users.addToTeam(user.id, keep);
    await users.addToTeam(user.id, leave);
    expect(await users.removeFromTeam(user.id, leave)).to.equal(true);
    expect((await users.findById(user.id))?.teamIds).to.deep.equal([keepId]);
    expect(await users.removeFromTeam(user.id, leave)).to.equal(false);
    expect(await users.removeFromTeam(user.id, unique('no-such-team'))).to.equal(false);
  });

  it('updates a group\'s name and flags; an unknown id is reported', async () => {
    const group = aGroup({ syncContacts: true, syncCalendar: false, syncTasks: false, mayEditContacts: false, mayDeleteContacts: false });
    const id = await users.createGroup(group);
    const renamed = unique('Assistenz neu');
    const updated = await users.updateGroup(id, { name: renamed, syncCalendar: true, mayEditContacts: true });
    expect(updated).to.deep.equal({ ...group, id, name: renamed, syncCalendar: true, mayEditContacts: true });
    expect(await users.findGroupByName(renamed)).to.deep.equal(updated);
    expect(await users.findGroupByName(group.name)).to.equal(null);
    const member = await createUser(users, 'OWN', { groupId: id });
    expect(member.group).to.deep.equal(updated);
    expect(await users.updateGroup(987_654_321, { syncTasks: true })).to.equal(null);
  });
}
