#!/usr/bin/env node
/**
 * jwtlint benchmark: `npm run bench [-- --runs N] [--skip-eslint] [--install-only] [--only packages|apps] [extra folders...]`
 *
 * Installs a pinned corpus of real packages into bench/.corpus (git-ignored), and ESLint 9 with
 * eslint-plugin-sonarjs into bench/.tools, then measures side by side, median of N runs, wall time and
 * peak RSS of: reading every file, TypeScript parse-only of every file, jwtlint cold, jwtlint with a warm
 * --cache, jwtlint on 5 files named on the command line (the pre-commit case), and ESLint + SonarJS's JWT
 * rules over the same files. It also scans a tree twice the corpus size to show memory does not grow with
 * it, and an application corpus (bench/apps.mjs: pinned application sources with TSX, where many more files
 * reach the parser than in a package tree). Every run checks that one process, --jobs 2 and a warm cache find
 * exactly the same. Prints the ratios and writes bench/RESULTS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS, materializeApps } from './apps.mjs';
import { EDIT_FILES, measureEditLatency, TARGET_MS } from './lsp-edit.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const corpusDir = path.join(here, '.corpus');
const toolsDir = path.join(here, '.tools');
const workDir = path.join(here, '.work');

export const CORPUS = {
  '@angular/common': '22.2.6',
  '@angular/compiler': '22.2.6',
  '@angular/core': '22.2.6',
  '@babel/core': '8.1.2',
  '@babel/preset-env': '8.0.7',
  '@nestjs/common': '12.5.1',
  '@nestjs/core': '12.5.1',
  '@nestjs/jwt': '12.0.2',
  'aws-sdk': '2.1693.0',
  express: '5.3.0',
  jose: '6.2.17',
  jsonwebtoken: '9.0.3',
  lodash: '4.17.21',
  mongoose: '9.12.1',
  next: '16.4.6',
  'passport-jwt': '4.0.1',
  react: '19.3.1',
  'react-dom': '19.3.1',
  rxjs: '7.8.2',
  three: '0.187.0',
  typescript: '5.9.3',
};
const TOOLS = { eslint: '9.39.5', 'eslint-plugin-sonarjs': '4.2.2', '@typescript-eslint/parser': '8.46.2', typescript: '5.9.3' };

function parseArgs(argv) {
  const options = { runs: 3, folders: [], skipEslint: false, installOnly: false, only: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--skip-eslint') options.skipEslint = true;
    else if (argv[i] === '--install-only') options.installOnly = true;
    else if (argv[i] === '--only') options.only = argv[++i];
    else options.folders.push(path.resolve(argv[i]));
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs needs a positive integer');
  if (options.only !== undefined && !['packages', 'apps'].includes(options.only)) throw new Error('--only takes packages or apps');
  return options;
}

/** npm install of pinned packages into a folder, skipped when the same set is already there. */
function ensureInstalled(dir, packages, label) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `jwtlint-bench-${label}`, private: true, dependencies: packages };
  const manifestPath = path.join(dir, 'package.json');
  const wanted = JSON.stringify(manifest, null, 2);
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === wanted && existsSync(path.join(dir, 'node_modules'))) return;
  writeFileSync(manifestPath, wanted);
  console.error(`installing ${label} (${Object.keys(packages).length} packages) into ${path.relative(repo, dir)} ...`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--legacy-peer-deps'], { cwd: dir, stdio: 'inherit' });
}

const hasGnuTime = existsSync('/usr/bin/time');

/** Runs a command; returns wall seconds and peak RSS (MB) of the child. */
function measure(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const timed = hasGnuTime ? ['/usr/bin/time', ['-f', '__RSS_KB=%M', command, ...args]] : [command, args];
  const result = spawnSync(timed[0], timed[1], { cwd: options.cwd ?? repo, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && !(options.okCodes ?? [0]).includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stderr.slice(-2000)}`);
  }
  const rss = /__RSS_KB=(\d+)/.exec(result.stderr ?? '');
  return {
    seconds,
    rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    stdout: result.stdout,
    stderr: (result.stderr ?? '').replace(/__RSS_KB=\d+\s*$/, '').replace(/^Command exited with non-zero status \d+\n?/m, ''),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function repeat(runs, run) {
  const samples = Array.from({ length: runs }, run);
  return { seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.rssMb)), last: samples[samples.length - 1] };
}

/** Lists the files jwtlint would scan with default excludes off (the same list every measurement uses). */
function listFiles(target) {
  const out = path.join(workDir, `files-${path.basename(target)}.json`);
  execFileSync(process.execPath, [path.join(here, 'list-files.mjs'), target, out], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  const files = JSON.parse(readFileSync(out, 'utf8'));
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  return { listPath: out, files, bytes };
}

/** Five files a pre-commit run would name: JWT library files by path (package corpus) or by their imports (apps). */
function pickNamedFiles(files) {
  const source = (file) => /\.(js|ts|tsx|mjs|cjs)$/.test(file) && !file.endsWith('.d.ts');
  const byPath = files.filter((file) => /jsonwebtoken|jose|passport-jwt|@nestjs\/jwt/.test(file) && source(file));
  if (byPath.length >= 5) return byPath.slice(0, 5);
  const importsJwt = /from ['"](jose|jsonwebtoken|jwt-decode|@nestjs\/jwt|passport-jwt|express-jwt)['"]/;
  const byImport = files.filter((file) => source(file) && importsJwt.test(readFileSync(file, 'utf8')));
  return (byImport.length >= 5 ? byImport : files).slice(0, 5);
}

/** Fingerprints of a JSON report, sorted: two runs found the same when these are equal. */
function findingKeys(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.fingerprint}`).sort();
}

