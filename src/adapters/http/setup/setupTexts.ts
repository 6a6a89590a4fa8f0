import type { Language, SyncKind } from '../../../domain/index.ts';

/** Every text of the setup page, German (default) and English. Steps follow the BrokerStar user guide. */
export interface SetupTexts {
  title: string; signedInAs: string; language: string; otherLanguage: string;
  httpWarning: string;
  canSync: string; kind: string; synced: string; objects: string; reason: string; yes: string; no: string;
  kindName: Record<SyncKind, string>; askAdmin: string; groupFlagHint: (group: string, flag: string) => string;
  values: string; serverAddress: string; davUrl: string; login: string; password: string; passwordHint: string; copy: string; copied: string;
  appPasswords: string; appPasswordsIntro: string; requiredNote: string; deviceName: string; create: string; created: string; createdOnce: string;
  lastUsed: string; never: string; createdAt: string; revoke: string; noAppPasswords: string; revoked: string;
  outlook: string; outlookIntro: string; single: string; several: string;
  singleSteps: string[]; severalSteps: string[]; resourcesFound: string; folderType: Record<SyncKind, string>;
  apple: string; profileIntro: string; profileUnsigned: string; download: string; iosContacts: string[]; iosCalendar: string[];
  mac: string; macContacts: string[]; macCalendar: string[];
  android: string; davx5Intro: string; davx5Link: string; davx5Steps: string[]; qrAlt: string;
  thunderbird: string; thunderbirdSteps: string[];
  forbidden: string;
}

