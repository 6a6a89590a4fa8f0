import type { ContactFields } from '../../../domain/index.ts';
import { withChanges, type ContentLine } from '../contentline/ContentLine.ts';
import { readAnyCard } from './readCard.ts';
import { mergeName } from './namePrefix.ts';
import { MULTI_OWNED, renderOwned, SALUTATION_PROPERTY, SINGLE_OWNED } from './ownedProperties.ts';
import { sameMeaning } from './sameValue.ts';

/** What happens to each line of the stored card. */
interface Plan {
  /** Replacement for an owned line (null: drop it); absent for lines BrokerStar does not own. */
  readonly replace: Map<ContentLine, ContentLine | null>;
  /** New owned lines to write right after a stored line of the same property. */
  readonly after: Map<ContentLine, ContentLine[]>;
  /** New owned lines with no stored counterpart, written before END:VCARD. */
  readonly tail: ContentLine[];
}

const SINGLE = new Set<string>(SINGLE_OWNED);
/** Parameters that describe the old value (a 4.0 ADR LABEL is the old address) and so go with it. */
const REPLACED_PARAMS = new Set(['TYPE', 'PREF', 'VALUE', 'LABEL', 'X-APPLE-OMIT-YEAR']);

/**
 * Patches a stored card with CRM fields (RFC 6350 §6, RFC 2426 §3): keeps its version and every
 * line BrokerStar does not own exactly as stored; replaces owned lines in place, keeping their
 * group (so Apple's `itemN.X-ABLabel` stays attached) and keeping unchanged lines untouched.
 */
export function mergeIntoCard(uid: string, fields: ContactFields, previous: string): ContentLine[] {
  const card = readAnyCard(previous);
  const owned = renderOwned(uid, fields, card.version);
  const storedName = card.lines.find((l) => l.name === 'N');
  if (storedName) {
    const merged = mergeName(storedName, fields);
    owned.set('N', [merged.line]);
    if (merged.salutationInPrefix) owned.delete(SALUTATION_PROPERTY);
  }
  const plan: Plan = { replace: new Map(), after: new Map(), tail: [] };

  for (const name of [...SINGLE_OWNED.filter((n) => n !== 'PRODID'), 'URL']) {
    const stored = card.lines.filter((l) => l.name === name);
    // Only the first URL is the CRM's website; further URLs (social profiles) are the client's.
    const targets = name === 'URL' ? stored.slice(0, 1) : stored;
    planReplacement(plan, targets, owned.get(name) ?? []);
  }
  for (const name of MULTI_OWNED) {
    planReplacement(plan, card.lines.filter((l) => l.name === name), owned.get(name) ?? []);
  }

  // PRODID names the last writer: BrokerStar's only if it changed something (RFC 6350 §6.7.3).
  const changed = plan.tail.length > 0 || plan.after.size > 0 || [...plan.replace].some(([from, to]) => from !== to);
  const prodIds = card.lines.filter((l) => l.name === 'PRODID');
  if (changed) planReplacement(plan, prodIds, owned.get('PRODID') ?? []);

  const keptGroups = new Set<string>();
  for (const line of card.lines) {
    const replacement = plan.replace.has(line) ? plan.replace.get(line) : line;
    if (line.group && replacement && line.name !== 'X-ABLABEL') keptGroups.add(line.group.toLowerCase());
  }

  const out: ContentLine[] = [];
  for (const line of card.lines) {
    const replacement = plan.replace.has(line) ? plan.replace.get(line) : line;
    // An Apple label whose property went away would label nothing: drop it with its property.
    const orphanLabel = line.name === 'X-ABLABEL' && line.group && !keptGroups.has(line.group.toLowerCase());
    if (replacement && !orphanLabel) out.push(replacement);
    out.push(...(plan.after.get(line) ?? []));
  }
  return [...out, ...plan.tail];
}

/**
 * Pairs stored lines of one property with freshly rendered ones: first by meaning (the stored line
 * is kept as is), then by position (the stored line's group and non-TYPE parameters are kept).
 * Unpaired stored lines are dropped; unpaired new lines follow the last stored line of the property.
 */
function planReplacement(plan: Plan, stored: ContentLine[], fresh: ContentLine[]): void {
  const pairs = new Map<ContentLine, ContentLine>();
  const unusedStored = new Set(stored);
  const unpairedFresh: ContentLine[] = [];
  const singular = SINGLE.has(fresh[0]?.name ?? stored[0]?.name ?? '');
  for (const f of fresh) {
    const same = stored.find((s) => unusedStored.has(s) && sameMeaning(s, f));
    if (same) {
      pairs.set(same, same);
      unusedStored.delete(same);
    } else unpairedFresh.push(f);
  }
  const stillFresh: ContentLine[] = [];
  for (const f of unpairedFresh) {
    const index = fresh.indexOf(f);
    const slot = singular ? stored.find((s) => unusedStored.has(s)) : stored[index];
    if (slot && unusedStored.has(slot)) {
      pairs.set(slot, adopt(slot, f));
      unusedStored.delete(slot);
    } else stillFresh.push(f);
  }
  for (const s of stored) plan.replace.set(s, pairs.get(s) ?? null);
  const last = stored[stored.length - 1];
  if (stillFresh.length === 0) return;
  if (last) plan.after.set(last, [...(plan.after.get(last) ?? []), ...stillFresh]);
  else plan.tail.push(...stillFresh);
}

/** The fresh line, wearing the stored line's group and its parameters other than TYPE/PREF. */
function adopt(stored: ContentLine, fresh: ContentLine): ContentLine {
  const foreign = stored.params.filter((p) => !REPLACED_PARAMS.has(p.name));
  return withChanges(fresh, { group: stored.group, params: [...fresh.params, ...foreign] });
}
