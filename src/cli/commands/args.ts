import { parseArgs, type ParseArgsConfig } from 'node:util';
import { normalizeLoginName, DomainError, type User } from '../../domain/index.ts';
import type { UserDirectory } from '../../ports/index.ts';
import { CliError } from '../CliError.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode with errors turned into operator messages. */
export function parse<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's message already names the option ("Unknown option '--x'"); drop its code suffix.
    throw new CliError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), true);
  }
}

export function requireString(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new CliError(`Missing --${option}.`, true);
  return value;
}

/** A non-negative whole-number option; absent means 0. */
export function count(value: string | undefined, option: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) throw new CliError(`--${option} must be a whole number (got "${value}").`);
  return Number(value);
}

export function login(raw: string): string {
  try {
    return normalizeLoginName(raw);
  } catch (err) {
    if (err instanceof DomainError) throw new CliError(err.message);
    throw err;
  }
}

export function noExtraPositionals(positionals: readonly string[], expected: number, usage: string): void {
  if (positionals.length > expected) throw new CliError(`Unexpected argument "${positionals[expected]}". Usage: ${usage}`, true);
}

/** Every login resolved to its user first, so an unknown one aborts before anything changes. */
export async function usersNamed(users: UserDirectory, logins: readonly string[]): Promise<User[]> {
  const found: User[] = [];
  for (const raw of logins) {
    const user = await users.findByLogin(login(raw));
    if (!user) throw new CliError(`Unknown user "${raw}".`);
    found.push(user);
  }
  return found;
}
