import type { ts } from 'ts-morph';
import type { DestructureStep } from '../binding/scope.js';
import type { KeyKind } from '../models/types.js';

/**
 * What static analysis knows about an expression's value. `unknown` is a state of its own: rules never
 * report on an unknown alone.
 */
export type Value =
  | { kind: 'string'; value: string; node: ts.Node }
  | { kind: 'number'; value: number; node: ts.Node }
  | { kind: 'boolean'; value: boolean; node: ts.Node }
  | { kind: 'null'; node: ts.Node }
  | { kind: 'undefined'; node: ts.Node }
  | { kind: 'object'; node: ts.Node; props: Map<string, PropertyValue>; open: boolean }
  | { kind: 'array'; node: ts.Node; elements: Value[]; open: boolean }
  /**
   * Bytes or a key object made from other material: Buffer.from, TextEncoder.encode, createSecretKey, and
   * modeled key imports (jose `importPKCS8(pem, alg)`, `importSPKI`, `importJWK`). `keyKind` says what key it
   * is when the import function tells (secret / private / public); `algorithm` is the algorithm the import
   * names, when it does.
   */
  | { kind: 'bytes'; node: ts.Node; source: Value; keyKind?: KeyKind; algorithm?: Value }
  /** process.env.NAME read without a fallback. */
  | { kind: 'env'; node: ts.Node; name: string }
  /** `primary || fallback` / `primary ?? fallback`, where the primary comes from the environment or is unknown. */
  | { kind: 'fallback'; node: ts.Node; primary: Value; fallback: Value }
  /** A value reached from a library module: import, require, member access, call result, instance. */
  | { kind: 'library'; node: ts.Node; module: string; path: string[]; sites: (ts.CallExpression | ts.NewExpression)[] }
  /** A module of the scanned project (namespace import / require of a relative path). */
  | { kind: 'module'; node: ts.Node; file: string }
  | { kind: 'function'; node: ts.SignatureDeclaration }
  /** A class of the scanned project (its static methods are members). */
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  /** An instance of a project class: `new Service()`, or a constructor parameter typed with it (an injected service). */
  | { kind: 'instance'; node: ts.Node; class: ts.ClassLikeDeclaration }
  /** A parameter of a function: its value comes from call sites. */
  | { kind: 'parameter'; node: ts.ParameterDeclaration; steps: DestructureStep[]; index: number }
  /** Not known; `alternatives`: it is one of these constants (`let ttl = '1h'; if (remember) ttl = '365d'`), which one is not told. */
  | { kind: 'unknown'; node: ts.Node; alternatives?: readonly Value[] };

/** A value of a library: an export, a member of one, or what calling or constructing one gives. */
export type LibraryValue = Extract<Value, { kind: 'library' }>;

export interface PropertyValue {
  value: Value;
  /** The property assignment (or shorthand) node, for reporting. */
  node: ts.Node;
}

/** The value of an expression nothing is known about. */
export const unknownAt = (node: ts.Node): Value => ({ kind: 'unknown', node });