const de: SetupTexts = {
  title: 'BrokerStar: Geräte einrichten', signedInAs: 'Angemeldet als', language: 'Sprache', otherLanguage: 'English',
  httpWarning: 'Achtung: Diese Seite wird ohne Verschlüsselung (HTTP) ausgeliefert. Passwörter können mitgelesen werden, und iPhone/Mac verweigern die Anmeldung über HTTP. Bitte die Adresse mit https:// verwenden oder den Administrator fragen.',
  canSync: 'Was ich synchronisieren kann', kind: 'Daten', synced: 'Synchronisiert', objects: 'Einträge jetzt', reason: 'Grund / wen fragen',
  yes: 'Ja', no: 'Nein',
  kindName: { contacts: 'Kontakte', calendar: 'Kalender', tasks: 'Aufgaben' },
  askAdmin: 'Fragen Sie Ihren BrokerStar-Administrator.',
  groupFlagHint: (group, flag) => `Der Administrator kann "${flag}" im Admin-Modul unter "Benutzergruppen verwalten", Gruppe "${group}", Block "Mailing" aktivieren.`,
  values: 'Ihre Zugangsdaten', serverAddress: 'BrokerStar Adresse (Server)', davUrl: 'DAV URL', login: 'Benutzername (Loginname)',
  password: 'Passwort', passwordHint: 'Ihr BrokerStar Passwort oder ein App-Passwort für das Gerät (unten).', copy: 'Kopieren', copied: 'Kopiert',
  appPasswords: 'App-Passwörter', appPasswordsIntro: 'Ein eigenes Passwort pro Gerät: Geht ein Gerät verloren, widerrufen Sie nur dessen Passwort. Ihr BrokerStar Passwort bleibt unverändert.',
  requiredNote: 'Ihr Administrator verlangt App-Passwörter: Geräte melden sich nur mit einem App-Passwort an.',
  deviceName: 'Gerätename (z.B. iPhone Max)', create: 'App-Passwort erstellen', created: 'Neues App-Passwort für',
  createdOnce: 'Es wird nur jetzt angezeigt. Tragen Sie es im Gerät als Passwort ein.',
  lastUsed: 'Zuletzt verwendet', never: 'noch nie', createdAt: 'Erstellt', revoke: 'Widerrufen', noAppPasswords: 'Noch keine App-Passwörter.',
  revoked: 'Widerrufen:',
  outlook: 'Outlook (CalDav Synchronizer)',
  outlookIntro: 'Installieren Sie das Plugin "Outlook CalDav Synchronizer" und starten Sie Outlook neu. Gehen Sie auf den Reiter "CalDAV Synchronizer" und wählen Sie "Synchronisationsprofile".',
  single: 'Ein einzelnes Profil hinzufügen', several: 'Mehrere Profile hinzufügen',
  singleSteps: [
    'Klicken Sie auf das grüne Plus-Symbol und wählen Sie "Generisches Profil".',
    'Name: z.B. BrokerStar Kalender',
    'Outlook Ordner: der Ordner für die BrokerStar Daten (Tipp: einen neuen Unterordner erstellen, damit private und BrokerStar Daten getrennt bleiben).',
    'DAV URL: {dav}',
    'Username: {login} (Gross-/Kleinschreibung spielt keine Rolle)',
    'Passwort: {password}',
    'Synchronisierungsmodus und -intervall: Voreinstellung übernehmen.',
    'Klicken Sie auf "Test oder suche Einstellungen" und wählen Sie die Ressource "BrokerStar" (siehe unten).',
    'Die DAV URL wird automatisch angepasst. Mit "OK" (rechts unten) speichern; die Erst-Synchronisierung startet.',
  ],
  severalSteps: [
    'Klicken Sie auf das Symbol mit dem grünen Plus und den 3 Dokumenten und wählen Sie "Generisches Profil".',
    'Name: z.B. BrokerStar',
    'DAV URL: {dav}',
    'Username: {login} (Gross-/Kleinschreibung spielt keine Rolle)',
    'Passwort: {password}',
    'Klicken Sie auf "Suche nach Resourcen und weise Outlook Foldern zu": BrokerStar bietet je Typ eine Ressource "BrokerStar" an (siehe unten).',
    'Weisen Sie jeder Ressource einen Outlook-Ordner zu (Tipp: neue Unterordner) und bestätigen Sie mit "OK" (rechts unten).',
    'Für jede gewählte Ressource wurde ein Profil angelegt. Mit "OK" (unten rechts) speichern; die Erst-Synchronisierung startet.',
  ],
  resourcesFound: 'Ressourcen, die Outlook findet, und der passende Outlook-Ordnertyp:',
  folderType: { contacts: 'Kontakte-Ordner', calendar: 'Kalender-Ordner', tasks: 'Aufgaben-Ordner' },
  apple: 'iPhone / iPad', profileIntro: 'Ein Profil richtet Kontakte und Kalender/Aufgaben in einem Schritt ein, mit einem neuen App-Passwort für dieses Gerät. Öffnen Sie diese Seite auf dem iPhone/iPad in Safari, laden Sie das Profil und installieren Sie es unter Einstellungen → Profil geladen.',
  profileUnsigned: 'Das Profil ist nicht signiert: iOS zeigt "Nicht überprüft". Das ist erwartet; es funktioniert gleich.',
  download: 'Profil (.mobileconfig) laden',
  iosContacts: [
    'Kontakte: Einstellungen → "Kontakte" → "Accounts" → "Account hinzufügen" → "Andere" → "CardDAV-Account hinzufügen".',
    'Server: {host} · Benutzername: {login} · Passwort: {password} · Beschreibung: z.B. BrokerStar Kontakte',
    'Mit "Weiter" wird die Verbindung geprüft; der Account erscheint unter "Accounts".',
  ],
  iosCalendar: [
    'Kalender/Aufgaben: Einstellungen → "Kalender" → "Accounts" → "Account hinzufügen" → "Andere" → "CalDAV-Account hinzufügen".',
    'Server: {host} · Benutzername: {login} · Passwort: {password} · Beschreibung: z.B. BrokerStar Kalender',
    'Mit "Weiter" wird die Verbindung geprüft; wählen Sie, was synchronisiert werden soll, und tippen Sie auf "Sichern".',
  ],
  mac: 'Mac',
  macContacts: [
    'Kontakte: Systemeinstellungen → "Internet-Accounts" → "Anderen Account hinzufügen …" → "CardDAV-Account".',
    'Accounttyp: Manuell · Benutzername: {login} · Passwort: {password} · Serveradresse: {host}',
    'Mit "Anmelden" wird die Verbindung geprüft; danach können Sie die Beschreibung ändern.',
  ],
  macCalendar: [
    'Kalender/Aufgaben: Systemeinstellungen → "Internet-Accounts" → "Anderen Account hinzufügen …" → "CalDAV-Account".',
    'Accounttyp: Manuell · Benutzername: {login} · Passwort: {password} · Serveradresse: {host}',
    'Mit "Anmelden" wird die Verbindung geprüft; danach wählen Sie, welche Daten synchronisiert werden.',
  ],
  android: 'Android (DAVx⁵)', davx5Intro: 'Installieren Sie DAVx⁵. Scannen Sie dann den Code mit dem Telefon oder tippen Sie auf dem Telefon auf den Link: DAVx⁵ öffnet die Anmeldung mit Adresse und Benutzername.',
  davx5Link: 'In DAVx⁵ öffnen', qrAlt: 'QR-Code für DAVx⁵',
  davx5Steps: [
    'Von Hand: DAVx⁵ → "+" → "Mit URL und Benutzername anmelden".',
    'Basis-URL: {dav} · Benutzername: {login} · Passwort: {password}',
    'Konto anlegen, dann Adressbuch, Kalender und Aufgaben "BrokerStar" zum Synchronisieren anhaken.',
  ],
  thunderbird: 'Thunderbird',
  thunderbirdSteps: [
    'Kalender: "Neuer Kalender" → "Im Netzwerk"; Adressbuch: "Neues Adressbuch" → "CardDAV-Adressbuch hinzufügen".',
    'Benutzername: {login} · Adresse: {dav}',
    'Thunderbird findet die Kalender "BrokerStar" (Termine und Aufgaben) bzw. das Adressbuch "BrokerStar".',
  ],
  forbidden: 'Die Anfrage kam nicht von dieser Seite (Schutz vor fremden Seiten). Bitte die Seite neu laden und erneut versuchen.',
};

