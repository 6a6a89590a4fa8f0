import {
  DEFAULT_CONTEXT_SETTINGS, recordUrl, type Appointment, type AppointmentFields, type ContactFields, type ContextSettings, type ObjectKind, type Task,
  type TaskFields,
} from '../domain/index.ts';
import { presentWithCustomer } from './customerContext.ts';
import type {
  MemberListing, PrivateParts, StoredObject, TransactionalPorts, ContactCodec, ContactExtras, CalendarCodec, RenderFailureReporter,
} from '../ports/index.ts';
import { defaultName, defaultUid } from './naming.ts';
import { etagOf, personalEtag } from './etag.ts';
import type { SavesAfterAnswer } from './SavesAfterAnswer.ts';

/**
 * A stored object as one user gets it: that user's private parts (alarms) merged into the body and
 * the ETag; `sharedEtag` is the stored object's own ETag, what a compare-and-swap compares.
 */
export interface ServedObject extends StoredObject {
  readonly sharedEtag: string;
}

type CrmPorts = Pick<TransactionalPorts, 'contacts' | 'appointments' | 'tasks' | 'objects'>;

interface CrmRecord {
  readonly id: number;
  readonly version: number;
  readonly fields: ContactFields | AppointmentFields | TaskFields;
  /** The record's address in BrokerStar, owned as URL (appointments and tasks with a customer). */
  readonly url?: string;
  /** A contact's record link and customer categories (while the context is on). */
  readonly contactExtras?: ContactExtras;
  /** When an appointment or task last changed in BrokerStar: its DTSTAMP, so that every rendering of a version is the same. */
  readonly changedAt?: Date;
}

/**
 * Serves the representation of CRM objects: the stored one while it matches the CRM version,
 * otherwise a fresh rendering merged into the stored text (so device-only data survives edits made
 * in BrokerStar), saved for the next request and for every other user who sees the object (on
 * read paths after the answer: {@link SavesAfterAnswer}).
 */
export class ObjectRenderer {
  constructor(
    private readonly ports: CrmPorts,
    private readonly contactCodec: ContactCodec,
    private readonly calendarCodec: CalendarCodec,
    private readonly failures: RenderFailureReporter,
    private readonly context: ContextSettings = DEFAULT_CONTEXT_SETTINGS,
    /** Read paths store renderings after the answer; without it (inside a device's write) they are stored before. */
    private readonly afterAnswer?: SavesAfterAnswer,
  ) {}

  /** Name and ETag (as `userId` sees it) for each listed member, rendering the stale ones. */
  async namesAndEtags(kind: ObjectKind, members: readonly MemberListing[], userId: number): Promise<Map<number, { name: string; etag: string }>> {
    const result = new Map<number, { name: string; etag: string }>();
    const stale: number[] = [];
    for (const m of members) {
      if (m.stored && m.stored.crmVersion === m.crmVersion) result.set(m.objectId, { name: servedName(kind, m, m.stored.name), etag: m.stored.etag });
      else stale.push(m.objectId);
    }
    const byId = new Map(members.map((m) => [m.objectId, m]));
    for (const obj of await this.renderAndSave(kind, stale)) {
      result.set(obj.objectId, { name: servedName(kind, byId.get(obj.objectId)!, obj.name), etag: obj.etag });
    }
    const parts = await this.privateParts(kind, userId, [...result.keys()]);
    for (const [id, p] of parts) {
      const listed = result.get(id)!;
      result.set(id, { ...listed, etag: personalEtag(listed.etag, p) });
    }
    return result;
  }

  /**
   * Full stored objects (body included) for the listed members, rendering the stale ones; each under
   * the name it has in this collection (see `MemberListing.stored.shadowed`).
   */
  async objects(kind: ObjectKind, members: readonly MemberListing[], userId: number): Promise<Map<number, ServedObject>> {
    // One pass: bodies come with the listing when it was asked for them; others are read here.
    const result = new Map<number, StoredObject>();
    const stale: number[] = [];
    const fresh: number[] = [];
    for (const m of members) {
      if (m.stored === null || m.stored.crmVersion !== m.crmVersion) stale.push(m.objectId);
      else if (m.object) result.set(m.objectId, m.object);
      else fresh.push(m.objectId);
    }
    if (fresh.length > 0) for (const [id, obj] of await this.ports.objects.getMany(kind, fresh)) result.set(id, obj);
    const missing = fresh.filter((id) => !result.has(id));
    for (const obj of await this.renderAndSave(kind, [...stale, ...missing])) result.set(obj.objectId, obj);
    const parts = await this.privateParts(kind, userId, [...result.keys()]);
    const served = new Map<number, ServedObject>();
    for (const m of members) {
      const obj = result.get(m.objectId);
      if (!obj) continue;
      const mine = parts.get(m.objectId) ?? null;
      served.set(m.objectId, {
        ...obj,
        name: m.stored?.shadowed ? defaultName(kind, m.objectId) : obj.name,
        body: this.personalBody(obj, mine),
        etag: personalEtag(obj.etag, mine),
        sharedEtag: obj.etag,
      });
    }
    return served;
  }

