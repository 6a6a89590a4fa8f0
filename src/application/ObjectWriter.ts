import {
  decideAssignedItemDelete,
  decideContactCreate,
  decideContactDelete,
  decideContactEdit,
  InvalidObjectData,
  NotFound,
  OBJECT_KIND_OF,
  ownershipOfDeviceCreation,
  UidConflict,
  UnsupportedComponent,
  VersionConflict,
  WriteForbidden,
  type AppointmentFields,
  type ObjectKind,
  type ContactFields,
  type SyncKind,
  type TaskFields,
  type User,
  DEFAULT_CONTEXT_SETTINGS,
  withoutContextBlock,
  recordUrl,
  type ContextSettings,
} from '../domain/index.ts';
import type { CalendarCodec, ContactCodec, RenderFailureReporter, StoredObject, TimeRange, Transactions, TransactionalPorts } from '../ports/index.ts';
import { CollectionService, type OpenCollection } from './CollectionService.ts';
import { ObjectRenderer } from './ObjectRenderer.ts';
import { etagOf, personalEtag } from './etag.ts';
import { COMPONENT_OF, isReservedName } from './naming.ts';
import { checkPreconditions, RefusedWrite, type WritePreconditions } from './writePreconditions.ts';

export type { WritePreconditions } from './writePreconditions.ts';

export interface PutOutcome {
  readonly created: boolean;
  /**
   * ETag of the stored representation, which is byte for byte what the client sent; null when
   * BrokerStar completed the text (RFC 4791 §5.3.4: no ETag then, so the client fetches it).
   */
  readonly etag: string | null;
}

interface ParsedObject {
  readonly uid: string;
  readonly contact?: ContactFields;
  readonly appointment?: AppointmentFields;
  readonly task?: TaskFields;
}

/** A device's body, split before any transaction: what everyone sees, this user's alarms, its time span. */
interface Incoming {
  readonly original: string;
  readonly shared: string;
  readonly private: string | null;
  readonly span: TimeRange | null;
}

/**
 * Device writes: PUT and DELETE under BrokerStar's write rules, each in one transaction covering
 * the CRM rows, the stored representation and the change journal. The client's text is stored as
 * sent (so alarms, exceptions, photos, X- properties survive); the CRM gets the fields it owns.
 */
export class ObjectWriter {
  constructor(
    private readonly transactions: Transactions,
    private readonly contactCodec: ContactCodec,
    private readonly calendarCodec: CalendarCodec,
    private readonly failures: RenderFailureReporter,
    private readonly context: ContextSettings = DEFAULT_CONTEXT_SETTINGS,
  ) {}

  async put(user: User, kind: SyncKind, name: string, body: string, pre: WritePreconditions): Promise<PutOutcome> {
    const parsed = this.parse(kind, body);
    // Parsing and recurrence work happen here, before the transaction: never while BrokerStar's
    // writes wait on our locks. Alarms are this user's own (issue: per-user private parts).
    const { shared, private: mine } = kind === 'contacts' ? { shared: body, private: null } : this.calendarCodec.splitPrivateParts(body);
    const incoming: Incoming = { original: body, shared, private: mine, span: kind === 'contacts' ? null : this.calendarCodec.timeSpan(shared) };
    try {
      const { outcome, stored } = await this.putInTransaction(user, kind, name, incoming, parsed, pre);
      if (stored.kind === 'contact' || outcome.created) return outcome;
      return (await this.completedAfterWrite(stored)) ? { ...outcome, etag: null } : outcome;
    } catch (err) {
      if (err instanceof RefusedWrite) {
        await this.republish(err.objectId, OBJECT_KIND_OF[kind]);
        throw err.cause;
      }
      throw err;
    }
  }

