/**
 * Parsers for the value syntaxes the configuration accepts. Each returns the value or `null`
 * when the text is not valid, so the schema can name the variable and what it expects.
 */

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, kb: 1024, k: 1024, kib: 1024, mb: 1024 ** 2, m: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, gib: 1024 ** 3,
};

/** "10MB", "512kb", "1.5 MiB" or a plain number of bytes (binary units: 1 KB = 1024 bytes). */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const factor = SIZE_UNITS[match[2]!.toLowerCase()];
  if (factor === undefined) return null;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

const DURATION_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "5m", "30s", "1500ms", "1h", "30d" or a plain number of milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const factor = DURATION_UNITS[match[2]!.toLowerCase()];
  if (factor === undefined) return null;
  const ms = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(ms) ? ms : null;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** 1/0, true/false, yes/no, on/off (any case); anything else is refused rather than read as "off". */
export function parseBoolean(text: string): boolean | null {
  const key = text.trim().toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  return null;
}

/** A TCP port 0–65535 (0: any free port), digits only. */
export function parsePort(text: string): number | null {
  if (!/^\s*\d{1,5}\s*$/.test(text)) return null;
  const port = Number(text);
  return port <= 65_535 ? port : null;
}
