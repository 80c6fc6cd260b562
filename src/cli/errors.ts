export { UsageError } from '../errors.js';

/** Exit codes (DESIGN §7). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
