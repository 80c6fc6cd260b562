import { ts } from 'ts-morph';
import { argumentFor } from '../dataflow/call-sites.js';
import { singleDefinition } from '../dataflow/definitions.js';
import { copiedValue } from '../dataflow/parameter-reach.js';
import { projectFunctionOf, returnedExpressions, type ProjectFunction } from '../dataflow/summaries.js';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';
import type { RecordType, RecordTypes } from './entities.js';

/**
 * Where records (src/facts/entities.ts) sit inside a value, typically a token payload: the value itself, spreads
 * and properties of object literals, deep copies, and what a project function returns when it builds that from
 * its arguments (`toJson(user)` returning `{ status, data: user }`), with the call's arguments for its parameters.
 */

const MAX_DEPTH = 24;
/** Project functions followed into at most this deep when looking for records placed in a value. */
const MAX_CALL_FRAMES = 4;

/** A record placed somewhere in a value: `user`, `{ ...user }`, `{ data: user }`, `wrap(user)` returning `{ data: u }`. */
export interface RecordPlacement {
  record: RecordType;
  /** Where the record enters the value, in the code that builds it (the property, the spread, the argument). */
  at: ts.Node;
  /** Access path of the record in the value: '' for the value itself, `data.user`, `…` for a spread. */
  path: string;
}

/** Calls of project functions being followed, innermost first: their parameters stand for these arguments. */
type CallFrames = readonly { fn: ProjectFunction; args: readonly ts.Expression[] }[];

export class RecordPlacements {
  constructor(
    private readonly records: RecordTypes,
    private readonly resolver: ValueResolver,
  ) {}

  /**
   * Records placed in the value of `expression`: the value itself, spreads and properties of object literals
   * (nested), deep copies, and what a project function returns when that is built from its arguments
   * (`toJson(user)` returning `{ status, data: user }`). Record types found by `of` come first: a declared
   * DTO type stops the search.
   */
  placedIn(expression: ts.Expression): RecordPlacement[] {
    const found: RecordPlacement[] = [];
    this.placements(expression, '', undefined, [], 0, found);
    return found;
  }

  private placements(expression: ts.Expression, path: string, at: ts.Node | undefined, frames: CallFrames, depth: number, found: RecordPlacement[]): void {
    if (depth > MAX_DEPTH) return;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node)) return this.placements(node.expression, path, at, frames, depth + 1, found);
    if (ts.isIdentifier(node)) {
      // a parameter of a function being followed: the argument of its call
      const definition = singleDefinition(node);
      const frame = definition?.kind === 'parameter' && definition.steps.length === 0 ? frames.findIndex((f) => f.fn === definition.fn) : -1;
      if (definition?.kind === 'parameter' && frame >= 0) {
        const argument = argumentFor({ arguments: frames[frame].args }, definition.fn, definition.index);
        if (argument) {
          this.placements(argument, path, at ?? argument, frames.slice(frame + 1), depth + 1, found);
        }
        return;
      }
    }
    const direct = this.records.of(expression);
    if (direct) {
      found.push({ record: direct, at: at ?? expression, path });
      // an anonymous type literal (a declared return type `{ data: T }`) says nothing about what its fields hold
      if (direct.entity || direct.name !== 'object') return;
    }
    if (ts.isCallExpression(node)) {
      const clone = copiedValue(node);
      if (clone) return this.placements(clone, path, at, frames, depth + 1, found);
      const fn = frames.length < MAX_CALL_FRAMES ? projectFunctionOf(node.expression, this.resolver) : undefined;
      if (fn && !frames.some((f) => f.fn === fn)) {
        for (const returned of returnedExpressions(fn.body)) this.placements(returned, path, at ?? node, [{ fn, args: node.arguments }, ...frames], depth + 1, found);
      }
      return;
    }
    let literal: ts.ObjectLiteralExpression | undefined = ts.isObjectLiteralExpression(node) ? node : undefined;
    if (!literal && ts.isIdentifier(node)) {
      const definition = singleDefinition(node);
      if (definition?.kind === 'value' && definition.steps.length === 0) {
        if (!direct) this.placements(definition.expression, path, at, frames, depth + 1, found);
        return;
      }
      const resolved = frames.length === 0 ? this.resolver.resolve(node) : undefined;
      if (resolved?.kind === 'object' && ts.isObjectLiteralExpression(resolved.node)) literal = resolved.node;
    }
    if (literal) this.literalPlacements(literal, path, at, frames, depth + 1, found);
  }

  private literalPlacements(object: ts.ObjectLiteralExpression, path: string, at: ts.Node | undefined, frames: CallFrames, depth: number, found: RecordPlacement[]): void {
    const join = (key: string): string => (path ? `${path}.${key}` : key);
    for (const property of object.properties) {
      // inside a followed function, the place in the caller's code stays the location
      const here = frames.length === 0 ? property : (at ?? property);
      if (ts.isSpreadAssignment(property)) this.placements(property.expression, join('…'), here, frames, depth, found);
      else if (ts.isShorthandPropertyAssignment(property)) this.placements(property.name, join(property.name.text), here, frames, depth, found);
      else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        this.placements(property.initializer, join(property.name.text), here, frames, depth, found);
      }
    }
  }
}
