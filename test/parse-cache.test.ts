import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/parsing/parse-cache.js';

describe('ParseCache (warm trees for the language server)', () => {
  it('reuses a tree while the text is unchanged and parses again when the content changes', () => {
    const cache = new ParseCache();
    const first = cache.parse('/p/a.ts', 'export const a = 1;\n');
    expect(cache.parse('/p/a.ts', 'export const a = 1;\n')).toBe(first);
    const edited = cache.parse('/p/a.ts', 'export const a = 2;\n');
    expect(edited).not.toBe(first);
    expect(edited.sourceFile.text).toBe('export const a = 2;\n');
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it('keeps at most its bound of files, dropping the least recently used', () => {
    const cache = new ParseCache(2);
    const a = cache.parse('/p/a.ts', 'a;');
    cache.parse('/p/b.ts', 'b;');
    cache.parse('/p/a.ts', 'a;'); // a is now the most recently used
    cache.parse('/p/c.ts', 'c;');
    expect(cache.size).toBe(2);
    expect(cache.parse('/p/a.ts', 'a;')).toBe(a);
    const misses = cache.misses;
    cache.parse('/p/b.ts', 'b;');
    expect(cache.misses).toBe(misses + 1);
  });
});
