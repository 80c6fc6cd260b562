/**
 * The TypeScript parser is recursive: input nested tens of thousands of levels deep overflows the stack.
 * When that happens the deeply nested regions are blanked out (every character but line breaks replaced
 * by a space, so every other position keeps its line and column) and the rest of the file is analysed.
 */
export const MAX_NESTING = 400;

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

export interface BlankedRegion {
  start: number;
  end: number;
}

/** Finds regions nested deeper than `limit` brackets (strings and comments skipped approximately). */
export function deepRegions(text: string, limit = MAX_NESTING): BlankedRegion[] {
  const regions: BlankedRegion[] = [];
  let depth = 0;
  let regionStart = -1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i += 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      i += 1;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (OPEN.has(ch)) {
      depth += 1;
      if (depth === limit + 1 && regionStart < 0) regionStart = i;
    } else if (CLOSE.has(ch)) {
      if (depth === limit + 1 && regionStart >= 0) {
        regions.push({ start: regionStart, end: i + 1 });
        regionStart = -1;
      }
      depth = Math.max(0, depth - 1);
    }
    i += 1;
  }
  if (regionStart >= 0) regions.push({ start: regionStart, end: text.length });
  return regions;
}

export function blankRegions(text: string, regions: readonly BlankedRegion[]): string {
  if (regions.length === 0) return text;
  let result = '';
  let last = 0;
  for (const region of regions) {
    result += text.slice(last, region.start);
    result += text.slice(region.start, region.end).replace(/[^\r\n\u2028\u2029]/g, ' ');
    last = region.end;
  }
  return result + text.slice(last);
}
