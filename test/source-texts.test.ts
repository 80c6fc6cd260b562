import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SOURCE_TEXT_BYTES, SourceTexts } from '../src/binding/source-texts.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-texts-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SourceTexts', () => {
  it('reads a file once per scan: a later change on disk is not seen by the same store', () => {
    const file = path.join(tempDir(), 'a.ts');
    writeFileSync(file, 'export const a = 1;');
    const texts = new SourceTexts();
    expect(texts.read(file)).toBe('export const a = 1;');
    writeFileSync(file, 'export const a = 2;');
    expect(texts.read(file)).toBe('export const a = 1;');
    expect(new SourceTexts().read(file)).toBe('export const a = 2;');
  });

  it('past its budget hands texts out without keeping them', () => {
    const dir = tempDir();
    const first = path.join(dir, 'first.ts');
    const second = path.join(dir, 'second.ts');
    writeFileSync(first, 'x'.repeat(10));
    writeFileSync(second, 'y'.repeat(10));
    const texts = new SourceTexts(15);
    expect(texts.read(first)).toBe('x'.repeat(10));
    expect(texts.read(second)).toBe('y'.repeat(10));
    writeFileSync(first, 'changed');
    writeFileSync(second, 'changed');
    expect(texts.read(first)).toBe('x'.repeat(10)); // kept
    expect(texts.read(second)).toBe('changed'); // over the budget: read again
  });

  it('answers undefined for a missing file, a folder and a file over the size limit', () => {
    const dir = tempDir();
    const big = path.join(dir, 'bundle.js');
    writeFileSync(big, 'z'.repeat(MAX_SOURCE_TEXT_BYTES + 1));
    const texts = new SourceTexts();
    expect(texts.read(path.join(dir, 'missing.ts'))).toBeUndefined();
    expect(texts.read(dir)).toBeUndefined();
    expect(texts.read(big)).toBeUndefined();
  });
});