function benchmarkTarget(target, label, options) {
  console.error(`\n== ${label}: ${target}`);
  const { listPath, files, bytes } = listFiles(target);
  const jwtlint = [path.join(repo, 'bin', 'jwtlint.js')];
  // Run from the target's own root (a `.git` marker), so this repository's .gitignore does not apply to it.
  const scanCwd = existsSync(path.join(target, '.git')) ? target : path.dirname(target);
  const outputOf = (mode) => path.join(workDir, `out-${label.replace(/\W+/g, '-')}-${mode}.json`);
  const scanArgs = (mode) => [path.relative(scanCwd, target) || '.', '--no-default-excludes', '--format', 'json', '--output', outputOf(mode)];
  const cacheDir = path.join(workDir, `cache-${label}`);
  const rows = {};
  rows.read = repeat(options.runs, () => measure(process.execPath, [path.join(here, 'read-all.mjs'), listPath]));
  rows.parse = repeat(options.runs, () => measure(process.execPath, [path.join(here, 'parse-all.mjs'), listPath]));
  const inTarget = { cwd: scanCwd, okCodes: [0, 1] };
  rows.cold = repeat(options.runs, () => measure(process.execPath, [...jwtlint, ...scanArgs('cold')], inTarget));
  rows.jobs2 = repeat(options.runs, () => measure(process.execPath, [...jwtlint, ...scanArgs('jobs2'), '--jobs', '2'], inTarget));
  rmSync(cacheDir, { recursive: true, force: true });
  measure(process.execPath, [...jwtlint, ...scanArgs('warm'), '--cache', cacheDir], inTarget);
  rows.warm = repeat(options.runs, () => measure(process.execPath, [...jwtlint, ...scanArgs('warm'), '--cache', cacheDir], inTarget));
  // Speed must never change what is found: one process, two processes and a warm cache agree exactly.
  const cold = findingKeys(outputOf('cold'));
  for (const mode of ['jobs2', 'warm']) {
    const other = findingKeys(outputOf(mode));
    if (JSON.stringify(other) !== JSON.stringify(cold)) throw new Error(`${label}: findings of the ${mode} run differ from the cold run (${other.length} vs ${cold.length})`);
  }
  const named = pickNamedFiles(files);
  rows.named = repeat(options.runs, () => measure(process.execPath, [...jwtlint, ...named, '--no-default-excludes', '--format', 'compact'], inTarget));
  const timing = measure(process.execPath, [...jwtlint, ...scanArgs('timing'), '--timing'], inTarget);
  if (!options.skipEslint) {
    rows.eslint = repeat(1, () => measure(process.execPath, [path.join(here, 'eslint-run.mjs'), listPath, toolsDir, scanCwd]));
  }
  const report = JSON.parse(readFileSync(outputOf('cold'), 'utf8'));
  // Files over the size limit are reported (notifications), not scanned: together they must be the same set.
  const accounted = report.stats.filesScanned + report.notifications.filter((n) => n.fileSkipped).length;
  if (accounted !== files.length) throw new Error(`jwtlint accounted for ${accounted} files, the baselines ${files.length}: the comparison would be unfair`);
  return { label, target, files: files.length, bytes, rows, named, timing: timing.stderr ?? timing.stdout, findings: report.findings?.length ?? 0, stats: report.stats };
}

/**
 * Summaries' share of the time (`--timing`'s `summaries` phase, which is measured inside `facts` and `rules`, over
 * the sum of the other phases): the dataflow layer's cost, reported beside the ratios it counts toward.
 */
function summariesShare(timing) {
  const phases = new Map([...timing.matchAll(/^\s*phase (\S+)\s+([\d.]+)/gm)].map((match) => [match[1], Number(match[2])]));
  const total = [...phases].filter(([name]) => name !== 'summaries').reduce((sum, [, ms]) => sum + ms, 0);
  const summaries = phases.get('summaries');
  return summaries === undefined || total === 0 ? 'n/a' : `${((100 * summaries) / total).toFixed(0)}%`;
}

