/**
 * Errors every layer may raise without depending on the command line (DESIGN §2: no layer imports cli/).
 */

/**
 * A problem with how jwtlint was invoked (bad flag, bad value, missing path, broken configuration). The CLI
 * prints the message as `jwtlint: <message>` on stderr and exits with code 2; the language server shows it once.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
  }
}
