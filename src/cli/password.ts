import { CliError } from './CliError.ts';
import type { CliContext } from './io.ts';

/** The password options every command that sets a password accepts. */
export const PASSWORD_OPTIONS = {
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

/**
 * The new password, from (in this order) `--password-stdin`, `--password` (visible in `ps` and
 * the shell history: kept for scripts, discouraged) or a hidden prompt on the terminal.
 */
export async function passwordFrom(values: { password?: string | undefined; 'password-stdin'?: boolean | undefined }, ctx: CliContext): Promise<string> {
  if (values['password-stdin'] && values.password !== undefined) throw new CliError('Give either --password or --password-stdin.');
  let password: string;
  if (values['password-stdin']) {
    if (!ctx.stdin) throw new CliError('--password-stdin: no standard input available.');
    // One line: the first line break ends the password (`echo … |` and `printf … |` alike).
    password = (await ctx.stdin()).split(/\r?\n/)[0] ?? '';
  } else if (values.password !== undefined) {
    password = values.password;
  } else if (ctx.promptSecret) {
    password = await ctx.promptSecret('Password: ');
    const again = await ctx.promptSecret('Password (again): ');
    if (again !== password) throw new CliError('The passwords do not match.');
  } else {
    throw new CliError('No password: give --password-stdin (e.g. from a file or a secret store), or run on a terminal to be asked.', true);
  }
  if (password === '') throw new CliError('The password must not be empty.');
  return password;
}
