import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';

/** The built JavaScript (npm test builds before it runs the tests): what bin/jwtlint.js loads. */
const dist = path.resolve(import.meta.dirname, '..', 'dist');

function builtModules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? builtModules(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('build output', () => {
  it('imports the compiler API from the runtime module, never from ts-morph (start-up cost)', () => {
    const runtime = path.join(dist, 'src', 'parsing', 'typescript-runtime.js');
    const importingMorph = builtModules(dist).filter((file) => file !== runtime && /\bfrom\s*['"]ts-morph['"]/.test(readFileSync(file, 'utf8')));
    expect(importingMorph.map((file) => path.relative(dist, file))).toEqual([]);
    expect(readFileSync(path.join(dist, 'src', 'binding', 'scope.js'), 'utf8')).toMatch(/from '\.\.\/parsing\/typescript-runtime\.js'/);
  });

  it('the runtime module gives the very compiler API ts-morph re-exports', async () => {
    const runtime = (await import(path.join(dist, 'src', 'parsing', 'typescript-runtime.js'))) as { ts: typeof ts };
    // one compiler loaded once: the same functions, not a second copy
    expect(runtime.ts.createSourceFile).toBe(ts.createSourceFile);
    expect(runtime.ts.version).toBe(ts.version);
  });
});
