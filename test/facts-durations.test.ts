/** Durations as libraries write them (src/facts/durations.ts), without going through a rule. */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { dateOffsetSeconds, formatDuration, toDuration } from '../src/facts/durations.js';
import { parseSource } from '../src/parsing/parse.js';

describe('toDuration', () => {
  it.each([
    [3600, 'seconds', { kind: 'relative', seconds: 3600 }],
    ['1h', 'seconds', undefined],
    [90_000, 'milliseconds', { kind: 'relative', seconds: 90 }],
    ['2h', 'timespan', { kind: 'relative', seconds: 7200 }],
    ['7 days', 'timespan', { kind: 'relative', seconds: 604_800 }],
    ['1.5h', 'timespan', { kind: 'relative', seconds: 5400 }],
    ['120', 'timespan', { kind: 'relative', seconds: 0.12 }], // vercel/ms: a bare number string is milliseconds
    [120, 'timespan', { kind: 'relative', seconds: 120 }], // jsonwebtoken: a number is seconds
    ['2 fortnights', 'timespan', undefined],
    ['soon', 'timespan', undefined],
    [120_000, 'timespan-ms', { kind: 'relative', seconds: 120 }],
    ['30m', 'timespan-ms', { kind: 'relative', seconds: 1800 }],
    ['2h', 'jose-time', { kind: 'relative', seconds: 7200 }],
    ['in 2 hours', 'jose-time', { kind: 'relative', seconds: 7200 }],
    ['2h ago', 'jose-time', { kind: 'relative', seconds: -7200 }],
    ['-30s', 'jose-time', { kind: 'relative', seconds: -30 }],
    [1_700_000_000, 'jose-time', { kind: 'absolute', epochSeconds: 1_700_000_000 }],
    [1_700_000_000, 'epoch-seconds', { kind: 'absolute', epochSeconds: 1_700_000_000 }],
    ['1700000000', 'epoch-seconds', undefined],
  ] as const)('%j in %s', (value, unit, expected) => {
    expect(toDuration(value, unit)).toEqual(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [30, '30s'],
    [0.5, '0.5s'],
    [45 * 60, '45m'],
    [2 * 3600, '2h'],
    [24 * 3600, '24h'],
    [5400, '90m'],
    [3600 + 30, '1h'],
    [2 * 86_400, '2d'],
    [90 * 86_400, '90d'],
    [2.5 * 86_400, '2.5d'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('dateOffsetSeconds', () => {
  /** The seconds from now of the expression `return`ed by the last function in the code. */
  function offsetOf(code: string): number | undefined {
    const { sourceFile } = parseSource('/virtual/expiry.ts', code);
    let returned: ts.Expression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node) && node.expression) returned = node.expression;
      node.forEachChild(visit);
    };
    visit(sourceFile);
    if (!returned) throw new Error('no return statement');
    const number = (expression: ts.Expression) => (ts.isNumericLiteral(expression) ? Number(expression.text) : undefined);
    return dateOffsetSeconds(returned, number);
  }

  it('adds the setters that move a date of the current time by its own field', () => {
    expect(offsetOf('function exp() { const d = new Date(); d.setDate(d.getDate() + 60); return Math.floor(d.getTime() / 1000); }')).toBe(60 * 86_400);
    expect(offsetOf('function exp() { const d = new Date(Date.now()); d.setHours(d.getHours() + 2); d.setMinutes(d.getMinutes() + 30); return d.getTime() / 1000; }')).toBe(9000);
  });

  it('is unknown for a date that is not now or not moved, a setter it cannot read, or a division by something else', () => {
    expect(offsetOf('function exp() { const d = new Date(); return d.getTime() / 1000; }')).toBeUndefined();
    expect(offsetOf('function exp(start: number) { const d = new Date(start); d.setDate(d.getDate() + 1); return d.getTime() / 1000; }')).toBeUndefined();
    expect(offsetOf('function exp(days: number) { const d = new Date(); d.setDate(d.getDate() + days); return d.getTime() / 1000; }')).toBeUndefined();
    expect(offsetOf('function exp() { const d = new Date(); return d.getTime() / 60; }')).toBeUndefined();
    expect(offsetOf('class Date {} function exp() { const d = new Date(); return d.getTime() / 1000; }')).toBeUndefined();
  });
});
