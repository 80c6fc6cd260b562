import { ts } from 'ts-morph';
import { functionName } from './call-sites.js';

/**
 * Where a token enters the program, as token provenance (./provenance.ts) answers it: the origin's kind and node, the
 * steps from there to the expression asked about, and the other origins of a value that has several.
 */

export type TokenOriginKind =
  /** Read from an incoming request (header, cookie, query, body, route parameter). */
  | 'request'
  /** The result of a modeled sign operation. */
  | 'signed'
  /** A token field of a login / refresh / token-endpoint response. */
  | 'auth-response'
  /** Read back from web storage under a key that names a token. */
  | 'storage'
  /** Read from the bearer header of a request this program sends (an HTTP client's request interceptor). */
  | 'outgoing-request'
  /** Read by browser code from its own page's URL (`useSearchParams().get('token')`, `location.hash`): handed over in a URL. */
  | 'page-url';

export interface TokenOrigin {
  kind: TokenOriginKind;
  /** Where the value enters (the request read, the sign call, the response field). */
  node: ts.Node;
  /** True when the request (or page URL) data is known to be a token (Authorization header, a field named token). */
  namedToken: boolean;
  /** Request data read from the request's own URL (query string, route parameters): it came in a URL already. */
  inUrl?: boolean;
  /**
   * Where the value enters when `node` is a later read of it: `const { authorization } = req.headers` read as
   * `authorization` has `node` at the read and `source` at `req.headers`.
   */
  source?: ts.Node;
  /** The path from the source to the expression asked about: assignments, arguments, parameters, returns (source first). */
  steps?: readonly OriginStep[];
  /** For an origin inside project functions followed into (a helper that signs and returns): their calls, outermost first. */
  calls?: readonly { fn: ts.Node; call: ts.CallExpression | ts.NewExpression }[];
  /**
   * The other origins of the same value, when it has several (`auth.token || query.token`, `c ? a : b`, a `let`
   * assigned on two paths, a helper with two returns): rules that ask "does this value come from there?" look at
   * every one (`everyOrigin`); `kind`, `node` and the rest describe the first found.
   */
  also?: readonly TokenOrigin[];
}

/** Every origin of a value: the first found and the others (`also`), each without its own `also`. */
export function everyOrigin(origin: TokenOrigin | undefined): TokenOrigin[] {
  if (!origin) return [];
  const { also, ...first } = origin;
  return [first, ...(also ?? [])];
}

/** Is this origin known to be a token (not just any request field or page parameter)? */
export const isKnownToken = (origin: TokenOrigin): boolean => (origin.kind !== 'request' && origin.kind !== 'page-url') || origin.namedToken;

/** The origins of the parts of one text, a known token first: the text holds them all. */
export function tokenFirst(found: readonly (TokenOrigin | undefined)[]): TokenOrigin | undefined {
  const all = found.flatMap(everyOrigin);
  return joined([...all.filter(isKnownToken), ...all.filter((origin) => !isKnownToken(origin))]);
}

/** One origin standing for several alternatives (the first found first), or undefined when none is known. */
export function joined(found: readonly (TokenOrigin | undefined)[]): TokenOrigin | undefined {
  const all = found.flatMap(everyOrigin);
  if (all.length <= 1) return all[0];
  const [first, ...rest] = all;
  return { ...first, also: rest };
}

/** One step of a token's path: a node it passes, and what happens there ("assigned to `token`"). */
export interface OriginStep {
  node: ts.Node;
  message: string;
}

/** The origin found further back, with one more step on its way to the expression asked about. */
export function withStep(found: TokenOrigin, node: ts.Node, message: string): TokenOrigin {
  const step = (origin: TokenOrigin): TokenOrigin => ({ ...origin, steps: [...(origin.steps ?? []), { node, message }] });
  return found.also ? { ...step(found), also: found.also.map(step) } : step(found);
}

/** The origin of an argument, carried on into the parameter it is passed as (`at`: the read the question was about). */
export function passedAs(found: TokenOrigin, argument: ts.Expression, parameter: ts.ParameterDeclaration, at: ts.Node): TokenOrigin {
  const sourced = found.node === at && !found.source ? { ...found, source: argument } : found;
  const fn = described(parameter.parent);
  const name = ts.isIdentifier(parameter.name) ? ` \`${parameter.name.text}\`` : '';
  return withStep(withStep(sourced, argument, `passed to ${fn}`), parameter, `parameter${name} of ${fn}`);
}

export const described = (fn: ts.Node): string => {
  const name = functionName(fn);
  return name ? `\`${name}()\`` : 'the function';
};
