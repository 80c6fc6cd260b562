/**
 * Dependency advisories against npm version ranges, with npm's own `semver` for the version arithmetic. It
 * answers one question: can a manifest entry resolve to an affected version? With a lock file the locked
 * version is checked exactly; otherwise the lowest version the range admits is checked (the version a fresh
 * install may legitimately pick when newer ones are yanked).
 */

import type { SemVer } from 'semver';
// the functions used, not the package index: it loads every function and class of semver (47 modules) at start
import compare from 'semver/functions/compare.js';
import gt from 'semver/functions/gt.js';
import parse from 'semver/functions/parse.js';
import satisfiesRange from 'semver/functions/satisfies.js';
import minVersionOf from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';
import { advisoriesFor, type Advisory } from '../models/advisories.js';

/** Parses an exact version (`1.2.3`, `v1.2.3-beta.1`, `=1.2.3`); undefined when it is not one. */
function parseVersion(text: string): SemVer | undefined {
  return parse(text.trim().replace(/^=\s*/, '')) ?? undefined;
}

export function formatVersion(version: SemVer): string {
  return version.version;
}

/** The normalised range; undefined when the text is not a semver range (git URL, tag, `file:`, `npm:` alias). */
export function parseRange(text: string): string | undefined {
  return validRange(text) ?? undefined;
}

/** Does the version satisfy the range (npm's rules: a prerelease only matches a range naming one)? undefined when either cannot be parsed. */
export function satisfies(version: string | SemVer, range: string): boolean | undefined {
  const parsed = typeof version === 'string' ? parseVersion(version) : version;
  const valid = parseRange(range);
  if (!parsed || valid === undefined) return undefined;
  return satisfiesRange(parsed, valid);
}

/** The lowest version a range admits (npm's `minVersion`); undefined when it admits none or cannot be parsed. */
export function minVersion(range: string): SemVer | undefined {
  const valid = parseRange(range);
  return valid === undefined ? undefined : (minVersionOf(valid) ?? undefined);
}

interface ResolvedCheck {
  /** The version that was checked. */
  version: string;
  /** 'lock': the version the lock file pins; 'range': the lowest version the manifest range admits. */
  basis: 'lock' | 'range';
  affected: boolean;
}

/**
 * Can a dependency resolve to a version in `affected`? Uses the locked version when there is one (exact),
 * else the lowest version the manifest range admits. undefined when neither can be determined (git URLs,
 * tags such as `latest`, `file:` / `workspace:` specifiers): unknown is never reported.
 */
export function resolvesToAffected(dependency: { range: string; locked?: string }, affected: string): ResolvedCheck | undefined {
  if (dependency.locked !== undefined) {
    const locked = parseVersion(dependency.locked);
    if (locked) {
      const inRange = satisfies(locked, affected);
      if (inRange !== undefined) return { version: formatVersion(locked), basis: 'lock', affected: inRange };
    }
  }
  const lowest = minVersion(dependency.range);
  if (!lowest) return undefined;
  const inRange = satisfies(lowest, affected);
  return inRange === undefined ? undefined : { version: formatVersion(lowest), basis: 'range', affected: inRange };
}

export interface AdvisoryMatch {
  /** Advisories whose affected range the dependency can resolve to. */
  advisories: Advisory[];
  /** The version checked (locked, or lowest admitted by the range). */
  check: ResolvedCheck;
  /** The lowest fixed version at or above the checked one that none of the advisories affects. */
  fixedIn?: string;
}

/** Known advisories a dependency can resolve to; undefined when none applies or the version is unknown. */
export function matchAdvisories(dependency: { name: string; range: string; locked?: string }): AdvisoryMatch | undefined {
  const matched: Advisory[] = [];
  let check: ResolvedCheck | undefined;
  for (const advisory of advisoriesFor(dependency.name)) {
    const result = resolvesToAffected(dependency, advisory.affected);
    if (result?.affected) {
      matched.push(advisory);
      check ??= result;
    }
  }
  if (!check || matched.length === 0) return undefined;
  const current = parseVersion(check.version)!;
  const fixedIn = matched
    .flatMap((advisory) => advisory.fixed)
    .map((text) => parseVersion(text))
    .filter((version): version is SemVer => version !== undefined && gt(version, current))
    .sort(compare)
    .find((version) => matched.every((advisory) => satisfies(version, advisory.affected) === false));
  return { advisories: matched, check, fixedIn: fixedIn ? formatVersion(fixedIn) : undefined };
}
