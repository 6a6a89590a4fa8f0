import { contactDisplayName, type ContactFields, type PostalAddress } from '../contacts/Contact.ts';

/**
 * The CRM context of an appointment or task on the device: the customer (contact) it concerns,
 * shown in a delimited block of DESCRIPTION, with a link back into BrokerStar (issue 13).
 *
 * The block lives only in what devices get: BrokerStar's own note never contains it. A device that
 * sends the description back has the block removed again ({@link withoutContextBlock}), so it is
 * neither written into the note nor duplicated. The markers are plain ASCII lines, which the
 * clients' rewrites (Outlook CalDav Synchronizer's CRLF, DAVx5's and iOS's re-folding) keep.
 */
export const CONTEXT_BLOCK_START = '[BrokerStar]';
export const CONTEXT_BLOCK_END = '[/BrokerStar]';

/** Where BrokerStar's records are on the web, and whether the context is shown at all. */
export interface ContextSettings {
  readonly enabled: boolean;
  /** BrokerStar's web address, e.g. `https://public.brokerstar.biz`. */
  readonly webUrl: string;
  /** Record URL patterns with an `{id}` placeholder; relative ones are resolved against `webUrl`. */
  readonly contactUrl: string;
  readonly appointmentUrl: string;
  readonly taskUrl: string;
}

export const DEFAULT_CONTEXT_SETTINGS: ContextSettings = {
  enabled: true,
  webUrl: 'https://public.brokerstar.biz',
  contactUrl: '/contacts/{id}',
  appointmentUrl: '/appointments/{id}',
  taskUrl: '/tasks/{id}',
};

/**
 * What one object may show of its customer. `hidden`: linked to a contact that some user who gets
 * the object may not see; the one representation all assignees share then carries no details.
 */
export type CustomerContext =
  | { readonly kind: 'visible'; readonly contactId: number; readonly contact: ContactFields }
  | { readonly kind: 'hidden' };

/** The record URL for `id` from a pattern (`{id}` placeholder), absolute or relative to `webUrl`. */
export function recordUrl(settings: ContextSettings, pattern: string, id: number): string {
  const filled = pattern.split('{id}').join(encodeURIComponent(String(id)));
  if (/^[a-z][a-z0-9+.-]*:/i.test(filled)) return filled;
  return `${settings.webUrl.replace(/\/+$/, '')}/${filled.replace(/^\/+/, '')}`;
}

/**
 * A contact is visible to an object's readers only when every one of them may see it: the rendered
 * object is shared by all assignees, so it must not show more than the least entitled one may see.
 */
export function contextForReaders(contactId: number, contact: ContactFields | null, readerIds: readonly number[], seeing: ReadonlySet<number>): CustomerContext {
  if (contact === null || readerIds.length === 0 || !readerIds.every((id) => seeing.has(id))) return { kind: 'hidden' };
  return { kind: 'visible', contactId, contact };
}

/** One postal address on one line, as clients show LOCATION: "Seestrasse 45, 8810 Horgen". */
export function addressLine(a: PostalAddress | undefined): string | null {
  if (!a) return null;
  const place = [a.postalCode, a.city].filter(Boolean).join(' ');
  const line = [a.street, place, a.country && !/^(schweiz|suisse|svizzera|switzerland|ch)$/i.test(a.country) ? a.country : null]
    .filter((p): p is string => Boolean(p && p.trim())).join(', ');
  return line || null;
}

const PHONE_LABEL: Record<string, string> = { mobile: 'Mobile', work: 'Tel.', home: 'Tel. privat', fax: 'Fax', other: 'Tel.' };

/** The block's lines (German, like BrokerStar's UI): customer, phones, e-mails, link to the record. */
export function contextBlockLines(ctx: CustomerContext, settings: ContextSettings): string[] {
  if (ctx.kind === 'hidden') return [CONTEXT_BLOCK_START, 'Kunde: (nicht sichtbar)', CONTEXT_BLOCK_END];
  const c = ctx.contact;
  return [
    CONTEXT_BLOCK_START,
    `Kunde: ${oneLine(contactDisplayName(c))}`,
    ...c.phones.map((p) => `${PHONE_LABEL[p.type] ?? 'Tel.'}: ${oneLine(p.number)}`),
    ...c.emails.map((e) => `E-Mail: ${oneLine(e.address)}`),
    `BrokerStar: ${recordUrl(settings, settings.contactUrl, ctx.contactId)}`,
    CONTEXT_BLOCK_END,
  ];
}

/** BrokerStar's note with the block in front (what devices show first), separated by a blank line. */
export function withContextBlock(note: string | null, ctx: CustomerContext, settings: ContextSettings): string {
  const block = contextBlockLines(ctx, settings).join('\n');
  const rest = note === null ? '' : withoutContextBlock(note) ?? '';
  return rest === '' ? block : `${block}\n\n${rest}`;
}

/**
 * A device's description without any context block (all of them: a client that duplicated one
 * loses the copies too); what remains is the user's note. An unterminated block is left as text:
 * cutting to the end could eat the user's words. One pass over the lines (a hostile description of
 * many start markers costs linear time); the line endings the client used are kept.
 */
export function withoutContextBlock(description: string | null): string | null {
  if (description === null || !description.includes(CONTEXT_BLOCK_START)) return description;
  const lines = description.split(/(?<=\n)/); // each line with its own ending
  const isLine = (line: string, marker: string) => line.trim() === marker;
  const out: string[] = [];
  let open: string[] | null = null;
  let separatorDue = false;
  for (const line of lines) {
    if (open !== null) {
      open.push(line);
      if (isLine(line, CONTEXT_BLOCK_END)) {
        open = null;
        separatorDue = true;
      }
      continue;
    }
    if (isLine(line, CONTEXT_BLOCK_START)) {
      open = [line];
      continue;
    }
    // The blank line that separates the block from the note (see withContextBlock) goes with it.
    if (separatorDue && line.trim() === '') {
      separatorDue = false;
      continue;
    }
    separatorDue = false;
    out.push(line);
  }
  const rest = out.join('') + (open === null ? '' : open.join(''));
  return rest === '' ? null : rest;
}

/** The customer's first address as LOCATION, for objects that have no location of their own. */
export function contextLocation(ctx: CustomerContext): string | null {
  return ctx.kind === 'visible' ? addressLine(ctx.contact.addresses[0]) : null;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
