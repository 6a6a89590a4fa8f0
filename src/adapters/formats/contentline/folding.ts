/**
 * Line folding shared by vCard (RFC 6350 §3.2, RFC 2426 §2.6) and iCalendar (RFC 5545 §3.1).
 * Both formats limit physical lines to 75 octets and continue a logical line on the next physical
 * line prefixed with one space or tab.
 */

const MAX_OCTETS = 75;

/**
 * Splits text into logical (unfolded) content lines. Accepts CRLF, bare LF and the `\r\r\n` that
 * Open-Xchange produces (normalised by Outlook CalDav Synchronizer too), and drops empty lines.
 */
export function unfoldLines(text: string): string[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r*\n|\r/);
  const logical: string[] = [];
  for (const line of physical) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && logical.length > 0) {
      logical[logical.length - 1] += line.slice(1);
    } else if (line.trim() !== '') {
      logical.push(line);
    }
  }
  return logical;
}

/**
 * Folds one logical line into physical lines of at most 75 octets (the continuation space
 * included). Splits only between code points so that a multi-octet UTF-8 sequence (ü, €, emoji)
 * never straddles a fold, as RFC 6350 §3.2 requires.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // continuation lines start with one space
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Joins logical lines into a document with folded lines and CRLF line ends (trailing CRLF included). */
export function serializeLines(lines: readonly string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
