/**
 * An error the operator caused (unknown command, missing option, unknown login, …): printed as a
 * one-line message with exit code 1, never with a stack trace.
 */
export class CliError extends Error {
  constructor(message: string, readonly showUsage = false) {
    super(message);
    this.name = 'CliError';
  }
}
