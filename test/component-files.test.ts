/**
 * `.vue`, `.svelte` and `.astro` files end to end: discovered by default, their script blocks analysed, and every
 * position (primary, related, suppression comments) exact in the original file in each output format.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/src/cli/main.js'))) {
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  }
});
afterAll(() => temps.cleanup());

// The finding shares its line with the opening tag and the template comes first: columns are file columns.
const VUE = [
  '<template>',
  '  <button @click="login">Sign in — token stored in localStorage.setItem(\'jwt\', token)</button>',
  '</template>',
  '',
  "<script setup lang=\"ts\">import { login as post } from './api'; async function login() { const res = await post(); localStorage.setItem('jwt', res.token) }",
  '</script>',
  '',
].join('\n');

const API = [
  'export async function login() {',
  "  const res = await fetch('https://api.example.com/login', { method: 'POST' });",
  '  return (await res.json()) as { token: string };',
  '}',
  '',
].join('\n');

const SVELTE = [
  '<script context="module" lang="ts">',
  "\timport jwt from 'jsonwebtoken';",
  "\texport const KEY = 'svelte-signing-secret';",
  '</script>',
  '',
  '<script lang="ts">',
  "\texport let id: string; const t = jwt.sign({ sub: id }, KEY, { expiresIn: '5m' });",
  '</script>',
  '',
  '<p>{t}</p>',
  '',
].join('\n');

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  expect(offset, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}
interface SarifResult {
  ruleId: string;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
}

describe('component files', { timeout: 60_000 }, () => {
  const dir = temps.create({ 'src/Login.vue': VUE, 'src/api.ts': API, 'src/Token.svelte': SVELTE });
  const storage = positionOf(VUE, "localStorage.setItem('jwt', res.token)");
  const secret = positionOf(SVELTE, "'svelte-signing-secret'");
  const use = positionOf(SVELTE, 'jwt.sign(');

  it('reports exact line:column in compact output for a .vue and a .svelte finding', () => {
    const r = runCli(['--format', 'compact'], { cwd: dir });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^src/Login\\.vue:${storage.line}:${storage.column}: warning: .*\\[token-in-web-storage\\]$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^src/Token\\.svelte:${secret.line}:${secret.column}: error: .*\\[hardcoded-secret\\]$`)));
    // Fixed numbers too, so a change in how positions are counted cannot pass unnoticed
    expect([storage, secret]).toEqual([
      { line: 5, column: 115 },
      { line: 3, column: 21 },
    ]);
    // Nothing from the template (its words mention localStorage and tokens too)
    expect(lines.filter((line) => line.startsWith('src/Login.vue'))).toHaveLength(1);
  });

  it('reports exact regions and related locations in SARIF', () => {
    const r = runCli(['--format', 'sarif'], { cwd: dir });
    const results = (JSON.parse(r.stdout) as { runs: { results: SarifResult[] }[] }).runs[0].results;
    const region = (result: SarifResult | undefined) => result?.locations[0].physicalLocation.region;
    const vue = results.find((result) => result.ruleId === 'token-in-web-storage');
    expect(vue?.locations[0].physicalLocation.artifactLocation.uri).toBe('src/Login.vue');
    expect(region(vue)).toEqual({
      startLine: storage.line,
      startColumn: storage.column,
      endLine: storage.line,
      endColumn: storage.column + "localStorage.setItem('jwt', res.token)".length,
      snippet: { text: VUE.split('\n')[storage.line - 1] },
    });
    const svelte = results.find((result) => result.ruleId === 'hardcoded-secret');
    expect(svelte?.locations[0].physicalLocation.artifactLocation.uri).toBe('src/Token.svelte');
    expect(region(svelte)).toMatchObject({ startLine: secret.line, startColumn: secret.column, endColumn: secret.column + "'svelte-signing-secret'".length });
    expect(svelte?.relatedLocations?.map((related) => related.physicalLocation.region)).toContainEqual(expect.objectContaining({ startLine: use.line, startColumn: use.column }));
  });

  it('gives the same positions in text and json output', () => {
    const text = runCli(['--format', 'text'], { cwd: dir }).stdout;
    expect(text).toContain(`${storage.line}:${storage.column}  warning`);
    expect(text).toContain(`${secret.line}:${secret.column}  error`);
    const json = JSON.parse(runCli(['--format', 'json'], { cwd: dir }).stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } }[] };
    expect(json.findings.map((f) => [f.location.file, f.location.line, f.location.column])).toEqual(
      expect.arrayContaining([
        ['src/Login.vue', storage.line, storage.column],
        ['src/Token.svelte', secret.line, secret.column],
      ]),
    );
  });

  it('honours suppression comments inside script blocks, on the lines of the file', () => {
    const suppressed = SVELTE.replace('\texport const KEY', '\t// jwtlint-disable-next-line hardcoded-secret -- demo key\n\texport const KEY');
    const dir2 = temps.create({ 'src/Token.svelte': suppressed });
    const r = runCli(['--format', 'sarif', '--include-suppressed'], { cwd: dir2 });
    const results = (JSON.parse(r.stdout) as { runs: { results: (SarifResult & { suppressions?: { justification?: string }[] })[] }[] }).runs[0].results;
    const secretResult = results.find((result) => result.ruleId === 'hardcoded-secret');
    expect(secretResult?.locations[0].physicalLocation.region.startLine).toBe(secret.line + 1);
    expect(secretResult?.suppressions?.[0].justification).toBe('demo key');
  });

  it('scans .vue, .svelte and .astro files named on the command line and skips their markup-only words', () => {
    const dir3 = temps.create({
      'src/Page.astro': "---\nconst t = 'x';\n---\n<p>localStorage.setItem('token', res.data.token)</p>\n",
    });
    const r = runCli(['--format', 'json', 'src/Page.astro'], { cwd: dir3 });
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; stats: { filesScanned: number; filesParsed: number } };
    expect(doc.stats.filesScanned).toBe(1);
    expect(doc.stats.filesParsed).toBe(0); // the prefilter reads the frontmatter only
    expect(doc.findings).toEqual([]);
  });
});
