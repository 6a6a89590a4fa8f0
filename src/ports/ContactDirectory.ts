import type { Contact, ContactFields } from '../domain/index.ts';
import type { WrittenRecord } from './WrittenRecord.ts';

/**
 * BrokerStar's contacts (the CRM rows: contact, addresses, phones, e-mails, shares).
 * Writes bump the contact's `version` and are journalled (see `ChangeJournal`); `create` and
 * `update` always write the contact's own row, so each journals the contact.
 */
export interface ContactDirectory {
  /** The contact, or `null` when it does not exist (visibility is not checked here). */
  get(id: number): Promise<Contact | null>;
  /** The contacts that exist among `ids`, in no particular order. */
  getMany(ids: readonly number[]): Promise<Contact[]>;
  /** Creates the contact with its sub-records; its id and version (read it with `get`). */
  create(ownerId: number, fields: ContactFields): Promise<WrittenRecord>;
  /** Replaces the CRM fields; the new version, or `null` when the contact does not exist. */
  update(id: number, fields: ContactFields): Promise<WrittenRecord | null>;
  /** Deletes the contact and its sub-records. Returns false when it did not exist. */
  delete(id: number): Promise<boolean>;
  /** Shares a contact with a user (idempotent). */
  share(contactId: number, userId: number): Promise<void>;
  unshare(contactId: number, userId: number): Promise<void>;
  /** Whether `userId` may see the contact under the installation's visibility rule. */
  isVisibleTo(userId: number, contactId: number): Promise<boolean>;
  /** Those of `contactIds` that `userId` may see: one evaluation for a batch (any number of ids). */
  visibleAmong(userId: number, contactIds: readonly number[]): Promise<Set<number>>;
  /** Ids of all contacts `userId` may see, ascending (evaluated in storage, not in memory). */
  visibleIds(userId: number): Promise<number[]>;
}
