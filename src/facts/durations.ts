import type { DurationUnit } from '../models/types.js';

/**
 * Durations as libraries write them, converted to seconds. Units come from the library model
 * (`OptionLocation.unit`); this module only knows the notations.
 */

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const YEAR = 365.25 * DAY;

/** vercel/ms units (https://github.com/vercel/ms), in seconds. */
const MS_UNITS: Record<string, number> = {
  years: YEAR, year: YEAR, yrs: YEAR, yr: YEAR, y: YEAR,
  weeks: WEEK, week: WEEK, w: WEEK,
  days: DAY, day: DAY, d: DAY,
  hours: HOUR, hour: HOUR, hrs: HOUR, hr: HOUR, h: HOUR,
  minutes: MINUTE, minute: MINUTE, mins: MINUTE, min: MINUTE, m: MINUTE,
  seconds: SECOND, second: SECOND, secs: SECOND, sec: SECOND, s: SECOND,
  milliseconds: 0.001, millisecond: 0.001, msecs: 0.001, msec: 0.001, ms: 0.001,
};

/** jose's relative time units (`setExpirationTime('2h')`), in seconds. */
const JOSE_UNITS: Record<string, number> = {
  sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND, s: SECOND,
  minute: MINUTE, minutes: MINUTE, min: MINUTE, mins: MINUTE, m: MINUTE,
  hour: HOUR, hours: HOUR, hr: HOUR, hrs: HOUR, h: HOUR,
  day: DAY, days: DAY, d: DAY,
  week: WEEK, weeks: WEEK, w: WEEK,
  year: YEAR, years: YEAR, yr: YEAR, yrs: YEAR, y: YEAR,
};

/** vercel/ms notation ('2h', '7d', '1 day', '120' = 120 ms) → seconds; undefined when not parseable. */
export function parseMs(text: string): number | undefined {
  const match = /^(-?(?:\d+)?\.?\d+) *([a-z]+)?$/i.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!Number.isFinite(amount)) return undefined;
  if (match[2] === undefined) return amount / 1000;
  const unit = MS_UNITS[match[2].toLowerCase()];
  return unit === undefined ? undefined : amount * unit;
}

/** jose relative time ('2h', '2 hours', '+2h', 'in 2h'; past forms are negative) → seconds. */
export function parseJoseSpan(text: string): number | undefined {
  const match = /^(\+|-)? ?(\d+|\d+\.\d+) ?([a-z]+)(?: (ago|from now))?$/i.exec(text.trim().replace(/^in /i, '+'));
  if (!match) return undefined;
  const unit = JOSE_UNITS[match[3].toLowerCase()];
  if (unit === undefined) return undefined;
  const seconds = Number(match[2]) * unit;
  return match[1] === '-' || match[4]?.toLowerCase() === 'ago' ? -seconds : seconds;
}

export type Duration =
  /** A lifetime relative to the time of the call. */
  | { kind: 'relative'; seconds: number }
  /** An absolute NumericDate (seconds since the epoch). */
  | { kind: 'absolute'; epochSeconds: number };

/** A literal duration in the given unit; undefined when the value does not fit the unit. */
export function toDuration(value: number | string, unit: DurationUnit): Duration | undefined {
  const relative = (seconds: number | undefined): Duration | undefined => (seconds === undefined || !Number.isFinite(seconds) ? undefined : { kind: 'relative', seconds });
  switch (unit) {
    case 'seconds':
      return typeof value === 'number' ? relative(value) : undefined;
    case 'milliseconds':
      return typeof value === 'number' ? relative(value / 1000) : undefined;
    case 'timespan':
      return typeof value === 'number' ? relative(value) : relative(parseMs(value));
    case 'timespan-ms':
      return typeof value === 'number' ? relative(value / 1000) : relative(parseMs(value));
    case 'jose-time':
      return typeof value === 'number' ? { kind: 'absolute', epochSeconds: value } : relative(parseJoseSpan(value));
    case 'epoch-seconds':
      return typeof value === 'number' ? { kind: 'absolute', epochSeconds: value } : undefined;
  }
}

/** '2h', '24h', '7d', '90d', '45m', '30s' — a short rendering of a number of seconds, for messages (days from two days on). */
export function formatDuration(seconds: number): string {
  if (seconds >= 2 * DAY) return `${Math.round((seconds / DAY) * 10) / 10}d`;
  for (const [unit, size] of [['h', HOUR], ['m', MINUTE]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  if (seconds >= HOUR) return `${Math.round((seconds / HOUR) * 10) / 10}h`;
  return `${Math.round(seconds * 1000) / 1000}s`;
}
