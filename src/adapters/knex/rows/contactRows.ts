import type {
  AddressType, Contact, ContactFields, ContactKind, EmailAddress, EmailType, PhoneNumber, PhoneType, PostalAddress,
} from '../../../domain/index.ts';
import { fromSqlDateOrNull, fromSqlDateTime, toId } from '../sqlValues.ts';

export interface ContactRow {
  id: unknown; kind: ContactKind; salutation: string | null; title: string | null; first_name: string | null;
  last_name: string | null; company: string | null; department: string | null; position: string | null;
  birthday: unknown; notes: string | null; website: string | null; owner_id: unknown; version: unknown;
  created_at: unknown; updated_at: unknown;
}
export interface AddressRow {
  contact_id: unknown; type: AddressType; street: string | null; postal_code: string | null; city: string | null;
  region: string | null; country: string | null;
}
export interface PhoneRow { contact_id: unknown; type: PhoneType; number: string }
export interface EmailRow { contact_id: unknown; type: EmailType; address: string }

/** The CRM columns of a contact (its version comes from `dav_object_versions`). */
export const CONTACT_COLUMNS = [
  'id', 'kind', 'salutation', 'title', 'first_name', 'last_name', 'company', 'department', 'position', 'birthday',
  'notes', 'website', 'owner_id', 'created_at', 'updated_at',
] as const;

/** Sub-record tables (logical names), their selected columns; rows are kept in `position` order. */
export const CONTACT_SUB_TABLES = {
  addresses: { table: 'contact_addresses', columns: ['contact_id', 'type', 'street', 'postal_code', 'city', 'region', 'country'] },
  phones: { table: 'contact_phones', columns: ['contact_id', 'type', 'number'] },
  emails: { table: 'contact_emails', columns: ['contact_id', 'type', 'address'] },
} as const;

/** The scalar columns of a contact (sub-records and bookkeeping columns excluded). */
export function contactFieldsToRow(f: ContactFields): Record<string, unknown> {
  return {
    kind: f.kind, salutation: f.salutation, title: f.title, first_name: f.firstName, last_name: f.lastName,
    company: f.company, department: f.department, position: f.position, birthday: f.birthday?.slice(0, 10) ?? null,
    notes: f.notes, website: f.website,
  };
}

export function subRowsOf(contactId: number, f: ContactFields): Record<keyof typeof CONTACT_SUB_TABLES, Record<string, unknown>[]> {
  return {
    addresses: f.addresses.map((a, position) => ({
      contact_id: contactId, position, type: a.type, street: a.street, postal_code: a.postalCode, city: a.city,
      region: a.region, country: a.country,
    })),
    phones: f.phones.map((p, position) => ({ contact_id: contactId, position, type: p.type, number: p.number })),
    emails: f.emails.map((e, position) => ({ contact_id: contactId, position, type: e.type, address: e.address })),
  };
}

export function addressFromRow(r: AddressRow): PostalAddress {
  return { type: r.type, street: r.street, postalCode: r.postal_code, city: r.city, region: r.region, country: r.country };
}
export function phoneFromRow(r: PhoneRow): PhoneNumber {
  return { type: r.type, number: r.number };
}
export function emailFromRow(r: EmailRow): EmailAddress {
  return { type: r.type, address: r.address };
}

export function contactFromRows(
  row: ContactRow,
  addresses: readonly PostalAddress[],
  phones: readonly PhoneNumber[],
  emails: readonly EmailAddress[],
): Contact {
  return {
    id: toId(row.id),
    ownerId: toId(row.owner_id),
    version: toId(row.version),
    createdAt: fromSqlDateTime(row.created_at),
    updatedAt: fromSqlDateTime(row.updated_at),
    kind: row.kind,
    salutation: row.salutation,
    title: row.title,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    department: row.department,
    position: row.position,
    birthday: fromSqlDateOrNull(row.birthday),
    notes: row.notes,
    website: row.website,
    addresses,
    phones,
    emails,
  };
}

/** Groups rows by their `contact_id` (rows arrive ordered by contact and position). */
export function groupByContact<R extends { contact_id: unknown }, T>(rows: readonly R[], map: (r: R) => T): Map<number, T[]> {
  const byContact = new Map<number, T[]>();
  for (const row of rows) {
    const id = toId(row.contact_id);
    let list = byContact.get(id);
    if (!list) byContact.set(id, (list = []));
    list.push(map(row));
  }
  return byContact;
}
