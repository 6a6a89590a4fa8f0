/** A BrokerStar contact: a person or a company, with the fields BrokerStar owns. */
export type ContactKind = 'person' | 'company';
export type AddressType = 'work' | 'home' | 'other';
export type PhoneType = 'work' | 'home' | 'mobile' | 'fax' | 'other';
export type EmailType = 'work' | 'home' | 'other';

export interface PostalAddress {
  readonly type: AddressType;
  readonly street: string | null;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly region: string | null;
  /** Country name as entered in BrokerStar, e.g. "Schweiz". */
  readonly country: string | null;
}

export interface PhoneNumber {
  readonly type: PhoneType;
  readonly number: string;
}

export interface EmailAddress {
  readonly type: EmailType;
  readonly address: string;
}

/** The CRM fields of a contact, without identity (used to create and update). */
export interface ContactFields {
  readonly kind: ContactKind;
  readonly salutation: string | null;
  readonly title: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly company: string | null;
  readonly department: string | null;
  readonly position: string | null;
  /** ISO date `YYYY-MM-DD`. */
  readonly birthday: string | null;
  readonly notes: string | null;
  readonly website: string | null;
  readonly addresses: readonly PostalAddress[];
  readonly phones: readonly PhoneNumber[];
  readonly emails: readonly EmailAddress[];
}

export interface Contact extends ContactFields {
  readonly id: number;
  readonly ownerId: number;
  /** BrokerStar's customer categories, by name; read-only for devices (absent: none known). */
  readonly categories?: readonly string[];
  /** Increases with every change of the contact or its addresses, phones and e-mails. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** How BrokerStar shows a contact's name: company name for companies, else "First Last". */
export function contactDisplayName(c: ContactFields): string {
  if (c.kind === 'company') return c.company?.trim() || [c.firstName, c.lastName].filter(Boolean).join(' ') || '(ohne Namen)';
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.company?.trim() || '(ohne Namen)';
}

export const EMPTY_CONTACT_FIELDS: ContactFields = {
  kind: 'person',
  salutation: null,
  title: null,
  firstName: null,
  lastName: null,
  company: null,
  department: null,
  position: null,
  birthday: null,
  notes: null,
  website: null,
  addresses: [],
  phones: [],
  emails: [],
};
