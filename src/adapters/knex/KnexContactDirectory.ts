import type { Knex } from 'knex';
import type { Contact, ContactFields } from '../../domain/index.ts';
import type { Clock, ContactDirectory, WrittenRecord } from '../../ports/index.ts';
import {
  CONTACT_COLUMNS, CONTACT_SUB_TABLES, addressFromRow, contactFieldsToRow, contactFromRows, emailFromRow,
  groupByContact, phoneFromRow, subRowsOf, type AddressRow, type ContactRow, type EmailRow, type PhoneRow,
} from './rows/contactRows.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { joinVersion, readVersion, versionColumn } from './schema/objectVersions.ts';
import { fitToColumns } from './schema/columnLimits.ts';
import { atomically, chunked, insertReturningId, toId, toSqlDateTime } from './sqlValues.ts';
import { compiledRows, padded, placeholders } from './compiledQueries.ts';
import { contactVisibleTo, visibleContactIdsQuery } from './visibleContactsQuery.ts';
import { systemClock } from './systemClock.ts';

type SubTable = keyof typeof CONTACT_SUB_TABLES;
const SUB_TABLES: readonly SubTable[] = ['addresses', 'phones', 'emails'];
/** As many value columns as the widest sub-record table (addresses) has besides contact_id. */
const VALUE_SLOTS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'] as const;

/**
 * {@link ContactDirectory} on BrokerStar's contacts and their sub-record tables (addresses, phones,
 * e-mails, shares), named by the installation's {@link CrmSchema}.
 *
 * The version is never written here: the triggers move it on for every change of the contact or its
 * sub-records (also for BrokerStar's own writes), so it is read back after each write (the version
 * alone: the caller has the fields it wrote).
 * Visibility is evaluated in SQL by {@link visibleContactIdsQuery}.
 */
