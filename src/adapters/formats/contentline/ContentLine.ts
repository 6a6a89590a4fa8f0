/**
 * The content-line model shared by vCard (RFC 6350 §3.3) and iCalendar (RFC 5545 §3.1):
 * `[group "."] name *(";" param) ":" value`. Values stay escaped; `raw` keeps the unfolded original
 * so that lines BrokerStar does not own are written back exactly as the client sent them.
 */

export interface ContentParam {
  /** Upper-cased parameter name; vCard 2.1 bare parameters (`TEL;WORK:`) become `TYPE`. */
  readonly name: string;
  /** Values without surrounding quotes; a quoted value containing commas stays one value. */
  readonly values: readonly string[];
}

export interface ContentLine {
  readonly group: string | null;
  /** Upper-cased property name. */
  readonly name: string;
  readonly params: readonly ContentParam[];
  /** The value as written (still escaped). */
  readonly value: string;
  /** The unfolded line as received, or as built by {@link buildLine}. */
  readonly raw: string;
}

/** Parses one unfolded content line; returns null for text that is not a content line. */
export function parseContentLine(raw: string): ContentLine | null {
  const head = /^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)/.exec(raw);
  if (!head) return null;
  const params: ContentParam[] = [];
  let i = head[0].length;
  while (raw.charAt(i) === ';') {
    const parsed = readParam(raw, i + 1);
    params.push(parsed.param);
    i = parsed.next;
  }
  if (raw.charAt(i) !== ':') return null;
  return { group: head[1] ?? null, name: (head[2] ?? '').toUpperCase(), params, value: raw.slice(i + 1), raw };
}

function readParam(raw: string, start: number): { param: ContentParam; next: number } {
  let i = start;
  while (i < raw.length && !';:='.includes(raw.charAt(i))) i++;
  const name = raw.slice(start, i).toUpperCase();
  if (raw.charAt(i) !== '=') return { param: { name: 'TYPE', values: [name] }, next: i };
  const values: string[] = [];
  i++;
  for (;;) {
    let value = '';
    if (raw.charAt(i) === '"') {
      const close = raw.indexOf('"', i + 1);
      const end = close < 0 ? raw.length : close;
      value = raw.slice(i + 1, end);
      i = end + 1;
    } else {
      while (i < raw.length && !';:,'.includes(raw.charAt(i))) value += raw.charAt(i++);
    }
    values.push(value);
    if (raw.charAt(i) !== ',') break;
    i++;
  }
  return { param: { name, values }, next: i };
}

export interface LineParts {
  readonly group?: string | null;
  readonly name: string;
  readonly params?: readonly ContentParam[];
  readonly value: string;
}

/** Builds a content line, quoting parameter values that contain `:`, `;` or `,` (RFC 6350 §3.3). */
export function buildLine(parts: LineParts): ContentLine {
  const params = parts.params ?? [];
  const head = (parts.group ? `${parts.group}.` : '') + parts.name;
  const paramText = params
    .map((p) => `;${p.name}` + (p.values.length ? '=' + p.values.map(quoteParamValue).join(',') : ''))
    .join('');
  const raw = `${head}${paramText}:${parts.value}`;
  return { group: parts.group ?? null, name: parts.name.toUpperCase(), params, value: parts.value, raw };
}

function quoteParamValue(v: string): string {
  return /[:;,]/.test(v) ? `"${v.replace(/"/g, "'")}"` : v;
}

/** All values of a parameter (repeated parameters merged), as written. */
export function paramValues(line: ContentLine, name: string): string[] {
  const wanted = name.toUpperCase();
  return line.params.filter((p) => p.name === wanted).flatMap((p) => p.values);
}

/** First value of a parameter, or null. */
export function paramValue(line: ContentLine, name: string): string | null {
  return paramValues(line, name)[0] ?? null;
}

/** A copy of the line with other parameters, or another value, rebuilt from parts. */
export function withChanges(line: ContentLine, changes: Partial<LineParts>): ContentLine {
  return buildLine({
    group: changes.group !== undefined ? changes.group : line.group,
    name: changes.name ?? line.name,
    params: changes.params ?? line.params,
    value: changes.value ?? line.value,
  });
}
