/**
 * The one declarative map of BrokerStar's CRM schema: every CRM table and column the knex adapter
 * and the change-journal triggers touch is named here. The logical names (keys) are those of the
 * reference schema; an installation whose physical names differ passes a {@link CrmSchemaMapping}
 * (plugin option `schema`, CLI `--schema FILE` / `CRM_SCHEMA_FILE`) instead of editing code.
 *
 * Only names are mapped: the value sets (`contact_scope` ALL/TEAM/OWN, task status, …) and the
 * column meanings must be BrokerStar's.
 */
export const REFERENCE_CRM = {
  user_groups: ['id', 'name', 'sync_contacts', 'sync_calendar', 'sync_tasks', 'may_edit_contacts', 'may_delete_contacts', 'created_at', 'updated_at'],
  users: ['id', 'login', 'password_hash', 'display_name', 'email', 'active', 'mailing_module_enabled', 'contact_scope', 'group_id', 'created_at', 'updated_at'],
  teams: ['id', 'name'],
  team_memberships: ['team_id', 'user_id'],
  contacts: ['id', 'kind', 'salutation', 'title', 'first_name', 'last_name', 'company', 'department', 'position', 'birthday', 'notes', 'website', 'owner_id', 'created_at', 'updated_at'],
  contact_addresses: ['id', 'contact_id', 'position', 'type', 'street', 'postal_code', 'city', 'region', 'country'],
  contact_phones: ['id', 'contact_id', 'position', 'type', 'number'],
  contact_emails: ['id', 'contact_id', 'position', 'type', 'address'],
  contact_shares: ['contact_id', 'user_id'],
  /** BrokerStar's customer categories ("Privatkunde", "Firmenkunde", "VIP", …) and which contact has which. */
  contact_categories: ['id', 'name'],
  contact_category_links: ['contact_id', 'category_id'],
  appointments: ['id', 'title', 'location', 'description', 'starts_at', 'ends_at', 'time_zone', 'all_day', 'rrule', 'owner_id', 'created_at', 'updated_at', 'contact_id'],
  appointment_assignees: ['appointment_id', 'user_id'],
  tasks: ['id', 'title', 'description', 'due_at', 'due_all_day', 'status', 'priority', 'percent_complete', 'completed_at', 'contact_id', 'owner_id', 'created_at', 'updated_at'],
  task_assignees: ['task_id', 'user_id'],
} as const;

export type CrmTable = keyof typeof REFERENCE_CRM;
export type CrmColumn<T extends CrmTable> = (typeof REFERENCE_CRM)[T][number];

/** An installation's physical names, given only where they differ from the reference schema. */
export type CrmSchemaMapping = {
  readonly [T in CrmTable]?: { readonly table?: string; readonly columns?: { readonly [C in CrmColumn<T>]?: string } };
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;

/**
 * Resolves logical names to physical ones. Queries keep using the logical names as result aliases,
 * so row types and row mappers stay those of the reference schema.
 */
export class CrmSchema {
  private constructor(
    private readonly tables: ReadonlyMap<CrmTable, string>,
    private readonly columns: ReadonlyMap<string, string>,
  ) {}

  /** The reference schema, or the reference schema with the given names replaced. */
  static of(mapping: CrmSchemaMapping = {}): CrmSchema {
    const tables = new Map<CrmTable, string>();
    const columns = new Map<string, string>();
    for (const table of Object.keys(mapping)) {
      if (!(table in REFERENCE_CRM)) throw new Error(`Schema mapping: unknown CRM table "${table}" (known: ${Object.keys(REFERENCE_CRM).join(', ')}).`);
    }
    for (const [table, names] of Object.entries(REFERENCE_CRM) as Array<[CrmTable, readonly string[]]>) {
      const entry = mapping[table] as { table?: string; columns?: Record<string, string | undefined> } | undefined;
      tables.set(table, checked(entry?.table ?? table, `table ${table}`));
      for (const column of Object.keys(entry?.columns ?? {})) {
        if (!names.includes(column)) throw new Error(`Schema mapping: unknown column "${column}" of CRM table "${table}".`);
      }
      for (const column of names) columns.set(`${table}.${column}`, checked(entry?.columns?.[column] ?? column, `column ${table}.${column}`));
    }
    return new CrmSchema(tables, columns);
  }

  static readonly reference: CrmSchema = CrmSchema.of();

  /** Physical table name. */
  t(table: CrmTable): string {
    return this.tables.get(table) as string;
  }

  /** Physical table name with an alias, for `db(...)` / joins: `contacts as c`. */
  as(table: CrmTable, alias: string): string {
    return `${this.t(table)} as ${alias}`;
  }

  /** Physical column name, optionally qualified by an alias: `c.Nachname`. */
  c<T extends CrmTable>(table: T, column: CrmColumn<T>, alias?: string): string {
    const name = this.columns.get(`${table}.${column}`) as string;
    return alias ? `${alias}.${name}` : name;
  }

  /** Select list `alias.physical as logical` for the given logical columns. */
  select(table: CrmTable, cols: readonly string[], alias?: string, prefix = ''): string[] {
    return cols.map((col) => {
      const physical = this.columns.get(`${table}.${col}`);
      if (physical === undefined) throw new Error(`No column "${col}" in the map of CRM table "${table}".`);
      return `${alias ? `${alias}.` : ''}${physical} as ${prefix}${col}`;
    });
  }

  /** A row keyed by logical columns, re-keyed by physical ones for INSERT/UPDATE. */
  row(table: CrmTable, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      const physical = this.columns.get(`${table}.${key}`);
      if (physical === undefined) throw new Error(`No column "${key}" in the map of CRM table "${table}".`);
      out[physical] = value;
    }
    return out;
  }

  /** Every mapped table with its physical columns (for `install --check`). */
  describe(): Array<{ table: CrmTable; physical: string; columns: Array<{ column: string; physical: string }> }> {
    return (Object.keys(REFERENCE_CRM) as CrmTable[]).map((table) => ({
      table,
      physical: this.t(table),
      columns: (REFERENCE_CRM[table] as readonly string[]).map((column) => ({ column, physical: this.columns.get(`${table}.${column}`) as string })),
    }));
  }
}

/** Physical names end up inside trigger bodies: only plain SQL identifiers are accepted. */
function checked(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Schema mapping: ${what} "${name}" is not a plain SQL identifier.`);
  return name;
}

/** Reads a schema map from a JSON file (`CRM_SCHEMA_FILE`, CLI `--schema`); no file: the reference schema. */
export async function loadCrmSchema(file: string | null | undefined): Promise<CrmSchema> {
  if (!file) return CrmSchema.reference;
  const { readFile } = await import('node:fs/promises');
  let mapping: unknown;
  try {
    mapping = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`Schema map "${file}" could not be read as JSON: ${(err as Error).message}`);
  }
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) throw new Error(`Schema map "${file}" must be a JSON object.`);
  return CrmSchema.of(mapping as CrmSchemaMapping);
}
