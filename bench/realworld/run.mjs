#!/usr/bin/env node
/**
 * Real-project validation: `npm run realworld [-- [--markdown] [--classes] [--update-doc] [--draft] [--mirrors <dir>] [project...]]`
 *
 * For each project pinned in bench/realworld/projects.json, materializes the pinned commit (only the listed
 * paths) from a local bare mirror (`<mirrors>/<owner>+<name>/repo`, default /work/.mirror, or the
 * REALWORLD_MIRRORS environment variable) into bench/.realworld/<project> (git-ignored), runs the built
 * jwtlint on it (json format) and compares its findings with the hand labels in
 * bench/realworld/labels/<project>.json. Prints per project and overall:
 *   precision = right / (right + wrong)   (debatable findings are listed but not judged either way;
 *                                          "strict" counts them as wrong)
 *   recall    = labelled misuses found / labelled misuses   (misuses = findings labelled right + misses)
 * A finding matches a label by rule, file and line (±LINE_SLACK lines, so a moved primary location still
 * matches). Findings without a label are printed as UNLABELLED so they can be judged.
 * `--update-doc` rewrites the figures block of bench/REALWORLD.md from a complete run.
 * `--classes` counts the remaining wrong, debatable and missed items by their label's class.
 * `--draft` appends unlabelled findings to the labels file with verdict TODO (to be judged by hand).
 * Not run in CI: CI has no mirrors. A missing mirror or commit skips that project with a message and
 * makes the exit code 2; it never crashes the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const workRoot = path.join(repoRoot, 'bench', '.realworld');
const cli = path.join(repoRoot, 'bin', 'jwtlint.js');
const LINE_SLACK = 2;

function parseArgs(argv) {
  const options = { markdown: false, mirrors: process.env.REALWORLD_MIRRORS || '/work/.mirror', only: [] };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--markdown') options.markdown = true;
    else if (argv[i] === '--draft') options.draft = true;
    else if (argv[i] === '--classes') options.classes = true;
    else if (argv[i] === '--update-doc') options.updateDoc = true;
    else if (argv[i] === '--mirrors') options.mirrors = argv[++i];
    else options.only.push(argv[i]);
  }
  return options;
}

function git(gitDir, args, input) {
  return spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 28 });
}

/** The bare git directory of a mirror, or undefined. Accepts `<owner>+<name>/repo` and `<owner>+<name>`. */
function mirrorOf(mirrors, repo) {
  const base = path.join(mirrors, repo.replace('/', '+'));
  for (const dir of [path.join(base, 'repo'), path.join(base, 'repo', '.git'), base]) {
    if (existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'))) return dir;
  }
  return undefined;
}

/**
 * Extracts the pinned paths of the commit into a fresh directory. Snapshots may lack their largest blobs,
 * so blobs absent from the mirror are excluded from the archive instead of failing it.
 */
function materialize(project, gitDir, dest) {
  const stamp = path.join(dest, '.realworld-commit');
  const key = `${project.commit} ${(project.paths ?? []).join(' ')}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return undefined;
  if (git(gitDir, ['cat-file', '-e', `${project.commit}^{commit}`]).status !== 0) {
    return `commit ${project.commit} is not in the mirror ${gitDir} (fetch a newer snapshot or re-pin)`;
  }
  const pathspecs = project.paths?.length ? project.paths : ['.'];
  const listing = git(gitDir, ['ls-tree', '-r', project.commit, '--', ...pathspecs]).stdout.toString();
  const blobs = listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      return { sha: meta.split(' ')[2], type: meta.split(' ')[1], file };
    })
    .filter((e) => e.type === 'blob');
  const check = git(gitDir, ['cat-file', '--batch-check'], blobs.map((b) => b.sha).join('\n') + '\n').stdout.toString();
  const missing = check
    .split('\n')
    .filter((l) => l.endsWith(' missing'))
    .map((l) => l.split(' ')[0]);
  const excludes = blobs.filter((b) => missing.includes(b.sha)).map((b) => `:(exclude,literal)${b.file}`);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const archive = git(gitDir, ['archive', '--format=tar', project.commit, '--', ...pathspecs, ...excludes]);
  if (archive.status !== 0) return `git archive failed: ${archive.stderr.toString().trim()}`;
  const untar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout, maxBuffer: 1 << 28 });
  if (untar.status !== 0) return `tar failed: ${untar.stderr.toString().trim()}`;
  // A repository marker makes the project its own scan root: its .gitignore applies, paths are project-relative.
  spawnSync('git', ['init', '-q', dest]);
  writeFileSync(stamp, key);
  return undefined;
}

function scan(dest) {
  const run = spawnSync(process.execPath, [cli, '-f', 'json', '--no-color', '.'], {
    cwd: dest,
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  if (run.status !== 0 && run.status !== 1) return { error: `jwtlint exited ${run.status}: ${run.stderr.trim().slice(0, 500)}` };
  try {
    return { report: JSON.parse(run.stdout) };
  } catch {
    return { error: `jwtlint output is not JSON: ${run.stdout.slice(0, 200)}` };
  }
}

function loadLabels(name) {
  const file = path.join(here, 'labels', `${name}.json`);
  if (!existsSync(file)) return { findings: [], misses: [], missingFile: true };
  try {
    const labels = JSON.parse(readFileSync(file, 'utf8'));
    return { findings: labels.findings ?? [], misses: labels.misses ?? [] };
  } catch (error) {
    return { error: `labels file ${path.relative(repoRoot, file)} is not valid JSON: ${error.message}` };
  }
}

/** The label for a finding: exact line first, then the nearest within LINE_SLACK. */
function matchLabel(finding, labels, used) {
  const candidates = labels.filter((l) => !used.has(l) && l.rule === finding.ruleId && l.file === finding.location.file);
  let best;
  for (const label of candidates) {
    const distance = Math.abs(label.line - finding.location.line);
    if (distance <= LINE_SLACK && (!best || distance < best.distance)) best = { label, distance };
  }
  if (best) used.add(best.label);
  return best?.label;
}

function evaluate(report, labels) {
  const used = new Set();
  const result = { right: 0, wrong: 0, debatable: 0, unlabelled: [], wrongList: [], debatableList: [] };
  const misuses = [...labels.findings.filter((l) => l.verdict === 'right'), ...labels.misses];
  const foundMisuses = new Set();
  // Label matches first (in location order), so a finding that was a labelled miss counts as right.
  for (const finding of report.findings) {
    const label = matchLabel(finding, labels.findings, used) ?? matchLabel(finding, labels.misses, used);
    if (!label || label.verdict === 'TODO') {
      result.unlabelled.push(finding);
      continue;
    }
    const verdict = labels.misses.includes(label) ? 'right' : label.verdict;
    if (verdict === 'right') {
      result.right += 1;
      foundMisuses.add(label);
    } else if (verdict === 'wrong') {
      result.wrong += 1;
      result.wrongList.push({ finding, label });
    } else {
      result.debatable += 1;
      result.debatableList.push({ finding, label });
    }
  }
  result.misuses = misuses.length;
  result.found = foundMisuses.size;
  result.missed = misuses.filter((m) => !foundMisuses.has(m));
  return result;
}

/** --draft: appends the unlabelled findings to the labels file with verdict TODO, for a reviewer to judge. */
function writeDraft(name, findings) {
  const file = path.join(here, 'labels', `${name}.json`);
  const labels = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { project: name, reviewed: '', findings: [], misses: [] };
  const known = new Set(labels.findings.map((l) => `${l.rule} ${l.file} ${l.line}`));
  for (const f of findings) {
    if (known.has(`${f.ruleId} ${f.location.file} ${f.location.line}`)) continue;
    labels.findings.push({ rule: f.ruleId, file: f.location.file, line: f.location.line, verdict: 'TODO', reason: f.message });
  }
  writeFileSync(file, JSON.stringify(labels, null, 2) + '\n');
}

const ratio = (a, b) => (b === 0 ? '  -  ' : (a / b).toFixed(2).padStart(5));
const where = (f) => `${f.location.file}:${f.location.line}`;

function printProject(name, r) {
  console.log(
    `\n== ${name}: precision ${ratio(r.right, r.right + r.wrong)} (right ${r.right}, wrong ${r.wrong}, debatable ${r.debatable})` +
      `  recall ${ratio(r.found, r.misuses)} (found ${r.found} of ${r.misuses} labelled misuses)`,
  );
  for (const { finding, label } of r.wrongList) console.log(`   WRONG      ${finding.ruleId} ${where(finding)}  ${label.reason}`);
  for (const { finding, label } of r.debatableList) console.log(`   DEBATABLE  ${finding.ruleId} ${where(finding)}  ${label.reason}`);
  for (const miss of r.missed) console.log(`   MISSED     ${miss.rule} ${miss.file}:${miss.line}  ${miss.reason}`);
  for (const f of r.unlabelled) console.log(`   UNLABELLED ${f.ruleId} ${where(f)}  ${f.message}`);
}

function tableLines(rows, total) {
  const lines = ['| Project | Findings | Right | Wrong | Debatable | Unlabelled | Precision | Labelled misuses | Found | Recall |'];
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of [...rows, ['**overall**', total]]) {
    const n = r.right + r.wrong + r.debatable + r.unlabelled.length;
    lines.push(
      `| ${name} | ${n} | ${r.right} | ${r.wrong} | ${r.debatable} | ${r.unlabelled.length} | ${ratio(r.right, r.right + r.wrong).trim()} | ${r.misuses} | ${r.found} | ${ratio(r.found, r.misuses).trim()} |`,
    );
  }
  return lines;
}

function printTable(rows, total) {
  console.log('');
  for (const line of tableLines(rows, total)) console.log(line);
}

/** --update-doc: rewrites the figures between the markers in bench/REALWORLD.md (a full run only). */
function updateDoc(rows, total) {
  const doc = path.join(repoRoot, 'bench', 'REALWORLD.md');
  const text = readFileSync(doc, 'utf8');
  const begin = '<!-- BEGIN FIGURES (npm run realworld -- --update-doc) -->';
  const end = '<!-- END FIGURES -->';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${doc} has no figures markers`);
  const head = spawnSync('git', ['-C', repoRoot, 'log', '-1', '--format=%h %cd', '--date=format:%Y-%m-%d %H:%M UTC'], { encoding: 'utf8' }).stdout.trim();
  const block = [
    begin,
    `Measured with jwtlint built from \`${head.split(' ')[0]}\` (${head.split(' ').slice(1).join(' ')}).`,
    '',
    ...tableLines(rows, total),
    '',
    `Strict precision (debatable as wrong): ${ratio(total.right, total.right + total.wrong + total.debatable).trim()}. ` + 'Targets (issue 12): precision ≥ 0.90, recall ≥ 0.85.',
    end,
  ].join('\n');
  writeFileSync(doc, text.slice(0, from) + block + text.slice(to + end.length));
}

