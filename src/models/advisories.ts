import { libraryModels } from './index.js';
import type { Advisory } from './types.js';

/**
 * Known verification bypasses in JWT libraries, as data: each library's model lists its own
 * (`LibraryModel.advisories`, src/models/<library>.ts). Each entry names its sources (GitHub advisory id, CVE
 * id) and the affected npm range exactly as the advisory states it; `vulnerable-library` reports a dependency
 * that can resolve to an affected version.
 *
 * Only advisories that let a forged or unsigned token pass verification (or make that the default) are
 * listed; denial-of-service and availability issues are out of scope for a JWT-misuse scanner.
 */
export type { Advisory };

/** Date the advisory entries were last checked against the GitHub Advisory Database (shown in the rule docs). */
export const ADVISORY_SNAPSHOT_DATE = '2026-12-03';

/** Every advisory of every library model. */
export const advisories: readonly Advisory[] = libraryModels.flatMap((model) => model.advisories ?? []);

/** npm packages with at least one advisory. */
export function advisoryPackages(): ReadonlySet<string> {
  return new Set(advisories.map((advisory) => advisory.package));
}

/** Advisories of one npm package. */
export function advisoriesFor(packageName: string): readonly Advisory[] {
  return advisories.filter((advisory) => advisory.package === packageName);
}
