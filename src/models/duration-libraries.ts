/**
 * Date libraries whose duration objects turn a count of units into a number, as data: the dataflow layer
 * evaluates `moment.duration({ days: 30 }).asSeconds()` or `dayjs.duration(30, 'days').asSeconds()` in a pure
 * numeric helper (`const daysToSeconds = (days) => moment.duration({ days }).asSeconds()`) with these tables.
 * moment: https://momentjs.com/docs/#/durations/ ; dayjs (duration plugin): https://day.js.org/docs/en/durations/durations
 */

export interface DurationLibrary {
  packages: readonly string[];
  /** The factory on the default export: `moment.duration(...)`. */
  factory: string;
}

export const DURATION_LIBRARIES: readonly DurationLibrary[] = [
  { packages: ['moment'], factory: 'duration' },
  { packages: ['dayjs'], factory: 'duration' },
];

/**
 * Points in time the same libraries compute: the default export called with no argument is now, `add(count, unit)`
 * moves it, and `unix()` gives it in epoch seconds (`exp: moment().add(14, 'days').unix()`).
 * https://momentjs.com/docs/#/manipulating/add/ , https://day.js.org/docs/en/manipulate/add
 */
export const DATE_ARITHMETIC = { add: 'add', epochSeconds: 'unix' } as const;

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Unit names (object keys or the unit argument) in seconds; months and years as moment counts them (30 and 365 days). */
export const DURATION_UNIT_SECONDS: Readonly<Record<string, number>> = {
  milliseconds: 0.001,
  millisecond: 0.001,
  ms: 0.001,
  seconds: SECOND,
  second: SECOND,
  s: SECOND,
  minutes: MINUTE,
  minute: MINUTE,
  m: MINUTE,
  hours: HOUR,
  hour: HOUR,
  h: HOUR,
  days: DAY,
  day: DAY,
  d: DAY,
  weeks: 7 * DAY,
  week: 7 * DAY,
  w: 7 * DAY,
  months: 30 * DAY,
  month: 30 * DAY,
  M: 30 * DAY,
  years: 365 * DAY,
  year: 365 * DAY,
  y: 365 * DAY,
};

/** Readers of a duration object: the number of seconds one result unit holds (`asMinutes()` → 60). */
export const DURATION_READERS: Readonly<Record<string, number>> = {
  asMilliseconds: 0.001,
  asSeconds: SECOND,
  asMinutes: MINUTE,
  asHours: HOUR,
  asDays: DAY,
  asWeeks: 7 * DAY,
};