/** --classes: the remaining wrong findings and misses (and debatable ones) counted by their label's class. */
function printClasses(rows) {
  const counts = new Map();
  const add = (kind, label) => {
    const key = `${kind} ${label.class ?? '(no class)'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const [, r] of rows) {
    for (const { label } of r.wrongList) add('wrong    ', label);
    for (const { label } of r.debatableList) add('debatable', label);
    for (const miss of r.missed) add('missed   ', miss);
  }
  console.log('\nRemaining by class (count, kind, class):');
  for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${key}`);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(repoRoot, 'dist', 'src'))) {
    console.error('realworld: jwtlint is not built: run `npm run build` first.');
    process.exit(2);
  }
  const { projects } = JSON.parse(readFileSync(path.join(here, 'projects.json'), 'utf8'));
  const selected = projects.filter((p) => options.only.length === 0 || options.only.includes(p.name));
  const rows = [];
  const problems = [];
  for (const project of selected) {
    const gitDir = mirrorOf(options.mirrors, project.repo);
    if (!gitDir) {
      problems.push(`${project.name}: no mirror of ${project.repo} under ${options.mirrors} (bring a snapshot there, e.g. with the fetch tool)`);
      continue;
    }
    const dest = path.join(workRoot, project.name);
    const failure = materialize(project, gitDir, dest);
    if (failure) {
      problems.push(`${project.name}: ${failure}`);
      continue;
    }
    const { report, error } = scan(dest);
    if (error) {
      problems.push(`${project.name}: ${error}`);
      continue;
    }
    const labels = loadLabels(project.name);
    if (labels.error) {
      problems.push(`${project.name}: ${labels.error}`);
      continue;
    }
    if (labels.missingFile) console.error(`realworld: ${project.name} has no labels file bench/realworld/labels/${project.name}.json`);
    const result = evaluate(report, labels);
    if (options.draft && result.unlabelled.length) writeDraft(project.name, result.unlabelled);
    rows.push([project.name, result]);
    printProject(project.name, result);
  }
  const total = rows.reduce(
    (t, [, r]) => ({
      right: t.right + r.right,
      wrong: t.wrong + r.wrong,
      debatable: t.debatable + r.debatable,
      unlabelled: [...t.unlabelled, ...r.unlabelled],
      misuses: t.misuses + r.misuses,
      found: t.found + r.found,
    }),
    { right: 0, wrong: 0, debatable: 0, unlabelled: [], misuses: 0, found: 0 },
  );
  console.log(
    `\nOVERALL over ${rows.length} project(s): precision ${ratio(total.right, total.right + total.wrong).trim()}` +
      ` (strict, debatable as wrong: ${ratio(total.right, total.right + total.wrong + total.debatable).trim()})` +
      `, recall ${ratio(total.found, total.misuses).trim()} (${total.found}/${total.misuses})` +
      (total.unlabelled.length ? `, ${total.unlabelled.length} unlabelled finding(s)` : ''),
  );
  if (options.markdown) printTable(rows, total);
  if (options.classes) printClasses(rows);
  if (options.updateDoc && options.only.length === 0 && problems.length === 0) updateDoc(rows, total);
  else if (options.updateDoc) console.error('realworld: --update-doc needs a complete run of every project; REALWORLD.md left as is.');
  for (const problem of problems) console.error(`realworld: SKIPPED ${problem}`);
  process.exitCode = problems.length ? 2 : 0;
}

main();
