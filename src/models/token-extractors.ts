import type { QueryTokenExtractorModel } from './types.js';

/**
 * Packages, other than the JWT libraries (whose models list their own `queryTokenExtractors`), that take a bearer
 * token out of an incoming request and can be configured to read it from the query string.
 */
export const BEARER_EXTRACTORS: readonly (QueryTokenExtractorModel & { module: string })[] = [
  // `new Bearer({ basic: 'password', query: 'access_token' })` reads the Authorization header, then the query
  // parameter named by `query` (https://github.com/ianstormtaylor/permit#bearer)
  { module: 'permit', path: ['Bearer'], api: 'permit Bearer', nameArg: 0, nameOption: 'query', docs: 'https://github.com/ianstormtaylor/permit#bearer' },
];