const en: SetupTexts = {
  title: 'BrokerStar: set up your devices', signedInAs: 'Signed in as', language: 'Language', otherLanguage: 'Deutsch',
  httpWarning: 'Warning: this page is served without encryption (HTTP). Passwords can be read by others, and iPhone/Mac refuse to sign in over HTTP. Use the https:// address or ask your administrator.',
  canSync: 'What I can sync', kind: 'Data', synced: 'Synced', objects: 'Items now', reason: 'Reason / whom to ask',
  yes: 'Yes', no: 'No',
  kindName: { contacts: 'Contacts', calendar: 'Calendar', tasks: 'Tasks' },
  askAdmin: 'Ask your BrokerStar administrator.',
  groupFlagHint: (group, flag) => `The administrator can enable "${flag}" in the admin module under "Benutzergruppen verwalten" (user groups), group "${group}", block "Mailing".`,
  values: 'Your sign-in values', serverAddress: 'BrokerStar address (server)', davUrl: 'DAV URL', login: 'User name (login)',
  password: 'Password', passwordHint: 'Your BrokerStar password or an app password for the device (below).', copy: 'Copy', copied: 'Copied',
  appPasswords: 'App passwords', appPasswordsIntro: 'One password per device: if a device is lost, revoke just its password. Your BrokerStar password stays as it is.',
  requiredNote: 'Your administrator requires app passwords: devices sign in with an app password only.',
  deviceName: 'Device name (e.g. iPhone Max)', create: 'Create app password', created: 'New app password for',
  createdOnce: 'It is shown only now. Enter it as the password on the device.',
  lastUsed: 'Last used', never: 'never', createdAt: 'Created', revoke: 'Revoke', noAppPasswords: 'No app passwords yet.',
  revoked: 'Revoked:',
  outlook: 'Outlook (CalDav Synchronizer)',
  outlookIntro: 'Install the "Outlook CalDav Synchronizer" plug-in and restart Outlook. Open the "CalDAV Synchronizer" tab and choose "Synchronization profiles".',
  single: 'Add a single profile', several: 'Add several profiles',
  singleSteps: [
    'Click the green plus icon and choose "Generic profile".',
    'Name: e.g. BrokerStar Calendar',
    'Outlook folder: the folder for the BrokerStar data (tip: create a new subfolder so that private and BrokerStar data stay apart).',
    'DAV URL: {dav}',
    'Username: {login} (upper or lower case does not matter)',
    'Password: {password}',
    'Synchronization mode and interval: keep the defaults.',
    'Click "Test or discover settings" and choose the resource "BrokerStar" (see below).',
    'The DAV URL is adjusted automatically. Save with "OK" (bottom right); the first sync starts.',
  ],
  severalSteps: [
    'Click the icon with the green plus and the 3 documents and choose "Generic profile".',
    'Name: e.g. BrokerStar',
    'DAV URL: {dav}',
    'Username: {login} (upper or lower case does not matter)',
    'Password: {password}',
    'Click "Discover resources and assign to Outlook folders": BrokerStar offers one resource "BrokerStar" per type (see below).',
    'Assign an Outlook folder to each resource (tip: new subfolders) and confirm with "OK" (bottom right).',
    'A profile was created for each chosen resource. Save with "OK" (bottom right); the first sync starts.',
  ],
  resourcesFound: 'Resources Outlook finds, and the Outlook folder type each needs:',
  folderType: { contacts: 'contacts folder', calendar: 'calendar folder', tasks: 'tasks folder' },
  apple: 'iPhone / iPad', profileIntro: 'A profile sets up contacts and calendar/tasks in one step, with a new app password for this device. Open this page on the iPhone/iPad in Safari, download the profile and install it under Settings → Profile Downloaded.',
  profileUnsigned: 'The profile is not signed: iOS shows "Not Verified". That is expected; it works the same.',
  download: 'Download profile (.mobileconfig)',
  iosContacts: [
    'Contacts: Settings → "Contacts" → "Accounts" → "Add Account" → "Other" → "Add CardDAV Account".',
    'Server: {host} · User name: {login} · Password: {password} · Description: e.g. BrokerStar Contacts',
    '"Next" checks the connection; the account appears under "Accounts".',
  ],
  iosCalendar: [
    'Calendar/tasks: Settings → "Calendar" → "Accounts" → "Add Account" → "Other" → "Add CalDAV Account".',
    'Server: {host} · User name: {login} · Password: {password} · Description: e.g. BrokerStar Calendar',
    '"Next" checks the connection; choose what to sync and tap "Save".',
  ],
  mac: 'Mac',
  macContacts: [
    'Contacts: System Settings → "Internet Accounts" → "Add Other Account…" → "CardDAV account".',
    'Account type: Manual · User name: {login} · Password: {password} · Server address: {host}',
    '"Sign In" checks the connection; afterwards you can change the description.',
  ],
  macCalendar: [
    'Calendar/tasks: System Settings → "Internet Accounts" → "Add Other Account…" → "CalDAV account".',
    'Account type: Manual · User name: {login} · Password: {password} · Server address: {host}',
    '"Sign In" checks the connection; then choose which data to sync.',
  ],
  android: 'Android (DAVx⁵)', davx5Intro: 'Install DAVx⁵. Then scan the code with the phone or tap the link on the phone: DAVx⁵ opens its login with the address and user name filled in.',
  davx5Link: 'Open in DAVx⁵', qrAlt: 'QR code for DAVx⁵',
  davx5Steps: [
    'By hand: DAVx⁵ → "+" → "Login with URL and user name".',
    'Base URL: {dav} · User name: {login} · Password: {password}',
    'Create the account, then tick the address book, calendar and tasks "BrokerStar" to sync.',
  ],
  thunderbird: 'Thunderbird',
  thunderbirdSteps: [
    'Calendar: "New Calendar" → "On the Network"; address book: "New Address Book" → "Add CardDAV Address Book".',
    'User name: {login} · Location: {dav}',
    'Thunderbird finds the calendars "BrokerStar" (events and tasks) and the address book "BrokerStar".',
  ],
  forbidden: 'The request did not come from this page (protection against other sites). Reload the page and try again.',
};

export const SETUP_TEXTS: Record<Language, SetupTexts> = { de, en };
