import type { Knex } from 'knex';
import { checkKeys, uidConflict } from '../shared/objectStoreRules.ts';
import { UidConflict, VersionConflict, type ObjectKind } from '../../domain/index.ts';
import type { ObjectStore, PrivateParts, StoredObject } from '../../ports/index.ts';
import { atomically, chunked, chunkedByWeight, toId, toSqlDateTime } from './sqlValues.ts';
import { isUniqueViolation } from './journal/dbErrors.ts';
import { compiledRows, padded, PLUGIN_TABLES, placeholders } from './compiledQueries.ts';
import { storedObjectFromRow as toStored } from './rows/storedObjectRows.ts';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;
const TABLE = 'dav_objects';
const PRIVATE = 'dav_private_parts';
/** `idsByNamesAndUid` is for a PUT's one name; more names take the two separate reads. */
const MAX_NAMES_WITH_UID = 32;
/** Bytes of bodies per statement of re-rendered objects: escaped (at most twice as long) below MySQL 5.7's 4 MiB packet. */
const RENDERED_BYTES_PER_STATEMENT = 2 * 1024 * 1024;
/** A row's size in a statement: its body and ~0.5 KB for the other columns. */
const bodyBytes = (o: StoredObject) => Buffer.byteLength(o.body ?? '') + 512;
/** The columns a rendering changes per object (`updateRendered`). */
const RENDERED_COLUMNS = ['name', 'uid', 'body', 'etag', 'crm_version', 'span_known', 'span_start', 'span_end'] as const;

/**
 * {@link ObjectStore} on `dav_objects`. A removed object keeps its row as a tombstone (`deleted = 1`,
 * body dropped) so that `namesOf` can still name it in other users' sync reports; a new object
 * taking over the tombstone's name or UID deletes the tombstone. Unique violations (also those of a
 * concurrent writer that won a race) surface as {@link UidConflict}, never as driver errors.
 */
export class KnexObjectStore implements ObjectStore {
  constructor(private readonly db: Db) {}

