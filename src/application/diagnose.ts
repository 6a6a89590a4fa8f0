import {
  decideAccountSync, decideKindSync, messageText, LANGUAGES, GROUP_FLAG_LABEL,
  type ContactScope, type Language, type SyncDecision, type SyncKind, type User,
} from '../domain/index.ts';
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from '../domain/index.ts';
import type { AppPasswords, DeviceActivity, AppointmentBook, ContactDirectory, LoginFailures, TaskList, UserDirectory } from '../ports/index.ts';

/** A refusal as the server answers it (403 body), in every language, with its stable reason. */
export interface Refusal {
  readonly reason: string;
  readonly texts: Record<Language, string>;
}

export interface CollectionDiagnosis {
  readonly kind: SyncKind;
  /** The group flag for this kind, as BrokerStar's group screen names it. */
  readonly groupFlag: { readonly label: string; readonly on: boolean };
  readonly synced: boolean;
  readonly refusal: Refusal | null;
  /** How many objects the collection contains (or would contain, were it synced) right now. */
  readonly objects: number;
  /** Where they come from. */
  readonly why: string;
  readonly breakdown: Readonly<Record<string, number>>;
}

export interface Diagnosis {
  readonly login: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly account: { readonly active: boolean; readonly mailingModule: boolean; readonly maySync: boolean; readonly refusal: Refusal | null };
  readonly group: { readonly name: string; readonly mayEditContacts: boolean; readonly mayDeleteContacts: boolean };
  readonly scope: ContactScope;
  readonly teamMates: readonly string[];
  readonly collections: readonly CollectionDiagnosis[];
  /** Failed logins for this login from any address in the current window, and whether further failures get 429. */
  readonly failedLogins: { readonly count: number; readonly windowMinutes: number; readonly throttled: boolean } | null;
  /** The user's app passwords, one per device: label, created, last use and client family (null: not asked). */
  readonly devices: ReadonlyArray<{ readonly label: string; readonly createdAt: Date; readonly lastUsedAt: Date | null; readonly lastClient: string | null }> | null;
  /** Devices seen recently (one per User-Agent): family, last request, last sync and the age of its sync token (null: not asked). */
  readonly devicesSeen: ReadonlyArray<{ readonly userAgent: string; readonly clientFamily: string; readonly lastSeen: Date; readonly lastSync: Date | null; readonly tokenAgeMs: number | null }> | null;
  /** What this diagnosis cannot show yet. */
  readonly notRecorded: readonly string[];
}

export interface DiagnosePorts {
  readonly users: UserDirectory;
  readonly contacts: ContactDirectory;
  readonly appointments: AppointmentBook;
  readonly tasks: TaskList;
  readonly loginFailures?: LoginFailures;
  readonly throttling?: ThrottlePolicy;
  readonly appPasswords?: AppPasswords;
  readonly devices?: DeviceActivity;
  readonly now?: Date;
}

function refusalOf(decision: SyncDecision): Refusal | null {
  if (decision.allowed) return null;
  const texts = Object.fromEntries(LANGUAGES.map((l) => [l, messageText(decision.message, l)])) as Record<Language, string>;
  return { reason: decision.reason, texts };
}

const FLAG_ON: Record<SyncKind, (u: User) => boolean> = {
  contacts: (u) => u.group.syncContacts,
  calendar: (u) => u.group.syncCalendar,
  tasks: (u) => u.group.syncTasks,
};

/**
 * Why a user can or cannot sync, in one structure: the account, the group's flags, what each
 * collection contains and why, and the exact texts the server answers to refused requests (from
 * the same decisions and message catalogue the server uses).
 */
export async function diagnose(user: User, ports: DiagnosePorts): Promise<Diagnosis> {
  const mateIds = [...(await ports.users.teamMateIds(user.id))].filter((id) => id !== user.id);
  const mates = (await Promise.all(mateIds.map((id) => ports.users.findById(id)))).filter((u): u is User => u !== null);
  const account = decideAccountSync(user);

  const collections: CollectionDiagnosis[] = [];
  for (const kind of ['contacts', 'calendar', 'tasks'] as const) {
    const decision = decideKindSync(user, kind);
    const counted = kind === 'contacts' ? await contactsWhy(user, new Set(mateIds), ports.contacts) : await assignedWhy(user, kind, ports);
    collections.push({
      kind, groupFlag: { label: GROUP_FLAG_LABEL[kind].de, on: FLAG_ON[kind](user) }, synced: decision.allowed,
      refusal: refusalOf(decision), ...counted,
    });
  }
  return {
    login: user.login, displayName: user.displayName, email: user.email,
    account: { active: user.active, mailingModule: user.mailingModuleEnabled, maySync: account.allowed, refusal: refusalOf(account) },
    group: { name: user.group.name, mayEditContacts: user.group.mayEditContacts, mayDeleteContacts: user.group.mayDeleteContacts },
    scope: user.contactScope,
    teamMates: mates.map((m) => m.login).sort(),
    collections,
    failedLogins: await failedLogins(user, ports),
    devices: ports.appPasswords
      ? (await ports.appPasswords.list(user.id)).map((p) => ({ label: p.label, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, lastClient: p.lastClient }))
      : null,
    devicesSeen: ports.devices ? await ports.devices.recent(user.id, 10, ports.now ?? new Date()) : null,
    notRecorded: [],
  };
}

async function failedLogins(user: User, ports: DiagnosePorts): Promise<Diagnosis['failedLogins']> {
  if (!ports.loginFailures) return null;
  const policy = ports.throttling ?? DEFAULT_THROTTLE_POLICY;
  // The per-login counter counts failures from every address; the address part of the key is not used for it.
  const { login } = await ports.loginFailures.counts(user.login, '', policy);
  return { count: login.count, windowMinutes: Math.round(policy.login.windowMs / 60_000), throttled: login.count >= policy.login.limit };
}

async function contactsWhy(user: User, mateIds: ReadonlySet<number>, contacts: ContactDirectory) {
  const ids = await contacts.visibleIds(user.id);
  const breakdown = { own: 0, teamMates: 0, everyoneElse: 0, sharedWithUser: 0 };
  // Owners only, a slice at a time: a scope-ALL user may see 100 000 contacts.
  for (let i = 0; i < ids.length; i += 1000) {
    for (const c of await contacts.getMany(ids.slice(i, i + 1000))) {
      if (c.ownerId === user.id) breakdown.own++;
      else if (user.contactScope === 'ALL') breakdown.everyoneElse++;
      else if (user.contactScope === 'TEAM' && mateIds.has(c.ownerId)) breakdown.teamMates++;
      else breakdown.sharedWithUser++;
    }
  }
  const parts = [`${breakdown.own} own`];
  if (user.contactScope === 'ALL') parts.push(`${breakdown.everyoneElse} of other users (scope ALL sees every contact)`);
  if (user.contactScope === 'TEAM') parts.push(`${breakdown.teamMates} of team mates (scope TEAM)`);
  parts.push(`${breakdown.sharedWithUser} shared with ${user.login}`);
  return { objects: ids.length, why: `scope ${user.contactScope}: ${parts.join(', ')}`, breakdown };
}

async function assignedWhy(user: User, kind: 'calendar' | 'tasks', ports: DiagnosePorts) {
  const ids = kind === 'calendar' ? await ports.appointments.assignedIds(user.id) : await ports.tasks.assignedIds(user.id);
  const what = kind === 'calendar' ? 'appointments' : 'tasks';
  return { objects: ids.length, why: `${ids.length} ${what} assigned to ${user.login} (only assignees sync them)`, breakdown: { assigned: ids.length } };
}