function formatResults(results, options) {
  const lines = [];
  const fmt = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
  lines.push('# jwtlint benchmark results', '');
  lines.push(
    `Machine: ${os.cpus().length} vCPU (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Median of ${options.runs} runs (ESLint: 1 run).`,
    '',
  );
  lines.push(
    'Reproduce: `npm run bench` (first run installs the pinned corpus into bench/.corpus and the tools into bench/.tools, and extracts the application corpus into bench/.apps from a git copy: see bench/apps.mjs).',
    '',
  );
  for (const result of results) {
    lines.push(`## ${result.label}`, '', `${result.files} files, ${(result.bytes / 2 ** 20).toFixed(1)} MB; jwtlint findings: ${result.findings}.`, '');
    lines.push('| measurement | wall s | peak RSS MB |', '|---|---:|---:|');
    const names = {
      read: '(a) read all files',
      parse: '(b) TypeScript parse-only',
      cold: '(c) jwtlint cold',
      jobs2: '(c2) jwtlint cold, --jobs 2 (RSS: largest process)',
      warm: '(d) jwtlint warm --cache',
      named: '(e) jwtlint, 5 named files',
      eslint: '(f) ESLint 9 + sonarjs JWT rules',
    };
    for (const [key, name] of Object.entries(names)) {
      const row = result.rows[key];
      if (row) lines.push(`| ${name} | ${fmt(row.seconds)} | ${fmt(row.rssMb)} |`);
    }
    const r = result.rows;
    lines.push('', '| ratio | value | target |', '|---|---:|---|');
    lines.push(`| cold / parse-only | ${fmt(r.cold.seconds / r.parse.seconds)} | ≤ 0.5 |`);
    if (r.eslint) lines.push(`| ESLint / cold (speed-up) | ${fmt(r.eslint.seconds / r.cold.seconds)} | ≥ 20 |`);
    lines.push(`| --jobs 2 / cold (one process) | ${fmt(r.jobs2.seconds / r.cold.seconds)} | default --jobs is 1 unless this is < 1 |`);
    lines.push(`| warm / cold | ${fmt(r.warm.seconds / r.cold.seconds)} | ≤ 0.15 |`);
    lines.push(`| 5 named files, wall s | ${fmt(r.named.seconds)} | ≤ 0.25 |`);
    lines.push(`| cold peak RSS MB | ${fmt(r.cold.rssMb)} | ≤ 400 |`);
    lines.push(`| function summaries' share of the cold scan's phase time | ${summariesShare(result.timing)} | within the cold / parse-only target |`, '');
    lines.push('Time per phase and rule (`--timing`, one cold run):', '', '```', result.timing.trim(), '```', '');
  }
  return lines.join('\n');
}

/** The language server's edit-to-diagnostics time on each application corpus that names a file to edit. */
async function lspEditSection(appFolders) {
  const lines = [
    '## Language server: edit to diagnostics',
    '',
    '`jwtlint lsp --stdio` over stdio (a client that reports file events, so module resolution stays warm), one file of the application open, median over 10 edits after 3 warm-up edits, the 200 ms change debounce included (bench/lsp-edit.mjs).',
    '',
  ];
  lines.push('| corpus | file | first diagnostics after open (ms) | median edit → diagnostics (ms) | slowest (ms) | target |', '|---|---|---|---|---|---|');
  for (const [i, folder] of appFolders.entries()) {
    const file = EDIT_FILES[APPS[i].name];
    if (file === undefined) continue;
    const r = await measureEditLatency(folder, path.join(folder, file));
    lines.push(`| ${APPS[i].repo} | ${r.file} | ${r.openMs} | ${r.medianMs} | ${r.maxMs} | ≤ ${TARGET_MS} |`);
  }
  return lines.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(repo, 'dist', 'src', 'cli', 'main.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });
  mkdirSync(workDir, { recursive: true });
  const packages = options.only !== 'apps';
  const apps = options.only !== 'packages';
  if (packages) ensureInstalled(corpusDir, CORPUS, 'corpus');
  if (!options.skipEslint) ensureInstalled(toolsDir, TOOLS, 'tools');
  const appFolders = apps ? materializeApps(here) : [];
  if (options.installOnly) return;
  const results = [];
  if (packages) {
    // The corpus sits in a git-ignored folder of this repository: a `.git` marker makes it a scan root of its own.
    mkdirSync(path.join(corpusDir, '.git'), { recursive: true });
    const corpus = path.join(corpusDir, 'node_modules');
    // Twice the corpus (hard links: no extra disk) to show memory does not grow with tree size.
    const double = path.join(workDir, 'double');
    if (!existsSync(double)) {
      mkdirSync(path.join(double, '.git'), { recursive: true });
      for (const copy of ['a', 'b']) cpSync(corpus, path.join(double, copy), { recursive: true, verbatimSymlinks: true });
    }
    results.push(benchmarkTarget(corpus, 'Pinned corpus', options), benchmarkTarget(double, 'Corpus twice over', { ...options, skipEslint: true }));
  }
  for (const [i, folder] of appFolders.entries()) results.push(benchmarkTarget(folder, `Application corpus: ${APPS[i].repo}@${APPS[i].commit.slice(0, 10)}`, options));
  for (const folder of options.folders) results.push(benchmarkTarget(folder, `Folder ${path.basename(folder)}`, options));
  let markdown = formatResults(results, options);
  if (apps) markdown += `\n\n${await lspEditSection(appFolders)}`;
  // A partial run (--only) prints its figures but leaves the committed results of the full run alone.
  if (options.only === undefined) writeFileSync(path.join(here, 'RESULTS.md'), `${markdown}\n`);
  console.log(markdown);
}

await main();
