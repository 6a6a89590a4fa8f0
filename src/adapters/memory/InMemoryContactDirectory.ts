import { brokerStarContactVisibility, type Contact, type ContactFields, type ContactVisibilityRule } from '../../domain/index.ts';
import type { ContactDirectory, WrittenRecord } from '../../ports/index.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

/** A copy of the fields, so that callers cannot change stored state through arrays they passed or got. */
function copyFields(f: ContactFields): ContactFields {
  return {
    kind: f.kind, salutation: f.salutation, title: f.title, firstName: f.firstName, lastName: f.lastName,
    company: f.company, department: f.department, position: f.position, birthday: f.birthday, notes: f.notes,
    website: f.website, addresses: f.addresses.map((a) => ({ ...a })), phones: f.phones.map((p) => ({ ...p })),
    emails: f.emails.map((e) => ({ ...e })),
  };
}

/** Rows in `contact_addresses`, `contact_phones` and `contact_emails`: each write of one is journalled. */
function subRecordCount(f: ContactFields): number {
  return f.addresses.length + f.phones.length + f.emails.length;
}

function copyContact(c: Contact): Contact {
  return { ...copyFields(c), id: c.id, ownerId: c.ownerId, version: c.version, createdAt: new Date(c.createdAt), updatedAt: new Date(c.updatedAt) };
}

/**
 * {@link ContactDirectory} on an {@link InMemoryCrm}. Visibility applies the domain rule directly.
 * Versions and journal entries follow the database's triggers row by row: the contact row and every
 * sub-record row written (or deleted) bumps `version` once and journals the contact once, so a
 * contact has the same version here as in MySQL or SQLite after the same writes.
 */
export class InMemoryContactDirectory implements ContactDirectory {
  constructor(private readonly crm: InMemoryCrm, private readonly rule: ContactVisibilityRule = brokerStarContactVisibility) {}

  async get(id: number): Promise<Contact | null> {
    const contact = this.crm.contacts.get(id);
    return contact ? copyContact(contact) : null;
  }

  async getMany(ids: readonly number[]): Promise<Contact[]> {
    return [...new Set(ids)].flatMap((id) => {
      const contact = this.crm.contacts.get(id);
      return contact ? [copyContact(contact)] : [];
    });
  }

  async create(ownerId: number, fields: ContactFields): Promise<WrittenRecord> {
    this.crm.requireUser(ownerId);
    const now = this.crm.clock.now();
    const id = this.crm.nextId('contacts');
    const writes = 1 + subRecordCount(fields);
    this.crm.contacts.set(id, { ...copyFields(fields), id, ownerId, version: writes, createdAt: now, updatedAt: now });
    this.journalContact(id, writes);
    return { id, version: writes };
  }

  async update(id: number, fields: ContactFields): Promise<WrittenRecord | null> {
    const current = this.crm.contacts.get(id);
    if (!current) return null;
    // The row update, then sub-records replaced (deleted and inserted), as `KnexContactDirectory` does.
    const writes = 1 + subRecordCount(current) + subRecordCount(fields);
    const updated: Contact = {
      ...copyFields(fields), id, ownerId: current.ownerId, version: current.version + writes,
      createdAt: current.createdAt, updatedAt: this.crm.clock.now(),
    };
    this.crm.contacts.set(id, updated);
    this.journalContact(id, writes);
    return { id, version: updated.version };
  }

  async delete(id: number): Promise<boolean> {
    if (!this.crm.contacts.has(id)) return false;
    // As the `dav_contacts_bd` trigger: linked tasks are unlinked first, which changes their rendering.
    for (const task of this.crm.tasks.values()) {
      if (task.contactId !== id) continue;
      this.crm.tasks.set(task.id, { ...task, contactId: null, version: task.version + 1, updatedAt: this.crm.clock.now() });
      this.crm.journal.append('task', task.id);
    }
    this.crm.contacts.delete(id);
    // Shares go by cascade, which (on MySQL) fires no trigger: the contact's own entry covers them.
    this.crm.shares.delete(id);
    this.crm.journal.append('contact', id);
    return true;
  }

  async share(contactId: number, userId: number): Promise<void> {
    if (!this.crm.contacts.has(contactId)) throw new Error(`Unknown contact ${contactId} (foreign key).`);
    this.crm.requireUser(userId);
    const users = this.crm.shares.get(contactId) ?? new Set<number>();
    if (users.has(userId)) return;
    users.add(userId);
    this.crm.shares.set(contactId, users);
    this.crm.journal.append('contact_share', contactId, userId);
  }

  async unshare(contactId: number, userId: number): Promise<void> {
    if (this.crm.shares.get(contactId)?.delete(userId)) this.crm.journal.append('contact_share', contactId, userId);
  }

  async isVisibleTo(userId: number, contactId: number): Promise<boolean> {
    const contact = this.crm.contacts.get(contactId);
    const viewer = this.crm.viewer(userId);
    if (!contact || !viewer) return false;
    return this.rule.canSee(viewer, { ownerId: contact.ownerId, sharedWithUserIds: this.crm.shares.get(contactId) ?? new Set() });
  }

  async visibleAmong(userId: number, contactIds: readonly number[]): Promise<Set<number>> {
    const visible = new Set<number>();
    for (const id of new Set(contactIds)) if (await this.isVisibleTo(userId, id)) visible.add(id);
    return visible;
  }

  async visibleIds(userId: number): Promise<number[]> {
    const viewer = this.crm.viewer(userId);
    if (!viewer) return [];
    return [...this.crm.contacts.values()]
      .filter((c) => this.rule.canSee(viewer, { ownerId: c.ownerId, sharedWithUserIds: this.crm.shares.get(c.id) ?? new Set() }))
      .map((c) => c.id)
      .sort((a, b) => a - b);
  }

  private journalContact(id: number, times: number): void {
    for (let i = 0; i < times; i++) this.crm.journal.append('contact', id);
  }
}
