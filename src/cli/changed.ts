/**
 * `--changed [REF]`: the files changed against a git ref, for pull-request jobs and local runs. Without a ref,
 * the base is the merge base of HEAD with the default branch (`origin/$GITHUB_BASE_REF` in a GitHub pull request,
 * else origin/HEAD, else origin/main, origin/master, main, master — the first that exists).
 * Changed = committed since the base, staged, unstaged and untracked (not ignored); deleted files are left out.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from './errors.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch (error) {
    const status = (error as { status?: number | null }).status;
    if (typeof status === 'number') return undefined; // git ran and said no
    throw new UsageError(`--changed needs git: ${(error as Error).message}`);
  }
}

function refExists(cwd: string, ref: string): boolean {
  return tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
}

/** The default branch to compare with, or undefined when none can be found. */
function defaultBranch(cwd: string, env: Record<string, string | undefined>): string | undefined {
  const candidates: string[] = [];
  if (env.GITHUB_BASE_REF) candidates.push(`origin/${env.GITHUB_BASE_REF}`, env.GITHUB_BASE_REF);
  const originHead = tryGit(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])?.trim();
  if (originHead) candidates.push(originHead);
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  return candidates.find((ref) => refExists(cwd, ref));
}

export interface ChangedFiles {
  /** Absolute paths of changed files that still exist. */
  files: Set<string>;
  /** The commit compared against, and how it was chosen (for messages). */
  base: string;
  description: string;
}

export function changedFiles(cwd: string, ref: string | null, env: Record<string, string | undefined>): ChangedFiles {
  const top = tryGit(cwd, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) throw new UsageError(`--changed needs a git repository; ${cwd} is not inside one`);
  let base: string;
  let description: string;
  if (ref !== null) {
    if (!refExists(cwd, ref)) throw new UsageError(`--changed: unknown git ref ${JSON.stringify(ref)}`);
    base = ref;
    description = ref;
  } else {
    const branch = defaultBranch(cwd, env);
    if (branch === undefined) {
      throw new UsageError('--changed: cannot find the default branch (no origin/HEAD, origin/main, origin/master, main or master); pass --changed=REF');
    }
    const mergeBase = tryGit(cwd, ['merge-base', 'HEAD', branch])?.trim();
    if (!mergeBase) throw new UsageError(`--changed: HEAD has no merge base with ${branch}; pass --changed=REF`);
    base = mergeBase;
    description = `the merge base with ${branch}`;
  }
  const diff = git(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', base, '--']);
  const untracked = git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  const files = new Set([...diff.split('\0'), ...untracked.split('\0')].filter((p) => p.length > 0).map((p) => path.resolve(top, p)));
  return { files, base, description };
}
