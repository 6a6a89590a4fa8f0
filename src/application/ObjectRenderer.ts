import type { AppointmentFields, ContactFields, ObjectKind, TaskFields } from '../domain/index.ts';
import type { MemberListing, StoredObject, TransactionalPorts, ContactCodec, CalendarCodec, RenderFailureReporter } from '../ports/index.ts';
import { defaultName, defaultUid } from './naming.ts';
import { etagOf } from './etag.ts';

type CrmPorts = Pick<TransactionalPorts, 'contacts' | 'appointments' | 'tasks' | 'objects'>;

interface CrmRecord {
  readonly id: number;
  readonly version: number;
  readonly fields: ContactFields | AppointmentFields | TaskFields;
}

/**
 * Serves the representation of CRM objects: the stored one while it matches the CRM version,
 * otherwise a fresh rendering merged into the stored text (so device-only data survives edits made
 * in BrokerStar), saved for the next request and for every other user who sees the object.
 */
export class ObjectRenderer {
  constructor(
    private readonly ports: CrmPorts,
    private readonly contactCodec: ContactCodec,
    private readonly calendarCodec: CalendarCodec,
    private readonly failures: RenderFailureReporter,
  ) {}

  /** Name and ETag for each listed member, rendering the stale ones. */
  async namesAndEtags(kind: ObjectKind, members: readonly MemberListing[]): Promise<Map<number, { name: string; etag: string }>> {
    const result = new Map<number, { name: string; etag: string }>();
    const stale: number[] = [];
    for (const m of members) {
      if (m.stored && m.stored.crmVersion === m.crmVersion) result.set(m.objectId, { name: m.stored.name, etag: m.stored.etag });
      else stale.push(m.objectId);
    }
    for (const obj of await this.renderAndSave(kind, stale)) result.set(obj.objectId, { name: obj.name, etag: obj.etag });
    return result;
  }

  /** Full stored objects (body included) for the listed members, rendering the stale ones. */
  async objects(kind: ObjectKind, members: readonly MemberListing[]): Promise<Map<number, StoredObject>> {
    const fresh = members.filter((m) => m.stored && m.stored.crmVersion === m.crmVersion).map((m) => m.objectId);
    const stale = members.filter((m) => !m.stored || m.stored.crmVersion !== m.crmVersion).map((m) => m.objectId);
    const result = fresh.length ? await this.ports.objects.getMany(kind, fresh) : new Map<number, StoredObject>();
    const missing = fresh.filter((id) => !result.has(id));
    for (const obj of await this.renderAndSave(kind, [...stale, ...missing])) result.set(obj.objectId, obj);
    return result;
  }

  private async renderAndSave(kind: ObjectKind, ids: readonly number[]): Promise<StoredObject[]> {
    if (ids.length === 0) return [];
    const [records, previous] = await Promise.all([this.load(kind, ids), this.ports.objects.getMany(kind, ids)]);
    const rendered = records.flatMap((r) => this.renderOrKeep(kind, r, previous.get(r.id) ?? null));
    await this.ports.objects.saveRendered(rendered);
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

  render(kind: ObjectKind, record: CrmRecord, previous: StoredObject | null): StoredObject {
    const uid = previous?.uid ?? defaultUid(kind, record.id);
    const prevBody = previous?.body ?? null;
    const body =
      kind === 'contact'
        ? this.contactCodec.render(uid, record.fields as ContactFields, prevBody)
        : kind === 'appointment'
          ? this.calendarCodec.renderAppointment(uid, record.fields as AppointmentFields, prevBody)
          : this.calendarCodec.renderTask(uid, record.fields as TaskFields, prevBody);
    return {
      kind,
      objectId: record.id,
      name: previous?.name ?? defaultName(kind, record.id),
      uid,
      body,
      etag: etagOf(body),
      crmVersion: record.version,
    };
  }

  private async load(kind: ObjectKind, ids: readonly number[]): Promise<CrmRecord[]> {
    const rows =
      kind === 'contact'
        ? await this.ports.contacts.getMany(ids)
        : kind === 'appointment'
          ? await this.ports.appointments.getMany(ids)
          : await this.ports.tasks.getMany(ids);
    return rows.map((r) => ({ id: r.id, version: r.version, fields: r }));
  }
}
