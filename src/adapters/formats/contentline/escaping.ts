/**
 * TEXT value escaping, identical in RFC 6350 §3.4, RFC 2426 §4 and RFC 5545 §3.3.11:
 * backslash, comma, semicolon and newline are escaped.
 */

export function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Reverses {@link escapeText}. Lenient: `\N` is a newline too, and any other escaped character
 * stands for itself (Apple escapes `:` in URLs as `\:`).
 */
export function unescapeText(value: string): string {
  return value.replace(/\\(.)/gs, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Splits a structured value (N, ADR, ORG: RFC 6350 §3.3) at unescaped separators, returning the
 * still-escaped parts.
 */
export function splitUnescaped(value: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value.charAt(i + 1);
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Splits a structured value and unescapes every component. */
export function structuredComponents(value: string): string[] {
  return splitUnescaped(value, ';').map(unescapeText);
}

/** Builds a structured value from components, escaping each one. */
export function structuredValue(components: readonly (string | null)[]): string {
  return components.map((c) => escapeText(c ?? '')).join(';');
}
