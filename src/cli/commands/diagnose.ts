import { TOKENS } from '../../ports/index.ts';
import { diagnose, type Diagnosis } from '../../application/diagnose.ts';
import { CliError } from '../CliError.ts';
import { containerOf, invocationOf, type CliContext } from '../io.ts';
import { login, noExtraPositionals, parse } from './args.ts';

const USAGE = 'diagnose <login> [--json]';

/** `diagnose <login>`: in one screen, why this user can or cannot sync, and what the server tells their devices. */
export async function diagnoseCommand(args: readonly string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const [raw] = positionals;
  if (!raw) throw new CliError(`Missing login. Usage: ${USAGE}`, true);
  noExtraPositionals(positionals, 1, USAGE);
  const container = await containerOf(ctx);
  const users = container.get(TOKENS.UserDirectory);
  const user = await users.findByLogin(login(raw));
  if (!user) throw new CliError(`Unknown user "${login(raw)}" (logins are stored lowercase; see: user list).`);
  const result = await diagnose(user, {
    users, contacts: container.get(TOKENS.ContactDirectory), appointments: container.get(TOKENS.AppointmentBook), tasks: container.get(TOKENS.TaskList),
    loginFailures: container.get(TOKENS.LoginFailures), appPasswords: container.get(TOKENS.AppPasswords),
    devices: container.get(TOKENS.DeviceActivity), now: ctx.clock.now(),
  });
  if (values.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return;
  }
  for (const line of renderDiagnosis(result, invocationOf(ctx))) ctx.out(line);
}

const yesNo = (b: boolean) => (b ? 'yes' : 'NO');

/** The diagnosis as terminal lines; `cli` is how the operator runs the commands it suggests. */
export function renderDiagnosis(d: Diagnosis, cli: string): string[] {
  const lines = [
    `${d.login} — ${d.displayName}${d.email ? ` <${d.email}>` : ''}`,
    '',
    `Account active:        ${yesNo(d.account.active)}`,
    `Mailing module:        ${d.account.mailingModule ? 'on' : 'OFF (sync is part of the mailing module)'}`,
    `May sync at all:       ${yesNo(d.account.maySync)}`,
  ];
  if (d.account.refusal) {
    lines.push(`  every request is refused (403, ${d.account.refusal.reason}); the device is told:`);
    for (const [language, text] of Object.entries(d.account.refusal.texts)) lines.push(`    [${language}] ${text}`);
  }
  lines.push('', `Group "${d.group.name}":  may edit contacts ${yesNo(d.group.mayEditContacts)}, may delete contacts ${yesNo(d.group.mayDeleteContacts)}`);
  lines.push(`Contact scope:         ${d.scope}${d.teamMates.length ? ` (team mates: ${d.teamMates.join(', ')})` : d.scope === 'TEAM' ? ' (in no team)' : ''}`);
  lines.push('');
  for (const c of d.collections) {
    const state = c.synced ? 'synced' : 'NOT synced';
    lines.push(`${c.kind.padEnd(9)} group flag "${c.groupFlag.label}" of "${d.group.name}": ${c.groupFlag.on ? 'on' : 'OFF'} — ${state}, ${c.objects} objects`);
    lines.push(`          ${c.why}`);
    if (c.refusal && !d.account.refusal) {
      lines.push(`          refused (403, ${c.refusal.reason}); the device is told:`);
      for (const [language, text] of Object.entries(c.refusal.texts)) lines.push(`            [${language}] ${text}`);
    }
  }
  const fixes = fixesFor(d);
  if (fixes.length) lines.push('', 'To let this user sync:', ...fixes.map((f) => `  ${cli} ${f}`));
  if (d.failedLogins) {
    lines.push('', `Failed logins:         ${d.failedLogins.count} in the current ${d.failedLogins.windowMinutes}-minute window` +
      (d.failedLogins.throttled ? ' — THROTTLED: further wrong passwords get 429 (the right password still works)' : ''));
  }
  const when = (t: Date | null) => (t ? t.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');
  if (d.devicesSeen) {
    lines.push('', d.devicesSeen.length ? 'Devices seen (any password):' : 'Devices seen (any password): none yet');
    for (const s of d.devicesSeen) {
      const age = s.tokenAgeMs === null ? '' : `, sync token ${Math.round(s.tokenAgeMs / 60_000)} min old`;
      lines.push(`  ${s.clientFamily.padEnd(27)} last request ${when(s.lastSeen)}, last sync ${when(s.lastSync)}${age} — ${s.userAgent}`);
    }
  }
  if (d.devices) {
    lines.push('', d.devices.length ? 'Devices (app passwords):' : 'Devices (app passwords): none');
    for (const p of d.devices) lines.push(`  ${p.label} — created ${when(p.createdAt)}, last used ${when(p.lastUsedAt)}${p.lastClient ? ` (${p.lastClient})` : ''}`);
  }
  if (d.notRecorded.length) lines.push('', `Not recorded yet: ${d.notRecorded.join('; ')}.`);
  return lines;
}

/** The commands that lift each refusal (the 403 texts tell users to ask for exactly these). */
function fixesFor(d: Diagnosis): string[] {
  const quoted = (s: string) => (/^[\w.@-]+$/.test(s) ? s : `"${s.replace(/"/g, '\\"')}"`);
  const fixes: string[] = [];
  if (!d.account.active) fixes.push(`user activate ${d.login}`);
  if (!d.account.mailingModule) fixes.push(`user update ${d.login} --mailing-module`);
  const off = d.collections.filter((c) => !c.groupFlag.on).map((c) => `--sync-${c.kind}`);
  if (off.length) fixes.push(`group update ${quoted(d.group.name)} ${off.join(' ')}   (changes it for every member of the group)`);
  return fixes;
}
