import type { Knex } from 'knex';
import type { Contact, ContactFields } from '../../domain/index.ts';
import type { Clock, ContactDirectory } from '../../ports/index.ts';
import {
  CONTACT_COLUMNS, CONTACT_SUB_TABLES, addressFromRow, contactFieldsToRow, contactFromRows, emailFromRow,
  groupByContact, phoneFromRow, subRowsOf, type AddressRow, type ContactRow, type EmailRow, type PhoneRow,
} from './rows/contactRows.ts';
import { atomically, chunked, insertReturningId, toId, toSqlDateTime } from './sqlValues.ts';
import { contactVisibleTo, visibleContactIdsQuery } from './visibleContactsQuery.ts';
import { systemClock } from './systemClock.ts';

/**
 * {@link ContactDirectory} on BrokerStar's `contacts` table and its sub-record tables
 * (`contact_addresses`, `contact_phones`, `contact_emails`, `contact_shares`).
 *
 * `version` is never written here: the database's triggers bump it for every change of the contact
 * or its sub-records (also for BrokerStar's own writes), so the value is read back after each write.
 * Visibility is evaluated in SQL by {@link visibleContactIdsQuery}.
 */
export class KnexContactDirectory implements ContactDirectory {
  constructor(private readonly db: Knex | Knex.Transaction, private readonly clock: Clock = systemClock) {}

  async get(id: number): Promise<Contact | null> {
    return (await this.load(this.db, [id]))[0] ?? null;
  }

  async getMany(ids: readonly number[]): Promise<Contact[]> {
    const contacts: Contact[] = [];
    for (const chunk of chunked([...new Set(ids)])) contacts.push(...(await this.load(this.db, chunk)));
    return contacts;
  }

  async create(ownerId: number, fields: ContactFields): Promise<Contact> {
    return atomically(this.db, async (trx) => {
      const now = toSqlDateTime(this.clock.now());
      const id = await insertReturningId(trx, 'contacts', {
        ...contactFieldsToRow(fields), owner_id: ownerId, created_at: now, updated_at: now,
      });
      await this.insertSubRows(trx, id, fields);
      return this.reload(trx, id);
    });
  }

  async update(id: number, fields: ContactFields): Promise<Contact | null> {
    return atomically(this.db, async (trx) => {
      const changed = await trx('contacts').where('id', id)
        .update({ ...contactFieldsToRow(fields), updated_at: toSqlDateTime(this.clock.now()) });
      if (changed === 0) return null;
      // Replace rather than diff: positions are the order the user sees, and triggers journal the change.
      for (const { table } of Object.values(CONTACT_SUB_TABLES)) await trx(table).where('contact_id', id).delete();
      await this.insertSubRows(trx, id, fields);
      return this.reload(trx, id);
    });
  }

  async delete(id: number): Promise<boolean> {
    // Sub-records and shares go with it (ON DELETE CASCADE); tasks keep living without the contact.
    return (await this.db('contacts').where('id', id).delete()) > 0;
  }

  async share(contactId: number, userId: number): Promise<void> {
    await this.db('contact_shares').insert({ contact_id: contactId, user_id: userId })
      .onConflict(['contact_id', 'user_id']).ignore();
  }

  async unshare(contactId: number, userId: number): Promise<void> {
    await this.db('contact_shares').where({ contact_id: contactId, user_id: userId }).delete();
  }

  async isVisibleTo(userId: number, contactId: number): Promise<boolean> {
    const row = await this.db('contacts as c').where('c.id', contactId).where(contactVisibleTo(this.db, userId)).first('c.id');
    return row !== undefined;
  }

  async visibleIds(userId: number): Promise<number[]> {
    const rows: Array<{ id: unknown }> = await visibleContactIdsQuery(this.db, userId).orderBy('visible.id');
    return rows.map((r) => toId(r.id));
  }

  private async insertSubRows(trx: Knex.Transaction, contactId: number, fields: ContactFields): Promise<void> {
    const rows = subRowsOf(contactId, fields);
    for (const key of Object.keys(CONTACT_SUB_TABLES) as Array<keyof typeof CONTACT_SUB_TABLES>) {
      if (rows[key].length > 0) await trx(CONTACT_SUB_TABLES[key].table).insert(rows[key]);
    }
  }

  private async reload(db: Knex | Knex.Transaction, id: number): Promise<Contact> {
    const [contact] = await this.load(db, [id]);
    if (!contact) throw new Error(`Contact ${id} vanished during its own write.`);
    return contact;
  }

  /** Contacts among `ids` (at most one chunk) with sub-records: one query per table. */
  private async load(db: Knex | Knex.Transaction, ids: readonly number[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    const rows: ContactRow[] = await db('contacts').whereIn('id', ids).orderBy('id').select(...CONTACT_COLUMNS);
    if (rows.length === 0) return [];
    const found = rows.map((r) => toId(r.id));
    const sub = async <R>(key: keyof typeof CONTACT_SUB_TABLES): Promise<R[]> =>
      (await db(CONTACT_SUB_TABLES[key].table).whereIn('contact_id', found)
        .orderBy([{ column: 'contact_id' }, { column: 'position' }, { column: 'id' }])
        .select(...CONTACT_SUB_TABLES[key].columns)) as R[];
    const addresses = groupByContact(await sub<AddressRow>('addresses'), addressFromRow);
    const phones = groupByContact(await sub<PhoneRow>('phones'), phoneFromRow);
    const emails = groupByContact(await sub<EmailRow>('emails'), emailFromRow);
    return rows.map((row) => {
      const id = toId(row.id);
      return contactFromRows(row, addresses.get(id) ?? [], phones.get(id) ?? [], emails.get(id) ?? []);
    });
  }
}
