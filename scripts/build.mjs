#!/usr/bin/env node
// Transpiles every .ts file under src/, rules/ and scripts/ into dist/ (same tree), without type-checking
// (`npm run typecheck` does that). Only needs the runtime dependency ts-morph, because `npm install` of the
// package runs this script as `prepare`. Also copies .json files under src/ (e.g. a config schema).
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { commonJsModule, writeCjsBundle } from './cjs-bundle.mjs';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(repo, 'dist');
const sourceRoots = ['src', 'rules', 'scripts'];
/** The roots whose modules also go into the one-script bundle dist/jwtlint.cjs (scripts/cjs-bundle.mjs). */
const bundledRoots = new Set(['src', 'rules']);
const jsonRoots = new Set(['src']);

/** @type {import('ts-morph').ts.CompilerOptions} */
const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  sourceMap: false,
  inlineSourceMap: false,
  declaration: false,
  esModuleInterop: true,
  isolatedModules: true,
  useDefineForClassFields: true,
};

/** Recursively lists files (no symlink following); a missing root yields nothing. */
function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error && error.code === 'ENOENT') return [];
    throw error;
  }
  const out = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Where emitted code imports `ts` from instead of ts-morph (see src/parsing/typescript-runtime.ts for why). */
const typescriptRuntime = join(outDir, 'src', 'parsing', 'typescript-runtime.js');

/** The emitted module with its `from 'ts-morph'` imports pointed at the runtime module. */
function withTypescriptRuntime(code, target) {
  if (target === typescriptRuntime) return code;
  let specifier = relative(dirname(target), typescriptRuntime).split(sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return code.replace(/(\bfrom\s*)(['"])ts-morph\2/g, `$1'${specifier}'`);
}

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });

let transpiled = 0;
let copied = 0;
const bundled = [];
const failures = [];
for (const root of sourceRoots) {
  for (const file of listFiles(join(repo, root))) {
    const rel = relative(repo, file);
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
      const source = readFileSync(file, 'utf8');
      const result = ts.transpileModule(source, {
        compilerOptions,
        fileName: rel.split(sep).join('/'),
        reportDiagnostics: true,
      });
      const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
      for (const d of errors) {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        failures.push(`${rel}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      }
      const target = join(outDir, rel.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, withTypescriptRuntime(result.outputText, target));
      if (bundledRoots.has(root)) bundled.push({ id: relative(outDir, target).split(sep).join('/'), code: commonJsModule(source, rel, compilerOptions) });
      transpiled++;
    } else if (file.endsWith('.json') && jsonRoots.has(root)) {
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
      copied++;
    }
  }
}

if (failures.length === 0) {
  try {
    writeCjsBundle(bundled, join(outDir, 'jwtlint.cjs'));
  } catch (error) {
    failures.push(`dist/jwtlint.cjs: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (failures.length > 0) {
  process.stderr.write(`build: ${failures.length} syntax error(s):\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = 1;
} else if (!process.env.JWTLINT_BUILD_QUIET) {
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`build: ${transpiled} file(s) transpiled, ${copied} copied to dist/ in ${ms} ms\n`);
}
