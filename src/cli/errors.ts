/**
 * A problem with how jwtlint was invoked (bad flag, bad value, missing path). The CLI prints the message
 * as `jwtlint: <message>` on stderr and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
  }
}

/** Exit codes (DESIGN §7). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
