import { modeledPackages } from '../models/index.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A cheap text test run before parsing: a file that names no modeled library and contains none of the
 * rule triggers (token storage, logging of tokens, bearer headers, committed JWTs) cannot produce a
 * finding, except as the source of a constant, and such files are parsed lazily when imported.
 */
const TRIGGERS = new RegExp(
  [
    ...modeledPackages().map((p) => `['"\`]${escape(p)}['"\`/]`),
    'jwt',
    'localStorage',
    'sessionStorage',
    'document\\.cookie',
    'eyJ[A-Za-z0-9_-]{5,}',
    '[Aa]uthorization',
    '[Bb]earer',
    '[Tt]oken',
  ].join('|'),
);

export function passesPrefilter(text: string): boolean {
  return TRIGGERS.test(text);
}
