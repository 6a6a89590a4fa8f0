/** The unescaped value of the first `name` property of an iCalendar text (lines unfolded), or null. */
export function icsProperty(ics: string, name: string): string | null {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  const line = unfolded.split(/\r?\n/).find((l) => new RegExp(`^${name}[;:]`, 'i').test(l));
  if (!line) return null;
  const value = line.slice(line.indexOf(':', name.length) + 1);
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** How many context blocks the text holds. */
export function blockCount(ics: string): number {
  return (ics.replace(/\r?\n[ \t]/g, '').match(/\[BrokerStar\]\\n/g) ?? []).length;
}
