/**
 * A real editor's LSP client: headless Neovim (Debian's `neovim` package; .ci/run installs it) starts
 * `jwtlint lsp --stdio`, opens one file of a two-file project and receives the diagnostic in the buffer and the
 * cross-file one in the module it imports. Skipped only outside CI when Neovim is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProjects, VULNERABLE } from './helpers/temp-project.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const hasNvim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
const projects = new TempProjects();
afterAll(() => projects.cleanup());

describe.skipIf(!hasNvim && process.env.CI === undefined)('Neovim as the LSP client', () => {
  it('shows the buffer finding and the finding in the imported file', () => {
    const auth = VULNERABLE.replace('process.env.KEY!', 'SIGNING_KEY').replace("import jwt from 'jsonwebtoken';", "import jwt from 'jsonwebtoken';\nimport { SIGNING_KEY } from './config';");
    const root = projects.create({ 'src/config.ts': "export const SIGNING_KEY = 'correct-horse-battery-staple-42';\n", 'src/auth.ts': auth });
    const out = path.join(root, 'diagnostics.json');
    execFileSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(repoRoot, 'test', 'helpers', 'nvim-lsp.lua')}`], {
      env: { ...process.env, JWTLINT_ROOT: root, JWTLINT_OUT: out, JWTLINT_NODE: process.execPath, JWTLINT_BIN: path.join(repoRoot, 'bin', 'jwtlint.js') },
      stdio: 'pipe',
      timeout: 60_000,
    });
    const diagnostics = JSON.parse(readFileSync(out, 'utf8')) as { file: string; lnum: number; col: number; source: string; code: string }[];
    const at = (file: string, code: string) => diagnostics.find((d) => d.file === path.join(root, file) && d.code === code);
    expect(at('src/auth.ts', 'verify-without-algorithms')).toMatchObject({ lnum: 3, col: 9, source: 'jwtlint' });
    expect(at('src/config.ts', 'hardcoded-secret')).toMatchObject({ lnum: 0, source: 'jwtlint' });
  }, 90_000);
});