  async getMany(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, StoredObject>> {
    const result = new Map<number, StoredObject>();
    for (const chunk of chunked([...new Set(objectIds)])) {
      const ids = padded(chunk);
      const rows = await compiledRows<Row>(this.db, PLUGIN_TABLES, `objects-by-ids:${kind}:${ids.length}`, (p) =>
        this.live(kind).whereIn('object_id', placeholders(p, ids.length)).select(), ids);
      for (const r of rows) result.set(toId(r.object_id), toStored(r));
    }
    return result;
  }

  async findByName(kind: ObjectKind, name: string, namedBy = 0): Promise<StoredObject | null> {
    const row: Row | undefined = await this.live(kind).where({ name, scope: namedBy }).first();
    return row ? toStored(row) : null;
  }

  async findByUid(kind: ObjectKind, uid: string, namedBy = 0): Promise<StoredObject | null> {
    const row: Row | undefined = await this.live(kind).where({ uid, scope: namedBy }).first();
    return row ? toStored(row) : null;
  }

  async idsByNames(kind: ObjectKind, names: readonly string[]): Promise<Map<string, number[]>> {
    const result = new Map<string, number[]>();
    for (const chunk of chunked([...new Set(names)])) {
      // No ORDER BY: SQLite would then walk the (kind, object_id) index over every row instead of
      // the (kind, name) one; the few holders of a name are sorted here.
      const wanted = padded(chunk);
      const rows = await compiledRows<{ name: string; object_id: unknown }>(this.db, PLUGIN_TABLES, `ids-by-names:${kind}:${wanted.length}`, (p) =>
        this.live(kind).whereIn('name', placeholders(p, wanted.length)).select('name', 'object_id'), wanted);
      for (const r of rows) result.set(r.name, [...(result.get(r.name) ?? []), toId(r.object_id)]);
    }
    for (const ids of result.values()) ids.sort((a, b) => a - b);
    return result;
  }

  async idsByUid(kind: ObjectKind, uid: string): Promise<number[]> {
    // Sorted here, not in SQL (see idsByNames).
    const rows: Array<{ object_id: unknown }> = await this.live(kind).where('uid', uid).select('object_id');
    return rows.map((r) => toId(r.object_id)).sort((a, b) => a - b);
  }

  async idsByNamesAndUid(kind: ObjectKind, names: readonly string[], uid: string): Promise<{ byName: Map<string, number[]>; byUid: number[] }> {
    const distinct = [...new Set(names)];
    if (distinct.length === 0 || distinct.length > MAX_NAMES_WITH_UID) return { byName: await this.idsByNames(kind, names), byUid: await this.idsByUid(kind, uid) };
    const wanted = padded(distinct);
    // Column `k`: the name, or the UID in the rows with `by_uid = 1`.
    const rows = await compiledRows<{ k: string; object_id: unknown; by_uid: unknown }>(this.db, PLUGIN_TABLES, `ids-by-names-and-uid:${kind}:${wanted.length}`, (p) =>
      this.live(kind).whereIn('name', placeholders(p, wanted.length, 1)).select('name as k', 'object_id', this.db.raw('0 as by_uid'))
        .unionAll(this.live(kind).where('uid', p(0)).select('uid as k', 'object_id', this.db.raw('1 as by_uid'))), [uid, ...wanted]);
    const byName = new Map<string, number[]>();
    const byUid: number[] = [];
    for (const r of rows) {
      if (Number(r.by_uid) === 1) byUid.push(toId(r.object_id));
      else byName.set(r.k, [...(byName.get(r.k) ?? []), toId(r.object_id)]);
    }
    for (const ids of byName.values()) ids.sort((a, b) => a - b);
    return { byName, byUid: byUid.sort((a, b) => a - b) };
  }

  async namesOf(kind: ObjectKind, objectIds: readonly number[]): Promise<Map<number, string>> {
    const result = new Map<number, string>();
    for (const chunk of chunked([...new Set(objectIds)])) {
      const rows: Array<{ name: string; object_id: unknown }> = await this.db(TABLE).where('kind', kind)
        .whereIn('object_id', chunk).select('name', 'object_id');
      for (const r of rows) result.set(toId(r.object_id), r.name);
    }
    return result;
  }

  async save(object: StoredObject, expectedEtag?: string): Promise<void> {
    checkKeys(object);
    try {
      // Inside the writer's transaction no savepoint (two round trips on MySQL): a failing statement
      // is undone alone on MySQL and SQLite and the error fails the caller's write. A caller that
      // goes on after a VersionConflict keeps at most the removal of tombstones that gave way.
      await atomically(this.db, async (trx) => {
        if (await savedDirectly(trx, object, expectedEtag)) return;
        // A plain read, no FOR UPDATE: gap locks of two concurrent inserts would deadlock, while a
        // lost race now ends in a unique violation on the INSERT, which is translated below.
        const rows = await holdersOf(trx, object);
        const others = rows.filter((r) => toId(r.object_id) !== object.objectId);
        const live = others.find((r) => Number(r.deleted) === 0);
        if (live) throw uidConflict(object, String(live.name));
        // `deleted = 1` again: a tombstone revived since our read must not be deleted.
        if (others.length > 0) await trx(TABLE).whereIn('id', others.map((r) => toId(r.id))).andWhere('deleted', 1).delete();
        const own = rows.find((r) => toId(r.object_id) === object.objectId);
        if (expectedEtag !== undefined) {
          // Compare-and-swap: on MySQL this UPDATE waits for a concurrent writer's commit and then
          // finds the ETag changed, so exactly one of two writers with the same If-Match wins.
          const updated = own
            ? await trx(TABLE).where({ id: toId(own.id), etag: expectedEtag, deleted: 0 }).update(toRow(object))
            : 0;
          if (updated === 0) throw new VersionConflict('The object was changed by someone else meanwhile.');
        } else if (own) await trx(TABLE).where('id', toId(own.id)).update(toRow(object));
        else await trx(TABLE).insert(newRow(object));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw await this.conflictAfterRace(object);
      throw err;
    }
  }

  /**
   * Re-rendered objects are written many to a statement, but a statement must fit MySQL's
   * `max_allowed_packet` (4 MiB by default on MySQL 5.7, 16 MiB on MariaDB): cards with photos
   * would otherwise make every sync after a bulk edit fail. A chunk holds at most
   * `RENDERED_BYTES_PER_STATEMENT` of bodies.
   */
  async saveRendered(objects: readonly StoredObject[], storedIds: ReadonlySet<number> = new Set()): Promise<void> {
    for (const kind of new Set(objects.map((o) => o.kind))) {
      const ofKind = objects.filter((o) => o.kind === kind);
      for (const chunk of chunkedByWeight(ofKind, bodyBytes, RENDERED_BYTES_PER_STATEMENT)) await this.saveRenderedChunk(kind, chunk, storedIds);
    }
  }

  /**
   * Rendered objects carry the name and UID they already had (or the default ones), so a conflict
   * means a device took them meanwhile: that object is left unsaved (it is rendered again next time).
   * Rows in `storedIds` are not read again: the UPDATE's own version condition decides, and a row
   * gone meanwhile (a tombstone that gave way) is simply not updated, and rendered again next time.
   */
  private async saveRenderedChunk(kind: ObjectKind, chunk: readonly StoredObject[], storedIds: ReadonlySet<number>): Promise<void> {
    const updates = chunk.filter((o) => storedIds.has(o.objectId));
    const unknown = chunk.filter((o) => !storedIds.has(o.objectId));
    const rows: Row[] = unknown.length === 0 ? [] : await this.db(TABLE).where('kind', kind).whereIn('object_id', unknown.map((o) => o.objectId))
      .select('object_id', 'crm_version', 'deleted');
    const stored = new Map(rows.map((r) => [toId(r.object_id), r]));
    const inserts: StoredObject[] = [];
    for (const o of unknown) {
      const r = stored.get(o.objectId);
      if (!r) inserts.push(o);
      else if (Number(r.deleted) === 1 || Number(r.crm_version) < o.crmVersion) updates.push(o);
    }
    if (updates.length > 0) await this.updateRendered(kind, updates);
    if (inserts.length === 0) return;
    // Rendered objects without a row carry BrokerStar's default names (namespace 0); only tombstones
    // of other objects can hold them, and they give way as in `save`.
    await this.db(TABLE).where({ kind, deleted: 1, scope: 0 })
      .andWhere((w) => { w.whereIn('name', inserts.map((o) => o.name)).orWhereIn('uid', inserts.map((o) => o.uid)); }).delete();
    const inserted = await this.ignoringConflicts(() => this.db(TABLE).insert(inserts.map(newRow)));
    if (!inserted && inserts.length > 1) {
      // One conflicting row fails the whole batch insert; then the rest are inserted one by one.
      const present = new Set((await this.namesOf(kind, inserts.map((o) => o.objectId))).keys());
      for (const o of inserts.filter((i) => !present.has(i.objectId))) await this.ignoringConflicts(() => this.db(TABLE).insert(newRow(o)));
    }
  }

  /**
   * The stale rows of a chunk in one UPDATE (each column a CASE over the object id): after edits in
   * BrokerStar the next sync re-renders them, and a statement per row (MySQL: a round trip each)
   * was most of that sync's database time. The version condition is part of the statement, per
   * row: a concurrent device write with a newer version wins. A unique violation (a device took a
   * name or UID meanwhile) fails the whole statement; then the rows are written one by one and only
   * the conflicting one stays unsaved.
   */
  private async updateRendered(kind: ObjectKind, updates: readonly StoredObject[]): Promise<void> {
    const rows = updates.map(toRow);
    const byObject = (column: string) =>
      this.db.raw(`CASE object_id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END`, rows.flatMap((r) => [r.object_id, r[column]] as Knex.Value[]));
    const staleRows = (ids: readonly number[], newVersion: Knex.Raw | number) => this.db(TABLE).where('kind', kind).whereIn('object_id', ids)
      .andWhere((w) => { w.where('deleted', 1).orWhere('crm_version', '<', newVersion); });
    try {
      await staleRows(updates.map((o) => o.objectId), byObject('crm_version')).update({
        ...Object.fromEntries(RENDERED_COLUMNS.map((column) => [column, byObject(column)])),
        deleted: 0,
        updated_at: toSqlDateTime(new Date()),
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      for (const [i, o] of updates.entries()) await this.ignoringConflicts(() => staleRows([o.objectId], o.crmVersion).update(rows[i]!));
    }
  }

  async remove(kind: ObjectKind, objectId: number): Promise<void> {
    await this.db(TABLE).where({ kind, object_id: objectId })
      .update({ deleted: 1, body: null, updated_at: toSqlDateTime(new Date()) });
    // Only calendar objects have private parts (alarms); a contact delete spares the round trip.
    if (kind !== 'contact') await this.db(PRIVATE).where({ kind, object_id: objectId }).delete();
  }

  async privateParts(kind: ObjectKind, userId: number, objectIds: readonly number[]): Promise<Map<number, PrivateParts>> {
    const result = new Map<number, PrivateParts>();
    for (const chunk of chunked([...new Set(objectIds)])) {
      const rows: Array<{ object_id: unknown; parts: string; original: string; basis_etag: string }> = await this.db(PRIVATE)
        .where({ kind, user_id: userId }).whereIn('object_id', chunk).select('object_id', 'parts', 'original', 'basis_etag');
      for (const r of rows) result.set(toId(r.object_id), { parts: String(r.parts), original: String(r.original), basisEtag: String(r.basis_etag) });
    }
    return result;
  }

  async savePrivateParts(kind: ObjectKind, objectId: number, userId: number, p: PrivateParts | null): Promise<void> {
    const key = { kind, object_id: objectId, user_id: userId };
    if (p === null) await this.db(PRIVATE).where(key).delete();
    else {
      await this.db(PRIVATE).insert({ ...key, parts: p.parts, original: p.original, basis_etag: p.basisEtag })
        .onConflict(['kind', 'object_id', 'user_id']).merge(['parts', 'original', 'basis_etag']);
    }
  }

  private live(kind: ObjectKind): Knex.QueryBuilder {
    return this.db(TABLE).where({ kind, deleted: 0 });
  }

  /** `false` when the write hit a unique key (and changed nothing), `true` when it went through. */
  private async ignoringConflicts(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return false;
    }
  }

  /** The conflict a concurrent writer caused, named by the live holder of the UID or name. */
  private async conflictAfterRace(object: StoredObject): Promise<UidConflict> {
    const own: Row | undefined = await this.db(TABLE).where({ kind: object.kind, object_id: object.objectId }).first('scope');
    const scope = own ? Number(own.scope) : (object.namedBy ?? 0);
    const holder = (await this.findByUid(object.kind, object.uid, scope)) ?? (await this.findByName(object.kind, object.name, scope));
    return uidConflict(object, holder?.name ?? object.name);
  }
}



/** A new row: it takes the namespace of the user who names it (0: BrokerStar's default names). */
function newRow(o: StoredObject): Row {
  return { ...toRow(o), scope: o.namedBy ?? 0 };
}

function toRow(o: StoredObject): Row {
  return {
    kind: o.kind, object_id: o.objectId, name: o.name, uid: o.uid, body: o.body, etag: o.etag,
    crm_version: o.crmVersion, deleted: 0, updated_at: toSqlDateTime(new Date()), ...spanColumns(o),
  };
}

/**
 * The time-span index of calendar objects, read by `KnexSyncIndex.listMembersInRange`; written with
 * every body, so it always describes the stored representation (unknown: always a candidate).
 */
function spanColumns(o: StoredObject): Row {
  if (o.kind === 'contact' || !o.span) return { span_known: 0, span_start: null, span_end: null };
  return { span_known: 1, span_start: o.span.start?.getTime() ?? null, span_end: o.span.end?.getTime() ?? null };
}

/**
 * A device's two usual writes in one statement instead of a read of every holder and a write. An
 * edit that keeps its name and UID: no other row can hold either (both are unique per namespace),
 * so the compare-and-swap alone decides. A new object: the INSERT succeeds when its name, UID and
 * object are free. Anything else (a rename, a tombstone or a live object in the way, a changed
 * ETag) returns false, and the caller's full path decides; a refused INSERT is undone alone (a
 * statement-level rollback on MySQL and SQLite) and leaves the transaction usable.
 */
async function savedDirectly(trx: Knex.Transaction, object: StoredObject, expectedEtag: string | undefined): Promise<boolean> {
  if (expectedEtag !== undefined) {
    const same = { kind: object.kind, object_id: object.objectId, name: object.name, uid: object.uid, etag: expectedEtag, deleted: 0 };
    return (await trx(TABLE).where(same).update(toRow(object))) > 0;
  }
  try {
    await trx(TABLE).insert(newRow(object));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * The rows holding the object's id, or its name or UID in its namespace (the stored row's, else
 * `namedBy`): at most three, in one statement of three indexed branches. SQLite does not use the
 * unique indexes for an OR of them and would read every row of the kind (80 ms per PUT at 100 000
 * contacts); one statement keeps MySQL at one round trip.
 */
async function holdersOf(trx: Knex.Transaction, object: StoredObject): Promise<Row[]> {
  const rows = await compiledRows<Row>(trx, PLUGIN_TABLES, 'holders', (p) => {
    const columns = ['id', 'object_id', 'name', 'deleted'];
    const scope = trx.raw(`COALESCE((SELECT s.scope FROM ${TABLE} s WHERE s.kind = ? AND s.object_id = ?), ?)`, [p(0), p(1), p(2)]);
    const by = (column: string, value: string) => trx(TABLE).where('kind', p(0)).andWhere(column, value).andWhere('scope', scope).select(columns);
    return trx(TABLE).where('kind', p(0)).andWhere('object_id', p(1)).select(columns).unionAll([by('name', p(3)), by('uid', p(4))]);
  }, [object.kind, object.objectId, object.namedBy ?? 0, object.name, object.uid]);
  return [...new Map(rows.map((r) => [toId(r.id), r])).values()];
}
