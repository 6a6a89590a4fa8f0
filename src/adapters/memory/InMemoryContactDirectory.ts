import { brokerStarContactVisibility, type Contact, type ContactFields, type ContactVisibilityRule } from '../../domain/index.ts';
import type { ContactDirectory } from '../../ports/index.ts';
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

function copyContact(c: Contact): Contact {
  return { ...copyFields(c), id: c.id, ownerId: c.ownerId, version: c.version, createdAt: new Date(c.createdAt), updatedAt: new Date(c.updatedAt) };
}

/**
 * {@link ContactDirectory} on an {@link InMemoryCrm}. Visibility applies the domain rule directly;
 * as there are no triggers here, `version` starts at 1 and is bumped by every update.
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

  async create(ownerId: number, fields: ContactFields): Promise<Contact> {
    this.crm.requireUser(ownerId);
    const now = this.crm.clock.now();
    const id = this.crm.nextId('contacts');
    this.crm.contacts.set(id, { ...copyFields(fields), id, ownerId, version: 1, createdAt: now, updatedAt: now });
    return copyContact(this.crm.contacts.get(id)!);
  }

  async update(id: number, fields: ContactFields): Promise<Contact | null> {
    const current = this.crm.contacts.get(id);
    if (!current) return null;
    const updated: Contact = {
      ...copyFields(fields), id, ownerId: current.ownerId, version: current.version + 1,
      createdAt: current.createdAt, updatedAt: this.crm.clock.now(),
    };
    this.crm.contacts.set(id, updated);
    return copyContact(updated);
  }

  async delete(id: number): Promise<boolean> {
    if (!this.crm.contacts.delete(id)) return false;
    this.crm.shares.delete(id);
    // As ON DELETE SET NULL on tasks.contact_id.
    for (const task of this.crm.tasks.values()) {
      if (task.contactId === id) this.crm.tasks.set(task.id, { ...task, contactId: null });
    }
    return true;
  }

  async share(contactId: number, userId: number): Promise<void> {
    if (!this.crm.contacts.has(contactId)) throw new Error(`Unknown contact ${contactId} (foreign key).`);
    this.crm.requireUser(userId);
    const users = this.crm.shares.get(contactId) ?? new Set<number>();
    users.add(userId);
    this.crm.shares.set(contactId, users);
  }

  async unshare(contactId: number, userId: number): Promise<void> {
    this.crm.shares.get(contactId)?.delete(userId);
  }

  async isVisibleTo(userId: number, contactId: number): Promise<boolean> {
    const contact = this.crm.contacts.get(contactId);
    const viewer = this.crm.viewer(userId);
    if (!contact || !viewer) return false;
    return this.rule.canSee(viewer, { ownerId: contact.ownerId, sharedWithUserIds: this.crm.shares.get(contactId) ?? new Set() });
  }

  async visibleIds(userId: number): Promise<number[]> {
    const viewer = this.crm.viewer(userId);
    if (!viewer) return [];
    return [...this.crm.contacts.values()]
      .filter((c) => this.rule.canSee(viewer, { ownerId: c.ownerId, sharedWithUserIds: this.crm.shares.get(c.id) ?? new Set() }))
      .map((c) => c.id)
      .sort((a, b) => a - b);
  }
}
