import { randomUUID } from 'node:crypto';

/** What an Apple configuration profile for one device needs. */
export interface AppleProfileValues {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Absolute path of the user's principal (`/dav/principals/max.muster/`). */
  readonly principalPath: string;
  readonly login: string;
  readonly password: string;
  readonly deviceLabel: string;
}

const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

function plistValue(v: PlistValue, indent: string): string {
  if (typeof v === 'string') return `${indent}<string>${esc(v)}</string>`;
  if (typeof v === 'number') return `${indent}<integer>${Math.trunc(v)}</integer>`;
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (Array.isArray(v)) return `${indent}<array>\n${v.map((x) => plistValue(x, `${indent}  `)).join('\n')}\n${indent}</array>`;
  const entries = Object.entries(v).map(([k, x]) => `${indent}  <key>${esc(k)}</key>\n${plistValue(x, `${indent}  `)}`);
  return `${indent}<dict>\n${entries.join('\n')}\n${indent}</dict>`;
}

/**
 * An unsigned `.mobileconfig` (Apple Configuration Profile Reference: com.apple.carddav.account,
 * com.apple.caldav.account) that creates both accounts with one install, the device's app password
 * inside. Unsigned, iOS and macOS show it as "Not Verified" before installing; it works the same.
 */
export function appleProfile(v: AppleProfileValues): string {
  const id = `brokerstar.dav.${v.host}.${v.login}`.replace(/[^A-Za-z0-9.-]/g, '-');
  const account = (kind: 'CardDAV' | 'CalDAV', type: string, suffix: string) => ({
    PayloadType: type,
    PayloadVersion: 1,
    PayloadIdentifier: `${id}.${suffix}`,
    PayloadUUID: randomUUID().toUpperCase(),
    PayloadDisplayName: `BrokerStar ${kind}`,
    [`${kind}AccountDescription`]: 'BrokerStar',
    [`${kind}HostName`]: v.host,
    [`${kind}Port`]: v.port,
    [`${kind}UseSSL`]: v.tls,
    [`${kind}PrincipalURL`]: v.principalPath,
    [`${kind}Username`]: v.login,
    [`${kind}Password`]: v.password,
  });
  const profile: PlistValue = {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: id,
    PayloadUUID: randomUUID().toUpperCase(),
    PayloadDisplayName: 'BrokerStar',
    PayloadDescription: `BrokerStar Kontakte, Kalender und Aufgaben (${v.deviceLabel})`,
    PayloadOrganization: 'BrokerStar',
    PayloadRemovalDisallowed: false,
    PayloadContent: [
      account('CardDAV', 'com.apple.carddav.account', 'carddav'),
      account('CalDAV', 'com.apple.caldav.account', 'caldav'),
    ],
  };
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    `<plist version="1.0">\n${plistValue(profile, '')}\n</plist>\n`;
}
