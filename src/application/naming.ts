import type { ObjectKind, SyncKind } from '../domain/index.ts';
import type { CalendarComponent } from '../ports/index.ts';

/**
 * Resource names and UIDs of objects that were created in BrokerStar (not by a device): derived from
 * the object id, so they are stable and known before anything was rendered or stored.
 */
export const FILE_EXTENSION: Record<ObjectKind, string> = { contact: '.vcf', appointment: '.ics', task: '.ics' };

export function defaultUid(kind: ObjectKind, objectId: number): string {
  return `brokerstar-${kind}-${objectId}`;
}

export function defaultName(kind: ObjectKind, objectId: number): string {
  return `${defaultUid(kind, objectId)}${FILE_EXTENSION[kind]}`;
}

const DEFAULT_NAME = /^brokerstar-(contact|appointment|task)-(\d+)\.(vcf|ics)$/;

/** Default names of any kind: a device may not create an object under one (it would take a CRM object's place). */
export function isReservedName(name: string): boolean {
  return DEFAULT_NAME.test(name);
}

/** The object id encoded in a default name of this kind, or `null`. */
export function objectIdFromDefaultName(kind: ObjectKind, name: string): number | null {
  const m = DEFAULT_NAME.exec(name);
  if (!m || m[1] !== kind || `.${m[3]}` !== FILE_EXTENSION[kind]) return null;
  return Number(m[2]);
}

/** The one iCalendar component each calendar collection holds (the task list is a VTODO calendar). */
export const COMPONENT_OF: Record<Exclude<SyncKind, 'contacts'>, CalendarComponent> = { calendar: 'VEVENT', tasks: 'VTODO' };

export const CONTENT_TYPE: Record<SyncKind, string> = {
  contacts: 'text/vcard; charset=utf-8',
  calendar: `text/calendar; charset=utf-8; component=${COMPONENT_OF.calendar}`,
  tasks: `text/calendar; charset=utf-8; component=${COMPONENT_OF.tasks}`,
};
