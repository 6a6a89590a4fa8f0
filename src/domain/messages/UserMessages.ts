import type { SyncKind } from '../sync/SyncKind.ts';

/** Languages of the texts users and administrators read; German is BrokerStar's default. */
export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'de';

/** A text a user or administrator reads, with what it needs to be written out in any language. */
export type UserMessage =
  | { readonly key: 'account-inactive'; readonly login: string }
  | { readonly key: 'mailing-module-disabled'; readonly login: string }
  | { readonly key: 'group-flag-off'; readonly group: string; readonly kind: SyncKind }
  | { readonly key: 'contact-edit-forbidden'; readonly group: string }
  | { readonly key: 'contact-delete-forbidden'; readonly group: string }
  | { readonly key: 'sign-in' }
  | { readonly key: 'too-many-attempts' }
  | { readonly key: 'storage-unavailable' }
  | { readonly key: 'plugin-not-ready' }
  | { readonly key: 'plugin-shut-down' };

type Texts = { readonly [K in UserMessage['key']]: Record<Language, (m: Extract<UserMessage, { key: K }>) => string> };

/** The group flag as BrokerStar's user-group screen names it, per language. */
export const GROUP_FLAG_LABEL: Record<SyncKind, Record<Language, string>> = {
  contacts: { de: 'Kontakte synchronisieren', en: 'sync contacts' },
  calendar: { de: 'Kalender synchronisieren', en: 'sync calendar' },
  tasks: { de: 'Aufgaben synchronisieren', en: 'sync tasks' },
};

/** The one message catalogue: every text a device user or an administrator reads, in German and English. */
const TEXTS: Texts = {
  'account-inactive': {
    de: (m) => `Das BrokerStar-Konto "${m.login}" ist deaktiviert.`,
    en: (m) => `The BrokerStar account "${m.login}" is deactivated.`,
  },
  'mailing-module-disabled': {
    de: (m) =>
      `Die Synchronisierung gehört zum BrokerStar Mailing-Modul, das für "${m.login}" nicht aktiviert ist. ` +
      'Bitten Sie Ihren BrokerStar-Administrator, es in Ihrem Benutzerprofil zu aktivieren.',
    en: (m) =>
      `Synchronisation is part of the BrokerStar mailing module, which is not enabled for "${m.login}". ` +
      'Ask your BrokerStar administrator to enable it in your user profile.',
  },
  'group-flag-off': {
    de: (m) => `Die Benutzergruppe "${m.group}" erlaubt "${GROUP_FLAG_LABEL[m.kind].de}" nicht.`,
    en: (m) => `The user group "${m.group}" does not allow "${GROUP_FLAG_LABEL[m.kind].de} / ${GROUP_FLAG_LABEL[m.kind].en}".`,
  },
  'contact-edit-forbidden': {
    de: (m) => `Die Benutzergruppe "${m.group}" darf Kontakte nicht bearbeiten.`,
    en: (m) => `The user group "${m.group}" may not edit contacts.`,
  },
  'contact-delete-forbidden': {
    de: (m) => `Die Benutzergruppe "${m.group}" darf Kontakte nicht löschen; der Kontakt bleibt in BrokerStar.`,
    en: (m) => `The user group "${m.group}" may not delete contacts; the contact stays in BrokerStar.`,
  },
  'sign-in': {
    de: () => 'Bitte melden Sie sich mit Ihrem BrokerStar-Loginnamen und Passwort an.',
    en: () => 'Please sign in with your BrokerStar login name and password.',
  },
  'storage-unavailable': {
    de: () => 'BrokerStar ist gerade nicht erreichbar. Die Synchronisierung wird in wenigen Sekunden automatisch wiederholt.',
    en: () => 'BrokerStar cannot be reached right now. Synchronisation will be retried automatically in a few seconds.',
  },
  'plugin-not-ready': {
    de: () => 'BrokerStar DAV ist gerade nicht verfügbar. Die Synchronisierung wird später automatisch wiederholt.',
    en: () => 'BrokerStar DAV is not available right now. Synchronisation will be retried automatically later.',
  },
  'plugin-shut-down': {
    de: () => 'BrokerStar DAV wurde beendet.',
    en: () => 'BrokerStar DAV has been shut down.',
  },
  'too-many-attempts': {
    de: () => 'Zu viele fehlgeschlagene Anmeldungen. Bitte später erneut versuchen und das Passwort auf dem Gerät prüfen.',
    en: () => 'Too many failed sign-ins. Please try again later and check the password stored on the device.',
  },
};

export function messageText(message: UserMessage, language: Language = DEFAULT_LANGUAGE): string {
  const render = TEXTS[message.key][language] as (m: UserMessage) => string;
  return render(message);
}

/**
 * The language to answer in from an `Accept-Language` header (RFC 9110 §12.5.4): the supported
 * language with the highest weight (`de-CH` counts as `de`), German when none is acceptable.
 */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  let best: { language: Language; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag?.split('-')[0] ?? '';
    if (!(LANGUAGES as readonly string[]).includes(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { language: primary as Language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

/** The set-up hints of the stand-alone server's start page (placeholders: {server}, {dav}, {setup}, {example}). */
export const SETUP_HINTS: Record<Language, { readonly intro: string; readonly hints: readonly string[]; readonly status: string }> = {
  de: {
    intro: 'Kontakte, Kalender und Aufgaben aus BrokerStar mit Outlook, iPhone/iPad, macOS, Android (DAVx5) und Thunderbird synchronisieren.',
    hints: [
      'Server / DAV URL: {server} (CalDAV/CardDAV unter {dav})',
      'Persönliche Einrichtung mit Ihren Werten, App-Passwörtern, iPhone-Profil und DAVx⁵-QR-Code: {setup}',
      'Benutzername: Ihr BrokerStar Loginname (z.B. {example}); Passwort: Ihr BrokerStar Passwort oder ein App-Passwort',
      'Outlook: Plugin "Outlook CalDav Synchronizer", Generisches Profil, "Test oder suche Einstellungen"',
      'Voraussetzung: Mailing-Modul aktiviert und die Synchronisierung in der Benutzergruppe erlaubt',
    ],
    status: 'Status',
  },
  en: {
    intro: 'Sync contacts, calendar and tasks from BrokerStar with Outlook, iPhone/iPad, macOS, Android (DAVx5) and Thunderbird.',
    hints: [
      'Server / DAV URL: {server} (CalDAV/CardDAV under {dav})',
      'Personal set-up with your values, app passwords, iPhone profile and DAVx⁵ QR code: {setup}',
      'User name: your BrokerStar login name (e.g. {example}); password: your BrokerStar password or an app password',
      'Outlook: plug-in "Outlook CalDav Synchronizer", generic profile, "Test or discover settings"',
      'Requirement: the mailing module is enabled and the user group allows synchronisation',
    ],
    status: 'Status',
  },
};
