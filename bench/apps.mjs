/**
 * The application corpus of `npm run bench`: real application sources (TypeScript with TSX, auth code included),
 * pinned by commit, materialized into bench/.apps/<name> (git-ignored) from a local git copy of each repository.
 *
 * Install step (once): make a git copy of each repository below at or after its pinned commit, in
 * bench/.apps-git/<owner>+<name> (e.g. `git clone --bare --filter=blob:limit=4m https://github.com/<owner>/<name>
 * bench/.apps-git/<owner>+<name>`), or point JWTLINT_APPS_GIT at a folder of such copies (bare or not; a
 * `<owner>+<name>/repo` layout works too). Only source files are extracted; files the copy lacks (large
 * binaries) are skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const APPS = [
  {
    name: 'logto',
    repo: 'logto-io/logto',
    commit: '1fbc55441fd28d9e3e7d69c1522e7654dccfe99c',
    why: 'identity product monorepo (Koa API, React/TSX consoles, connectors): 5,800 TS/TSX files, JWT issuing and verification, JWKS, tokens in the browser',
  },
];

const WANTED = /(\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)|(^|\/)package\.json|(^|\/)tsconfig[\w.-]*\.json)$/;

/** The git directory of a copy of `repo`, or undefined. */
function gitDirOf(repo, searchRoots) {
  const key = repo.replace('/', '+');
  for (const root of searchRoots) {
    for (const candidate of [path.join(root, key), path.join(root, key, 'repo'), path.join(root, key, '.git')]) {
      if (existsSync(path.join(candidate, 'HEAD')) && existsSync(path.join(candidate, 'objects'))) return candidate;
    }
  }
  return undefined;
}

/**
 * Extracts each pinned app's source files into `appsDir/<name>` (skipped when the same commit is already there).
 * Returns the app folders; throws with the install step when a copy is missing.
 */
export function materializeApps(benchDir) {
  const appsDir = path.join(benchDir, '.apps');
  const roots = [process.env.JWTLINT_APPS_GIT, path.join(benchDir, '.apps-git'), '/work/.mirror'].filter(Boolean);
  const folders = [];
  for (const app of APPS) {
    const target = path.join(appsDir, app.name);
    const stamp = path.join(target, '.jwtlint-bench-commit');
    folders.push(target);
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === app.commit) continue;
    const gitDir = gitDirOf(app.repo, roots);
    if (gitDir === undefined) {
      throw new Error(`no git copy of ${app.repo} in ${roots.join(', ')}: see the install step at the top of bench/apps.mjs`);
    }
    // Source files and manifests only: a copy without large binaries still extracts completely.
    const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', app.commit], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const files = listing.split('\n').filter((file) => WANTED.test(file));
    rmSync(target, { recursive: true, force: true });
    mkdirSync(path.join(target, '.git'), { recursive: true }); // a scan root of its own
    const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', app.commit, '--', ...files], {
      maxBuffer: 1 << 30,
      // git warns about blobs outside the selection that a filtered copy lacks; a real failure still throws.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    execFileSync('tar', ['-x', '-C', target], { input: archive });
    writeFileSync(stamp, app.commit);
  }
  return folders;
}
