/**
 * A small npm-style semver range checker (no dependency): versions `1.2.3[-pre][+build]`, comparators
 * `< <= > >= =`, caret `^`, tilde `~`, x-ranges (`1.x`, `1.2.*`, `*`, `1`), hyphen ranges (`1.2 - 2.3.4`)
 * and `||`. It answers one question for dependency advisories: can a manifest entry resolve to an affected
 * version? With a lock file the locked version is checked exactly; otherwise the lowest version the range
 * admits is checked (the version a fresh install may legitimately pick when newer ones are yanked).
 */

import { advisoriesFor, type Advisory } from '../models/advisories.js';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

type Operator = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Operator;
  version: SemVer;
}
/** A comparator set (all must hold); an empty set admits every release version. */
type ComparatorSet = Comparator[];

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const PARTIAL = /^v?(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;

function prereleaseOf(text: string | undefined): (string | number)[] {
  if (!text) return [];
  return text.split('.').map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

/** Parses an exact version (`1.2.3`, `v1.2.3-beta.1`); undefined when it is not one. */
export function parseVersion(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim().replace(/^=\s*/, ''));
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: prereleaseOf(match[4]) };
}

export function formatVersion(version: SemVer): string {
  const base = `${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease.length > 0 ? `${base}-${version.prerelease.join('.')}` : base;
}

function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  const main = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (main !== 0) return Math.sign(main);
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1; // a release sorts after its prereleases
  if (b.prerelease.length === 0) return -1;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i += 1) {
    if (a.prerelease[i] === undefined) return -1;
    if (b.prerelease[i] === undefined) return 1;
    const c = compareIdentifiers(a.prerelease[i], b.prerelease[i]);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

const isWild = (part: string | undefined) => part === undefined || part === '*' || part === 'x' || part === 'X';
const v = (major: number, minor: number, patch: number, prerelease: (string | number)[] = []): SemVer => ({ major, minor, patch, prerelease });
/** The lowest version above every release of a prefix: `<2.0.0-0` excludes 2.0.0 prereleases too. */
const below = (major: number, minor: number, patch: number): Comparator => ({ op: '<', version: v(major, minor, patch, [0]) });

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: (string | number)[];
}

function parsePartial(text: string): Partial | undefined {
  const match = PARTIAL.exec(text);
  if (!match) return undefined;
  const major = isWild(match[1]) ? undefined : Number(match[1]);
  const minor = major === undefined || isWild(match[2]) ? undefined : Number(match[2]);
  const patch = minor === undefined || isWild(match[3]) ? undefined : Number(match[3]);
  return { major, minor, patch, prerelease: patch === undefined ? [] : prereleaseOf(match[4]) };
}

/** Lower and upper bounds of an x-range (`1`, `1.2`, `1.2.x`) as comparators. */
function xRange(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  if (p.minor === undefined) return [{ op: '>=', version: v(p.major, 0, 0) }, below(p.major + 1, 0, 0)];
  if (p.patch === undefined) return [{ op: '>=', version: v(p.major, p.minor, 0) }, below(p.major, p.minor + 1, 0)];
  return [{ op: '=', version: v(p.major, p.minor, p.patch, p.prerelease) }];
}

function caret(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = v(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  let high: Comparator;
  if (p.major > 0 || p.minor === undefined) high = below(p.major + 1, 0, 0);
  else if (p.minor > 0 || p.patch === undefined) high = below(0, p.minor + 1, 0);
  else high = below(0, 0, p.patch + 1);
  return [{ op: '>=', version: low }, high];
}

function tilde(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = v(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  const high = p.minor === undefined ? below(p.major + 1, 0, 0) : below(p.major, p.minor + 1, 0);
  return [{ op: '>=', version: low }, high];
}

function primitive(op: Operator, p: Partial): Comparator[] | undefined {
  if (op === '=') return xRange(p);
  if (p.major === undefined) return op === '<' || op === '>' ? undefined : []; // `<*` / `>*` admit nothing; `>=*` anything
  const full = p.minor !== undefined && p.patch !== undefined;
  if (full) return [{ op, version: v(p.major, p.minor!, p.patch!, p.prerelease) }];
  switch (op) {
    case '>=':
      return [{ op: '>=', version: v(p.major, p.minor ?? 0, 0) }];
    case '<':
      return [{ op: '<', version: v(p.major, p.minor ?? 0, 0, [0]) }];
    case '>':
      return [{ op: '>=', version: p.minor === undefined ? v(p.major + 1, 0, 0) : v(p.major, p.minor + 1, 0) }];
    case '<=':
      return [p.minor === undefined ? below(p.major + 1, 0, 0) : below(p.major, p.minor + 1, 0)];
  }
}

/** Parses a range into comparator sets; undefined when the text is not a semver range (git URL, tag, `file:`). */
export function parseRange(text: string): ComparatorSet[] | undefined {
  const sets: ComparatorSet[] = [];
  for (const rawSet of text.split('||')) {
    const setText = rawSet.trim().replace(/(<=|>=|<|>|=|\^|~>?)\s+/g, '$1');
    const set: Comparator[] = [];
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(setText);
    if (hyphen) {
      const from = parsePartial(hyphen[1]);
      const to = parsePartial(hyphen[2]);
      if (!from || !to) return undefined;
      if (from.major !== undefined) set.push({ op: '>=', version: v(from.major, from.minor ?? 0, from.patch ?? 0, from.prerelease) });
      if (to.major !== undefined) {
        if (to.minor === undefined) set.push(below(to.major + 1, 0, 0));
        else if (to.patch === undefined) set.push(below(to.major, to.minor + 1, 0));
        else set.push({ op: '<=', version: v(to.major, to.minor, to.patch, to.prerelease) });
      }
      sets.push(set);
      continue;
    }
    let unsatisfiable = false;
    for (const token of setText.split(/\s+/).filter(Boolean)) {
      const match = /^(<=|>=|<|>|=|\^|~>?)?(.*)$/.exec(token)!;
      const operator = match[1] ?? '=';
      const partial = parsePartial(match[2]);
      if (!partial) return undefined;
      if (operator === '^') set.push(...caret(partial));
      else if (operator === '~' || operator === '~>') set.push(...tilde(partial));
      else {
        const comparators = primitive(operator as Operator, partial);
        if (comparators === undefined) unsatisfiable = true;
        else set.push(...comparators);
      }
    }
    if (!unsatisfiable) sets.push(set);
  }
  return sets;
}

function holds(version: SemVer, comparator: Comparator): boolean {
  const c = compareVersions(version, comparator.version);
  switch (comparator.op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
  }
}

function setAdmits(set: ComparatorSet, version: SemVer): boolean {
  if (!set.every((comparator) => holds(version, comparator))) return false;
  if (version.prerelease.length === 0) return true;
  // npm: a prerelease only satisfies a set that names a prerelease of the same major.minor.patch
  return set.some((c) => c.version.prerelease.length > 0 && c.version.major === version.major && c.version.minor === version.minor && c.version.patch === version.patch);
}

/** Does the version satisfy the range? undefined when either cannot be parsed. */
export function satisfies(version: string | SemVer, range: string): boolean | undefined {
  const parsed = typeof version === 'string' ? parseVersion(version) : version;
  const sets = parseRange(range);
  if (!parsed || !sets) return undefined;
  return sets.some((set) => setAdmits(set, parsed));
}

/** The lowest version a range admits (npm's `minVersion`); undefined when it admits none or cannot be parsed. */
export function minVersion(range: string): SemVer | undefined {
  const sets = parseRange(range);
  if (!sets) return undefined;
  let best: SemVer | undefined;
  for (const set of sets) {
    let low: SemVer = v(0, 0, 0);
    for (const comparator of set) {
      let candidate: SemVer | undefined;
      if (comparator.op === '>=' || comparator.op === '=') candidate = comparator.version;
      else if (comparator.op === '>') {
        const c = comparator.version;
        candidate = c.prerelease.length > 0 ? v(c.major, c.minor, c.patch, [...c.prerelease, 0]) : v(c.major, c.minor, c.patch + 1);
      }
      if (candidate && compareVersions(candidate, low) > 0) low = candidate;
    }
    if (!set.every((comparator) => holds(low, comparator))) continue;
    if (!best || compareVersions(low, best) < 0) best = low;
  }
  return best;
}

export interface ResolvedCheck {
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
    .filter((version): version is SemVer => version !== undefined && compareVersions(version, current) > 0)
    .sort(compareVersions)
    .find((version) => matched.every((advisory) => satisfies(version, advisory.affected) === false));
  return { advisories: matched, check, fixedIn: fixedIn ? formatVersion(fixedIn) : undefined };
}
