import { expect } from 'chai';
import { buildContainer } from '../../src/container.ts';
import { SystemClock } from '../../src/adapters/system/SystemClock.ts';
import { KnexUserDirectory } from '../../src/adapters/knex/KnexUserDirectory.ts';
import { InMemoryUserDirectory } from '../../src/adapters/memory/index.ts';
import { TOKENS } from '../../src/ports/index.ts';
import { forEachDatabase } from '../support/databases.ts';

/** Ports bound by every storage choice. */
const CRM_PORTS = [TOKENS.Clock, TOKENS.UserDirectory, TOKENS.ContactDirectory, TOKENS.AppointmentBook, TOKENS.TaskList] as const;
/** Ports of the DAV side's own tables, which only the database storage has. */
const DAV_STORAGE_PORTS = [TOKENS.ObjectStore, TOKENS.SyncIndex, TOKENS.Transactions] as const;

describe('container with memory storage', () => {
  it('resolves every CRM port to the in-memory adapters, once per container', async () => {
    const container = await buildContainer({ memory: true });
    for (const token of CRM_PORTS) expect(container.get(token), String(token)).to.be.an('object');
    expect(container.get(TOKENS.Clock)).to.be.instanceOf(SystemClock);
    expect(container.get(TOKENS.UserDirectory)).to.be.instanceOf(InMemoryUserDirectory);
    expect(container.get(TOKENS.UserDirectory)).to.equal(container.get(TOKENS.UserDirectory));
  });

  it('shares one in-memory CRM between the adapters of a container, not between containers', async () => {
    const a = await buildContainer({ memory: true });
    const b = await buildContainer({ memory: true });
    const groupId = await a.get(TOKENS.UserDirectory).createGroup({
      name: 'Berater', syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true,
    });
    const user = await a.get(TOKENS.UserDirectory).createUser({
      login: 'max.muster', password: 'demo', displayName: 'Max', email: null, groupId, mailingModuleEnabled: true, contactScope: 'OWN',
    });
    const contact = await a.get(TOKENS.ContactDirectory).create(user.id, {
      kind: 'person', salutation: null, title: null, firstName: 'Hans', lastName: 'Müller', company: null, department: null,
      position: null, birthday: null, notes: null, website: null, addresses: [], phones: [], emails: [],
    });
    expect(await a.get(TOKENS.ContactDirectory).visibleIds(user.id)).to.deep.equal([contact.id]);
    expect(await b.get(TOKENS.UserDirectory).findByLogin('max.muster')).to.equal(null);
  });
});

forEachDatabase('container with knex storage', (db) => {
  it('resolves every port to the knex adapters on the given instance', async () => {
    const container = await buildContainer({ knex: db() });
    for (const token of [...CRM_PORTS, ...DAV_STORAGE_PORTS]) expect(container.get(token), String(token)).to.be.an('object');
    expect(container.get(TOKENS.UserDirectory)).to.be.instanceOf(KnexUserDirectory);
    const id = await container.get(TOKENS.UserDirectory).createGroup({
      name: 'Container-Test', syncContacts: false, syncCalendar: true, syncTasks: false, mayEditContacts: false, mayDeleteContacts: false,
    });
    const row = await db()('user_groups').where('id', id).first();
    expect(row.name).to.equal('Container-Test');
  });
});