export class KnexContactDirectory implements ContactDirectory {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly clock: Clock = systemClock,
    private readonly s: CrmSchema = CrmSchema.reference,
  ) {}

  async get(id: number): Promise<Contact | null> {
    return (await this.load(this.db, [id]))[0] ?? null;
  }

  async getMany(ids: readonly number[]): Promise<Contact[]> {
    const contacts: Contact[] = [];
    for (const chunk of chunked([...new Set(ids)])) contacts.push(...(await this.load(this.db, chunk)));
    return contacts;
  }

  async create(ownerId: number, fields: ContactFields): Promise<WrittenRecord> {
    return atomically(this.db, async (trx) => {
      const now = toSqlDateTime(this.clock.now());
      const id = await insertReturningId(trx, this.s.t('contacts'), this.s.row('contacts', await fitToColumns(trx, this.s, 'contacts', {
        ...contactFieldsToRow(fields), owner_id: ownerId, created_at: now, updated_at: now,
      })));
      await this.insertSubRows(trx, id, fields);
      return { id, version: await readVersion(trx, 'contact', id) };
    });
  }

  async update(id: number, fields: ContactFields): Promise<WrittenRecord | null> {
    const s = this.s;
    return atomically(this.db, async (trx) => {
      const changed = await trx(s.t('contacts')).where(s.c('contacts', 'id'), id)
        .update(s.row('contacts', await fitToColumns(trx, s, 'contacts', { ...contactFieldsToRow(fields), updated_at: toSqlDateTime(this.clock.now()) })));
      if (changed === 0) return null;
      // A list that changed is replaced as a whole (positions are the order the user sees); the
      // others stay as they are: a device edit rarely touches addresses, phones and e-mails at once,
      // and one read costs less than six writes (each a MySQL round trip, each journalled).
      const [current, wanted] = await Promise.all([this.subRecordsOf(trx, [id]), this.fittedSubRows(trx, id, fields)]);
      for (const key of SUB_TABLES) {
        const { table, columns } = CONTACT_SUB_TABLES[key];
        if (sameSubRecords(current[key] as unknown as Row[], wanted[key], columns)) continue;
        await trx(s.t(table)).where(s.c(table, 'contact_id'), id).delete();
        if (wanted[key].length > 0) await trx(s.t(table)).insert(wanted[key].map((r) => s.row(table, r)));
      }
      return { id, version: await readVersion(trx, 'contact', id) };
    });
  }

  async delete(id: number): Promise<boolean> {
    // Sub-records and shares go with it (the CRM's ON DELETE CASCADE); tasks keep living without the contact.
    return (await this.db(this.s.t('contacts')).where(this.s.c('contacts', 'id'), id).delete()) > 0;
  }

  async share(contactId: number, userId: number): Promise<void> {
    const s = this.s;
    await this.db(s.t('contact_shares')).insert(s.row('contact_shares', { contact_id: contactId, user_id: userId }))
      .onConflict([s.c('contact_shares', 'contact_id'), s.c('contact_shares', 'user_id')]).ignore();
  }

  async unshare(contactId: number, userId: number): Promise<void> {
    await this.db(this.s.t('contact_shares')).where(this.s.row('contact_shares', { contact_id: contactId, user_id: userId })).delete();
  }

  async isVisibleTo(userId: number, contactId: number): Promise<boolean> {
    const s = this.s;
    const row = await this.db(s.as('contacts', 'c')).where(s.c('contacts', 'id', 'c'), contactId)
      .where(contactVisibleTo(this.db, s, userId)).first(s.c('contacts', 'id', 'c'));
    return row !== undefined;
  }

  async visibleAmong(userId: number, contactIds: readonly number[]): Promise<Set<number>> {
    const s = this.s;
    const visible = new Set<number>();
    for (const chunk of chunked([...new Set(contactIds)])) {
      const rows: Array<{ id: unknown }> = await this.db(s.as('contacts', 'c')).whereIn(s.c('contacts', 'id', 'c'), chunk)
        .where(contactVisibleTo(this.db, s, userId)).select(`${s.c('contacts', 'id', 'c')} as id`);
      for (const r of rows) visible.add(toId(r.id));
    }
    return visible;
  }

  async visibleIds(userId: number): Promise<number[]> {
    const rows: Array<{ id: unknown }> = await visibleContactIdsQuery(this.db, this.s, userId).orderBy('visible.id');
    return rows.map((r) => toId(r.id));
  }

  private async insertSubRows(trx: Knex.Transaction, contactId: number, fields: ContactFields): Promise<void> {
    const rows = await this.fittedSubRows(trx, contactId, fields);
    for (const key of SUB_TABLES) {
      const table = CONTACT_SUB_TABLES[key].table;
      if (rows[key].length > 0) await trx(this.s.t(table)).insert(rows[key].map((r) => this.s.row(table, r)));
    }
  }

  /** The sub-record rows of `fields` (logical column names), cut to the columns' sizes as they will be stored. */
  private async fittedSubRows(trx: Knex.Transaction, contactId: number, fields: ContactFields): Promise<Record<SubTable, Row[]>> {
    const rows = subRowsOf(contactId, fields);
    const fitted = async (key: SubTable) => Promise.all(rows[key].map((r) => fitToColumns(trx, this.s, CONTACT_SUB_TABLES[key].table, r)));
    return { addresses: await fitted('addresses'), phones: await fitted('phones'), emails: await fitted('emails') };
  }

  /** Contacts among `ids` (at most one chunk) with sub-records and categories: three queries, the last two at once. */
  private async load(db: Knex | Knex.Transaction, ids: readonly number[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    const s = this.s;
    const id = s.c('contacts', 'id', 'c');
    const rows: ContactRow[] = await joinVersion(db(s.as('contacts', 'c')), 'contact', id)
      .whereIn(id, ids).orderBy(id).select(...s.select('contacts', CONTACT_COLUMNS, 'c'), versionColumn(db));
    if (rows.length === 0) return [];
    const found = rows.map((r) => toId(r.id));
    // Both after the contact rows, never before: sub-records at least as new as the version read
    // are re-rendered at the next change, older ones would be stored as current.
    const [sub, categories] = await Promise.all([this.subRecordsOf(db, found), this.categoriesOf(db, found)]);
    const addresses = groupByContact(sub.addresses, addressFromRow);
    const phones = groupByContact(sub.phones, phoneFromRow);
    const emails = groupByContact(sub.emails, emailFromRow);
    return rows.map((row) => {
      const contactId = toId(row.id);
      const contact = contactFromRows(row, addresses.get(contactId) ?? [], phones.get(contactId) ?? [], emails.get(contactId) ?? []);
      // Absent when the contact has none, as the in-memory directory leaves it.
      const own = categories.get(contactId);
      return own && own.length > 0 ? { ...contact, categories: own } : contact;
    });
  }

  /**
   * Addresses, phone numbers and e-mail addresses of the contacts in one statement (UNION ALL, each
   * table's values in the slots v1…v6): on MySQL one round trip instead of three, for every page of
   * contacts rendered and every contact read back after a write. Each table's rows come in its order
   * (contact, position, id).
   */
  private async subRecordsOf(db: Knex | Knex.Transaction, contactIds: readonly number[]): Promise<{ addresses: AddressRow[]; phones: PhoneRow[]; emails: EmailRow[] }> {
    const s = this.s;
    if (contactIds.length === 0) return { addresses: [], phones: [], emails: [] };
    const ids = padded(contactIds);
    const rows = await compiledRows<Record<string, unknown>>(db, s, `contact-sub-records:${ids.length}`, (p) => {
      const list = placeholders(p, ids.length);
      const branch = (key: SubTable) => {
        const { table, columns } = CONTACT_SUB_TABLES[key];
        const values = columns.filter((c) => c !== 'contact_id');
        return db(s.t(table)).whereIn(s.c(table, 'contact_id'), list).select(
          db.raw(`${SUB_TABLES.indexOf(key)} as sub`),
          `${s.c(table, 'contact_id')} as contact_id`, `${s.c(table, 'position')} as position`, `${s.c(table, 'id')} as id`,
          ...VALUE_SLOTS.map((slot, i) => (values[i] ? `${s.c(table, values[i])} as ${slot}` : db.raw(`NULL as ${slot}`))),
        );
      };
      return branch('addresses').unionAll([branch('phones'), branch('emails')]).orderBy([{ column: 'contact_id' }, { column: 'position' }, { column: 'id' }]);
    }, ids);
    const result = { addresses: [], phones: [], emails: [] } as Record<SubTable, Array<Record<string, unknown>>>;
    for (const r of rows) {
      const key = SUB_TABLES[Number(r.sub)]!;
      const values = CONTACT_SUB_TABLES[key].columns.filter((c) => c !== 'contact_id');
      result[key].push({ contact_id: r.contact_id, ...Object.fromEntries(values.map((c, i) => [c, r[VALUE_SLOTS[i]!]])) });
    }
    // The rows carry exactly each table's columns (CONTACT_SUB_TABLES), as the row types describe.
    return result as unknown as { addresses: AddressRow[]; phones: PhoneRow[]; emails: EmailRow[] };
  }

  /** The customer categories of the contacts (by name, sorted), one query. */
  private async categoriesOf(db: Knex | Knex.Transaction, contactIds: readonly number[]): Promise<Map<number, string[]>> {
    const s = this.s;
    if (contactIds.length === 0) return new Map();
    const ids = padded(contactIds);
    const rows = await compiledRows<{ contact_id: unknown; name: string }>(db, s, `contact-categories:${ids.length}`, (p) => db(s.as('contact_category_links', 'l'))
      .join(s.as('contact_categories', 'k'), s.c('contact_categories', 'id', 'k'), s.c('contact_category_links', 'category_id', 'l'))
      .whereIn(s.c('contact_category_links', 'contact_id', 'l'), placeholders(p, ids.length))
      .orderBy([{ column: s.c('contact_category_links', 'contact_id', 'l') }, { column: s.c('contact_categories', 'name', 'k') }])
      .select(`${s.c('contact_category_links', 'contact_id', 'l')} as contact_id`, `${s.c('contact_categories', 'name', 'k')} as name`), ids);
    const byContact = new Map<number, string[]>();
    for (const r of rows) byContact.set(toId(r.contact_id), [...(byContact.get(toId(r.contact_id)) ?? []), r.name]);
    return byContact;
  }
}

type Row = Record<string, unknown>;

/** Whether the stored rows (in their order) hold exactly the values of the wanted rows (in theirs). */
function sameSubRecords(stored: readonly Row[], wanted: readonly Row[], columns: readonly string[]): boolean {
  if (stored.length !== wanted.length) return false;
  const value = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return stored.every((row, i) => columns.every((c) => c === 'contact_id' || value(row[c]) === value(wanted[i]![c])));
}