  private async putInTransaction(
    user: User, kind: SyncKind, name: string, incoming: Incoming, parsed: ParsedObject, pre: WritePreconditions,
  ): Promise<{ outcome: PutOutcome; stored: StoredObject }> {
    return this.transactions.run(async (ports) => {
      const collection = await this.open(ports, user, kind);
      const { existing, uidIds } = await collection.getForWrite(name, parsed.uid);
      checkPreconditions(existing, pre);
      const objectKind = OBJECT_KIND_OF[kind];
      // RFC 4791 §5.3.2.1 / RFC 6352 §6.3.2.1: UIDs are unique within the collection. Objects of
      // other users are never looked at, so no answer reveals that they exist.
      const holder = await collection.findByUid(parsed.uid, existing, uidIds);
      if (holder && holder.objectId !== existing?.objectId) {
        throw new UidConflict(objectKind, holder.name, `UID ${parsed.uid} is already used by ${holder.name}.`);
      }
      if (!existing && isReservedName(name)) {
        throw new WriteForbidden('Resource names of the form brokerstar-<type>-<number> are reserved for objects created in BrokerStar.');
      }
      const { objectId, version } = existing ? await this.update(ports, user, kind, existing, parsed) : await this.create(ports, user, kind, parsed);
      // A new object's name and UID are this user's; an existing one keeps its namespace (the store does).
      const stored: StoredObject = {
        kind: objectKind, objectId, name, uid: parsed.uid, body: incoming.shared, etag: etagOf(incoming.shared), crmVersion: version,
        span: incoming.span, namedBy: user.id,
      };
      await ports.objects.save(stored, existing?.sharedEtag);
      const mine = incoming.private === null ? null : { parts: incoming.private, original: incoming.original, basisEtag: stored.etag };
      if (kind !== 'contacts') await ports.objects.savePrivateParts(objectKind, objectId, user.id, mine);
      // No `touch`: the CRM write above always writes the object's own row, which journals it in
      // this transaction (the ports' contract); that entry also announces the new stored text,
      // even when only what BrokerStar has no field for changed. Taken in at once, the device's
      // next request (its sync, or its next PUT) finds the collection current.
      await ports.syncIndex.takeInOwnWrite(collection.state, objectId);
      return { outcome: { created: !existing, etag: personalEtag(stored.etag, mine) }, stored };
    });
  }

  /**
   * The device's write has committed: a failure of the completion after it (the database gone
   * meanwhile, say) must not turn the answer into an error — the device would send the write again
   * and meet a changed ETag. It is reported; the text stays as sent until the object's next change.
   */
  private async completedAfterWrite(sent: StoredObject): Promise<boolean> {
    try {
      return await this.completeContext(sent);
    } catch (error) {
      this.failures.completionFailed({ kind: sent.kind, objectId: sent.objectId, error });
      return false;
    }
  }

  /**
   * After the device's write has committed: a text lacking what BrokerStar owns in it (the customer
   * block, URL; Outlook has no URL field) is completed and journalled, so the device's next sync
   * fetches it. Rendering happens before this transaction takes any lock; the save compares the
   * device's ETag, so a newer write meanwhile wins and this is skipped.
   */
  private async completeContext(sent: StoredObject): Promise<boolean> {
    return this.transactions.run(async (ports) => {
      const complete = await this.renderer(ports).completed(sent);
      if (complete === null) return false;
      try {
        await ports.objects.save({ ...complete, span: this.calendarCodec.timeSpan(complete.body) }, sent.etag);
      } catch (err) {
        if (err instanceof VersionConflict) return false;
        throw err;
      }
      await ports.syncIndex.touch(sent.kind, sent.objectId);
      return true;
    });
  }

  async delete(user: User, kind: SyncKind, name: string, pre: WritePreconditions): Promise<void> {
    try {
      await this.deleteInTransaction(user, kind, name, pre);
    } catch (err) {
      if (err instanceof RefusedWrite) {
        await this.republish(err.objectId, OBJECT_KIND_OF[kind]);
        throw err.cause;
      }
      throw err;
    }
  }

  /**
   * After a refused delete or edit the device still holds its own version. Journalling the object
   * again makes the next sync report it as changed, so DAVx5 (which drops its local change on a 403
   * with need-privileges) and iOS download BrokerStar's version and converge.
   */
  private async republish(objectId: number, kind: ObjectKind): Promise<void> {
    await this.transactions.run((ports) => ports.syncIndex.touch(kind, objectId));
  }

  private async deleteInTransaction(user: User, kind: SyncKind, name: string, pre: WritePreconditions): Promise<void> {
    await this.transactions.run(async (ports) => {
      const collection = await this.open(ports, user, kind);
      const existing = await collection.getByName(name);
      if (!existing) throw new NotFound('No such object.');
      checkPreconditions(existing, pre);
      if (kind === 'contacts') {
        const decision = decideContactDelete(user);
        if (decision.kind === 'forbidden') throw new RefusedWrite(existing.objectId, new WriteForbidden(decision.explanation, decision.message));
        await ports.contacts.delete(existing.objectId);
        await ports.objects.remove('contact', existing.objectId);
        await ports.syncIndex.takeInOwnWrite(collection.state, existing.objectId);
        return;
      }
      const store = kind === 'calendar' ? ports.appointments : ports.tasks;
      const item = await store.get(existing.objectId);
      if (!item) throw new NotFound('No such object.');
      const decision = decideAssignedItemDelete(user.id, item.assigneeIds);
      if (decision.kind === 'not-assigned') throw new NotFound('No such object.');
      if (decision.kind === 'unassign') {
        await store.setAssignees(item.id, decision.remainingAssigneeIds);
        await ports.objects.savePrivateParts(OBJECT_KIND_OF[kind], item.id, user.id, null);
      } else {
        await store.delete(item.id);
        await ports.objects.remove(OBJECT_KIND_OF[kind], item.id);
      }
      await ports.syncIndex.takeInOwnWrite(collection.state, item.id);
    });
  }