  /** What one user gets of a shared object: see {@link personalEtag} (the two must agree). */
  private personalBody(shared: StoredObject, mine: PrivateParts | null): string {
    if (!mine) return shared.body;
    return mine.basisEtag === shared.etag ? mine.original : this.calendarCodec.mergePrivateParts(shared.body, mine.parts);
  }

  /** Private parts exist for calendar objects only; contacts cost no query. */
  private async privateParts(kind: ObjectKind, userId: number, ids: readonly number[]): Promise<Map<number, PrivateParts>> {
    if (kind === 'contact' || ids.length === 0) return new Map();
    return this.ports.objects.privateParts(kind, userId, ids);
  }

  private async renderAndSave(kind: ObjectKind, ids: readonly number[]): Promise<StoredObject[]> {
    if (ids.length === 0) return [];
    const [records, previous] = await Promise.all([this.load(kind, ids), this.ports.objects.getMany(kind, ids)]);
    const rendered = records.flatMap((r) => this.renderOrKeep(kind, r, previous.get(r.id) ?? null));
    const save = () => this.ports.objects.saveRendered(rendered, new Set(previous.keys()));
    await (this.afterAnswer ? this.afterAnswer.save(rendered.length, save) : save());
    return rendered;
  }

  /**
   * A render failure of one object must not fail the listing: the failure is reported and the
   * last good representation is served, saved at the new CRM version so that every listing does
   * not fail on it again (the next BrokerStar-side edit tries anew). Without one, a fresh
   * rendering from the CRM fields alone; when even that fails, the object is left out.
   */
  private renderOrKeep(kind: ObjectKind, record: CrmRecord, previous: StoredObject | null): StoredObject[] {
    try {
      return [this.render(kind, record, previous)];
    } catch (error) {
      this.failures.renderFailed({ kind, objectId: record.id, error });
    }
    if (previous) return [{ ...previous, crmVersion: record.version }];
    try {
      return [this.render(kind, record, null)];
    } catch {
      return [];
    }
  }

  /**
   * A device's stored text completed with what BrokerStar owns in it now, or null when it is
   * complete already: e.g. Outlook dropped URL or rewrote the customer block (issue 13). Objects
   * without a customer are not checked.
   */
  async completed(sent: StoredObject): Promise<StoredObject | null> {
    if (sent.kind === 'contact') return null;
    const [record] = await this.load(sent.kind, [sent.objectId]);
    if (!record || record.url === undefined || record.version !== sent.crmVersion) return null;
    const rendered = this.render(sent.kind, record, sent);
    return rendered.body === sent.body ? null : { ...sent, body: rendered.body, etag: rendered.etag };
  }

  render(kind: ObjectKind, record: CrmRecord, previous: StoredObject | null): StoredObject {
    const uid = previous?.uid ?? defaultUid(kind, record.id);
    const prevBody = previous?.body ?? null;
    const body =
      kind === 'contact'
        ? this.contactCodec.render(uid, record.fields as ContactFields, prevBody, record.contactExtras)
        : kind === 'appointment'
          ? this.calendarCodec.renderAppointment(uid, record.fields as AppointmentFields, prevBody, record.url, record.changedAt)
          : this.calendarCodec.renderTask(uid, record.fields as TaskFields, prevBody, record.url, record.changedAt);
    return {
      kind,
      objectId: record.id,
      name: previous?.name ?? defaultName(kind, record.id),
      uid,
      body,
      etag: etagOf(body),
      crmVersion: record.version,
      span: kind === 'contact' ? null : this.calendarCodec.timeSpan(body),
    };
  }

  private async load(kind: ObjectKind, ids: readonly number[]): Promise<CrmRecord[]> {
    if (kind === 'contact') {
      return (await this.ports.contacts.getMany(ids)).map((r) => ({
        id: r.id, version: r.version, fields: r,
        ...(this.context.enabled ? { contactExtras: { recordUrl: recordUrl(this.context, this.context.contactUrl, r.id), categories: r.categories ?? [] } } : {}),
      }));
    }
    const rows: ReadonlyArray<Appointment | Task> = kind === 'appointment' ? await this.ports.appointments.getMany(ids) : await this.ports.tasks.getMany(ids);
    return (await presentWithCustomer(this.ports.contacts, this.context, kind, rows)).map((r) => ({ ...r, changedAt: r.fields.updatedAt }));
  }
}

/** The member's name in this collection: its stored name, or its default name while another member holds that name. */
function servedName(kind: ObjectKind, member: MemberListing, storedName: string): string {
  return member.stored?.shadowed ? defaultName(kind, member.objectId) : storedName;
}
