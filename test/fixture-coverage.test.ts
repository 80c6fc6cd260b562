/**
 * Fixture coverage (DESIGN.md §5): one fixture per (rule × library) pair where the rule applies to the library.
 * For every rule and every library model (plus decoding by hand), either `fixtures/<rule>/<library>.ts` (or a
 * folder of that name) exists, or `fixtures/EXEMPTIONS.md` names the pair with the reason the rule cannot apply.
 *
 * Exemption lines: `- rule-a, rule-b × lib-a, lib-b — reason` (`every library` in place of the library list).
 * Every id they name must exist, every line must give a reason, and a pair named explicitly must not also
 * have a fixture (the exemption would be stale).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { byHand } from '../src/models/by-hand.js';
import { libraryModels } from '../src/models/index.js';

const fixturesRoot = path.resolve(import.meta.dirname, '..', 'fixtures');
const exemptionsFile = path.join(fixturesRoot, 'EXEMPTIONS.md');

const ruleIds = allRules.map((rule) => rule.meta.id);
const libraryIds = [...libraryModels.map((model) => model.id), byHand.id];
const EVERY_LIBRARY = 'every library';

interface Exemption {
  line: number;
  rules: string[];
  /** Library ids, or 'every library'. */
  libraries: string[] | typeof EVERY_LIBRARY;
  reason: string;
}

const ITEM = /^\s*-\s+(.+?)\s+×\s+(.+?)\s+—\s+(.*)$/;

/** Parses the exemption list; lines that start like an item but do not have the form are reported as problems. */
function parseExemptions(text: string): { exemptions: Exemption[]; problems: string[] } {
  const exemptions: Exemption[] = [];
  const problems: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((content, index) => {
    if (!/^\s*-\s/.test(content)) return;
    const match = ITEM.exec(content);
    if (!match) {
      problems.push(`EXEMPTIONS.md:${index + 1}: not of the form "- rule-a, rule-b × lib-a, lib-b — reason": ${content.trim()}`);
      return;
    }
    const list = (s: string) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    const libraries = match[2].trim() === EVERY_LIBRARY ? EVERY_LIBRARY : list(match[2]);
    exemptions.push({ line: index + 1, rules: list(match[1]), libraries, reason: match[3].trim() });
  });
  return { exemptions, problems };
}

/** Is there a fixture file or folder for the pair? */
function hasFixture(root: string, rule: string, library: string): boolean {
  return existsSync(path.join(root, rule, `${library}.ts`)) || existsSync(path.join(root, rule, library));
}

/** Pairs with neither a fixture nor an exemption, and problems in the exemption list itself. */
function coverageProblems(root: string, rules: readonly string[], libraries: readonly string[], exemptionsText: string): string[] {
  const { exemptions, problems } = parseExemptions(exemptionsText);
  const knownRules = new Set(rules);
  const knownLibraries = new Set(libraries);
  const exempt = new Set<string>();
  const key = (rule: string, library: string) => `${rule} × ${library}`;
  for (const exemption of exemptions) {
    if (exemption.reason.length < 10) problems.push(`EXEMPTIONS.md:${exemption.line}: give the reason the rule cannot apply`);
    for (const rule of exemption.rules) if (!knownRules.has(rule)) problems.push(`EXEMPTIONS.md:${exemption.line}: unknown rule id '${rule}'`);
    if (exemption.libraries !== EVERY_LIBRARY) {
      for (const library of exemption.libraries) if (!knownLibraries.has(library)) problems.push(`EXEMPTIONS.md:${exemption.line}: unknown library id '${library}'`);
    }
    for (const rule of exemption.rules) {
      const named = exemption.libraries === EVERY_LIBRARY ? libraries : exemption.libraries;
      for (const library of named) {
        exempt.add(key(rule, library));
        if (exemption.libraries !== EVERY_LIBRARY && knownRules.has(rule) && hasFixture(root, rule, library)) {
          problems.push(`EXEMPTIONS.md:${exemption.line}: ${key(rule, library)} is exempted but fixtures/${rule}/${library} exists: remove the exemption`);
        }
      }
    }
  }
  for (const rule of rules) {
    for (const library of libraries) {
      if (!hasFixture(root, rule, library) && !exempt.has(key(rule, library))) {
        problems.push(`${key(rule, library)}: add fixtures/${rule}/${library}.ts, or a line in fixtures/EXEMPTIONS.md saying why the rule cannot apply`);
      }
    }
  }
  return problems;
}

describe('fixture coverage', () => {
  it('knows the rules and libraries', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
    expect(libraryIds).toContain('by-hand');
    expect(libraryIds.length).toBe(libraryModels.length + 1);
  });

  it('has a fixture or an exemption for every rule × library pair', () => {
    expect(coverageProblems(fixturesRoot, ruleIds, libraryIds, readFileSync(exemptionsFile, 'utf8'))).toEqual([]);
  });
});

describe('fixture coverage check (self-test)', () => {
  const root = path.join(fixturesRoot, '..', 'test', '__no_such_fixtures__');
  const rules = ['rule-a', 'rule-b'];
  const libraries = ['lib-x', 'lib-y'];

  it('fails for a pair with neither fixture nor exemption', () => {
    const problems = coverageProblems(root, rules, libraries, '- rule-a × lib-x, lib-y — decode only, nothing to check here\n- rule-b × lib-x — decode only, nothing to check here\n');
    expect(problems).toEqual(['rule-b × lib-y: add fixtures/rule-b/lib-y.ts, or a line in fixtures/EXEMPTIONS.md saying why the rule cannot apply']);
  });

  it('accepts "every library" and several rules on one line', () => {
    expect(coverageProblems(root, rules, libraries, '- rule-a, rule-b × every library — a manifest-level rule with no code\n')).toEqual([]);
  });

  it('rejects unknown ids, missing reasons and malformed lines', () => {
    const problems = coverageProblems(root, rules, libraries, '- rule-a, rule-c × lib-x, lib-z — typo in the ids here\n- rule-b × every library — \n- rule-a: lib-y\n');
    expect(problems).toContain("EXEMPTIONS.md:1: unknown rule id 'rule-c'");
    expect(problems).toContain("EXEMPTIONS.md:1: unknown library id 'lib-z'");
    expect(problems.some((p) => p.startsWith('EXEMPTIONS.md:2:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('EXEMPTIONS.md:3: not of the form'))).toBe(true);
  });

  it('rejects an exemption for a pair that has a fixture', () => {
    const problems = coverageProblems(fixturesRoot, ['decode-without-verify'], ['jose'], '- decode-without-verify × jose — stale: there is a fixture\n');
    expect(problems).toEqual(['EXEMPTIONS.md:1: decode-without-verify × jose is exempted but fixtures/decode-without-verify/jose exists: remove the exemption']);
  });
});
