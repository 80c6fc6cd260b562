import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { DOCS_DIR, README_FILE, existingDocs, renderAll, renderIndex, renderRuleDoc, updateReadme } from '../scripts/gen-docs.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const descriptors = allRules.map((rule) => rule.meta.descriptor);
const expected = renderAll(descriptors);
const FIX = 'run `npm run docs` and commit the result';

function onDisk(name: string): string | undefined {
  const file = path.join(repoRoot, DOCS_DIR, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

describe('generated rule docs', () => {
  it('one page per rule plus the index, and nothing else', () => {
    const extra = existingDocs(repoRoot).filter((name) => !expected.has(name));
    const missing = [...expected.keys()].filter((name) => onDisk(name) === undefined);
    const problems = [
      ...missing.map((name) => `${DOCS_DIR}/${name} is missing: ${FIX}`),
      ...extra.map((name) => `${DOCS_DIR}/${name} documents no existing rule: ${FIX} (it deletes pages of removed rules)`),
    ];
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('the index is up to date', () => {
    const actual = onDisk('README.md');
    expect(actual, `${DOCS_DIR}/README.md is missing: ${FIX}`).toBeDefined();
    expect(actual === renderIndex(descriptors), `${DOCS_DIR}/README.md is stale: ${FIX}`).toBe(true);
  });

  for (const rule of allRules) {
    it(`${rule.meta.id}.md is up to date`, () => {
      const actual = onDisk(`${rule.meta.id}.md`);
      expect(actual, `${DOCS_DIR}/${rule.meta.id}.md is missing: ${FIX}`).toBeDefined();
      expect(actual === renderRuleDoc(rule.meta.descriptor), `${DOCS_DIR}/${rule.meta.id}.md is stale: ${FIX}`).toBe(true);
    });
  }

  it(`the rule table in ${README_FILE} is up to date`, () => {
    const readme = readFileSync(path.join(repoRoot, README_FILE), 'utf8');
    expect(updateReadme(readme, descriptors) === readme, `the rule table in ${README_FILE} is stale: ${FIX}`).toBe(true);
  });

  it('each page carries every part of the meta', () => {
    for (const rule of descriptors) {
      const page = renderRuleDoc(rule);
      expect(page).toContain(`# ${rule.id}`);
      expect(page).toContain(rule.title);
      expect(page).toContain(`\`${rule.level}\``);
      for (const cwe of rule.cwe) expect(page).toContain(`CWE-${cwe}`);
      for (const reference of rule.references) expect(page).toContain(reference);
      for (const name of Object.keys(rule.options)) expect(page).toContain(`\`${name}\``);
      expect(page).toContain(rule.examples.bad.code.trimEnd());
      expect(page).toContain(rule.examples.good.code.trimEnd());
      expect(rule.helpUri).toBe(`${DOCS_DIR}/${rule.id}.md`);
    }
  });
});

describe('README usage', () => {
  it('documents every command-line option the CLI accepts', async () => {
    const { OPTION_NAMES } = await import('../src/cli/args.js');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('## Output formats'));
    const missing = OPTION_NAMES.filter((option) => !new RegExp(`\`[^\`]*${option}(?![\\w-])`).test(usage));
    expect(missing, `add these options to the README's Usage table: ${missing.join(', ')}`).toEqual([]);
  });
});
