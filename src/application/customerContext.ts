import {
  contextForReaders, contextLocation, recordUrl, withContextBlock, type Appointment, type Contact, type ContextSettings, type CustomerContext,
  type Task,
} from '../domain/index.ts';
import type { ContactDirectory } from '../ports/index.ts';

/** An appointment or task as devices get it: with its customer's context (issue 13). */
export interface PresentedRecord {
  readonly id: number;
  readonly version: number;
  readonly fields: Appointment | Task;
  readonly url?: string;
}

/**
 * Appointments and tasks with their customer shown: the context block in front of BrokerStar's
 * note, the customer's address as LOCATION when the appointment has none, URL to the record. What
 * the block shows is what every assignee may see of the contact (`contextForReaders`).
 * Costs one contact load per batch and one visibility query per assignee of the batch.
 */
export async function presentWithCustomer(
  contacts: Pick<ContactDirectory, 'getMany' | 'visibleAmong'>, settings: ContextSettings, kind: 'appointment' | 'task',
  rows: ReadonlyArray<Appointment | Task>,
): Promise<PresentedRecord[]> {
  const plain = (r: Appointment | Task): PresentedRecord => ({ id: r.id, version: r.version, fields: r });
  const linked = settings.enabled ? rows.filter((r) => r.contactId !== null && r.contactId !== undefined) : [];
  if (linked.length === 0) return rows.map(plain);
  const found = new Map<number, Contact>((await contacts.getMany([...new Set(linked.map((r) => r.contactId as number))])).map((c) => [c.id, c]));
  // One visibility evaluation per reader for the whole batch.
  const contactsOf = new Map<number, Set<number>>();
  for (const r of linked) for (const reader of r.assigneeIds) {
    contactsOf.set(reader, (contactsOf.get(reader) ?? new Set()).add(r.contactId as number));
  }
  const seenBy = new Map<number, Set<number>>();
  for (const [reader, ids] of contactsOf) seenBy.set(reader, await contacts.visibleAmong(reader, [...ids]));
  const pattern = kind === 'appointment' ? settings.appointmentUrl : settings.taskUrl;
  const result: PresentedRecord[] = [];
  for (const r of rows) {
    if (!settings.enabled || r.contactId === null || r.contactId === undefined) {
      result.push(plain(r));
      continue;
    }
    const contactId = r.contactId;
    const seeing = new Set<number>();
    for (const reader of r.assigneeIds) if (seenBy.get(reader)?.has(contactId)) seeing.add(reader);
    const ctx: CustomerContext = contextForReaders(contactId, found.get(contactId) ?? null, r.assigneeIds, seeing);
    const description = withContextBlock(r.description, ctx, settings);
    const fields = 'timing' in r ? { ...r, description, location: r.location ?? contextLocation(ctx) } : { ...r, description };
    result.push({ id: r.id, version: r.version, fields, url: recordUrl(settings, pattern, r.id) });
  }
  return result;
}