  private async open(ports: TransactionalPorts, user: User, kind: SyncKind): Promise<OpenCollection> {
    return new CollectionService(ports, this.renderer(ports)).open(user, kind);
  }

  private renderer(ports: TransactionalPorts): ObjectRenderer {
    return new ObjectRenderer(ports, this.contactCodec, this.calendarCodec, this.failures, this.context);
  }

  private parse(kind: SyncKind, body: string): ParsedObject {
    if (kind === 'contacts') {
      const card = this.contactCodec.parse(body);
      if (card.isGroup) {
        // BrokerStar has no contact groups; a 403 with need-privileges lets DAVx5 and iOS carry on.
        throw new WriteForbidden('BrokerStar has no contact groups; use categories instead.');
      }
      return { uid: card.uid, contact: card.fields };
    }
    const cal = this.calendarCodec.parse(body);
    const expected = COMPONENT_OF[kind];
    if (cal.component !== expected) {
      throw new UnsupportedComponent(OBJECT_KIND_OF[kind], `This collection holds ${expected} only, not ${cal.component}.`);
    }
    // The customer block is ours (issue 13): it never reaches BrokerStar's note, whatever the device did to it.
    if (kind === 'calendar' && cal.appointment) {
      return { uid: cal.uid, appointment: { ...cal.appointment, description: withoutContextBlock(cal.appointment.description) } };
    }
    if (kind === 'tasks' && cal.task) return { uid: cal.uid, task: { ...cal.task, description: withoutContextBlock(cal.task.description) } };
    throw new InvalidObjectData(OBJECT_KIND_OF[kind], 'The calendar object could not be read.');
  }

  private async create(ports: TransactionalPorts, user: User, kind: SyncKind, parsed: ParsedObject): Promise<{ objectId: number; version: number }> {
    const { ownerId, assigneeIds } = ownershipOfDeviceCreation(user);
    if (kind === 'contacts') {
      const decision = decideContactCreate(user);
      if (!decision.allowed) throw new WriteForbidden(decision.explanation, decision.message);
      const c = await ports.contacts.create(ownerId, parsed.contact!);
      return { objectId: c.id, version: c.version };
    }
    const created =
      kind === 'calendar'
        ? await ports.appointments.create(ownerId, assigneeIds, parsed.appointment!)
        : await ports.tasks.create(ownerId, assigneeIds, parsed.task!);
    return { objectId: created.id, version: created.version };
  }

  /**
   * An appointment without a location of its own is served with its customer's address (issue 13);
   * the device sending that address back does not make it the appointment's location.
   */
  private async ownLocation(ports: TransactionalPorts, existing: StoredObject, sent: AppointmentFields): Promise<string | null> {
    if (sent.location === null) return null;
    const current = await ports.appointments.get(existing.objectId);
    if (!current || current.location !== null || current.contactId === null) return sent.location;
    const served = this.calendarCodec.parse(existing.body).appointment?.location ?? null;
    return served === sent.location ? null : sent.location;
  }

  /** The contact's BrokerStar link a client moved into the first URL never becomes its website (issue 13). */
  private async withoutRecordLink(ports: TransactionalPorts, id: number, sent: ContactFields): Promise<ContactFields> {
    if (sent.website === null || sent.website !== recordUrl(this.context, this.context.contactUrl, id)) return sent;
    return { ...sent, website: (await ports.contacts.get(id))?.website ?? null };
  }

  private async update(
    ports: TransactionalPorts,
    user: User,
    kind: SyncKind,
    existing: StoredObject,
    parsed: ParsedObject,
  ): Promise<{ objectId: number; version: number }> {
    const id = existing.objectId;
    let updated: { id: number; version: number } | null;
    if (kind === 'contacts') {
      const decision = decideContactEdit(user);
      if (!decision.allowed) throw new RefusedWrite(id, new WriteForbidden(decision.explanation, decision.message));
      updated = await ports.contacts.update(id, await this.withoutRecordLink(ports, id, parsed.contact!));
    } else if (kind === 'calendar') {
      updated = await ports.appointments.update(id, { ...parsed.appointment!, location: await this.ownLocation(ports, existing, parsed.appointment!) });
    } else {
      // The linked contact is BrokerStar-only data; a device never sends it.
      const current = await ports.tasks.get(id);
      updated = await ports.tasks.update(id, { ...parsed.task!, contactId: current?.contactId ?? null });
    }
    if (!updated) throw new NotFound('The object was deleted meanwhile.');
    return { objectId: updated.id, version: updated.version };
  }
}

