import type { ContactFields } from '../../../src/domain/index.ts';
import { InMemoryAppointmentBook, InMemoryContactDirectory, InMemoryTaskList, type InMemoryCrm } from '../../../src/adapters/memory/index.ts';
import type { CrmFixture } from '../../contracts/syncIndex.contract.ts';

const contactFields = (lastName: string): ContactFields => ({
  kind: 'person', salutation: null, title: null, firstName: 'Hans', lastName, company: null, department: null,
  position: null, birthday: null, notes: null, website: null, addresses: [], phones: [], emails: [],
});

/**
 * The {@link CrmFixture} of the in-memory CRM, the counterpart of `sqlCrm`: it writes through the
 * in-memory CRM adapters and `InMemoryCrm`'s own mutations (which journal like the triggers), never
 * through the sync index, so the index must notice every change on its own. Users are stored
 * directly (no bcrypt: the index does not care about passwords, and hashing would slow the suite).
 */
export function memoryCrm(crm: InMemoryCrm): CrmFixture {
  const contacts = new InMemoryContactDirectory(crm);
  const appointments = new InMemoryAppointmentBook(crm);
  const tasks = new InMemoryTaskList(crm);
  let groupId: number | undefined;
  return {
    async user(scope = 'OWN') {
      if (groupId === undefined) {
        groupId = crm.nextId('user_groups');
        crm.groups.set(groupId, {
          id: groupId, name: `group-${groupId}`, syncContacts: true, syncCalendar: true, syncTasks: true, mayEditContacts: true, mayDeleteContacts: true,
        });
      }
      const id = crm.nextId('users');
      crm.users.set(id, {
        id, login: `user-${id}`, passwordHash: 'x', displayName: `user-${id}`, email: null, active: true,
        mailingModuleEnabled: true, contactScope: scope, groupId,
      });
      return id;
    },
    setScope: async (userId, scope) => crm.updateUser(userId, { contactScope: scope }),
    async joinTeam(teamName, userId) {
      let teamId = [...crm.teams].find(([, name]) => name === teamName)?.[0];
      if (teamId === undefined) crm.teams.set((teamId = crm.nextId('teams')), teamName);
      crm.addMembership(teamId, userId);
      return teamId;
    },
    leaveTeam: async (teamId, userId) => crm.removeMembership(teamId, userId),
    contact: async (ownerId, lastName = 'Muster') => (await contacts.create(ownerId, contactFields(lastName))).id,
    async renameContact(contactId, lastName) {
      const current = await contacts.get(contactId);
      if (!current) throw new Error(`No contact ${contactId}.`);
      await contacts.update(contactId, { ...current, lastName });
    },
    deleteContact: async (contactId) => { await contacts.delete(contactId); },
    share: (contactId, userId) => contacts.share(contactId, userId),
    unshare: (contactId, userId) => contacts.unshare(contactId, userId),
    async appointment(ownerId, assigneeIds) {
      const timing = { allDay: false as const, start: new Date('2026-01-05T09:00:00Z'), end: new Date('2026-01-05T10:00:00Z'), timeZone: 'Europe/Zurich' };
      return (await appointments.create(ownerId, assigneeIds, { title: 'Termin', location: null, description: null, timing, recurrenceRule: null })).id;
    },
    async task(ownerId, assigneeIds) {
      return (await tasks.create(ownerId, assigneeIds, {
        title: 'Aufgabe', description: null, due: null, dueAllDay: false, status: 'open', priority: 'normal',
        percentComplete: 0, completedAt: null, contactId: null,
      })).id;
    },
  };
}
