import { ts } from 'ts-morph';
import { classMember } from './class-members.js';
import type { InterfaceImplementations } from './implementations.js';
import type { FrameworkPlumbing } from './plumbing.js';
import { unknownAt, type Value } from './value.js';

type Resolve = (expression: ts.Expression, depth: number) => Value;

/**
 * Values the declared types give where the code does not show them: an injected service typed with a project class
 * or an interface (its one implementing class), a field typed so, a factory declared to return a class.
 */
export class TypedValues {
  constructor(
    private readonly implementations: InterfaceImplementations,
    private readonly plumbing: FrameworkPlumbing,
    private readonly resolve: Resolve,
  ) {}

  /**
   * A method of the project class a parameter is typed with (`(env: EnvironmentService) => env.getJwtExpiresIn()`, an
   * injected service): the class's code whatever the instance. Its fields are not read: they depend on the instance.
   */
  method(parameter: Extract<Value, { kind: 'parameter' }>, name: string, depth: number): Value | undefined {
    const type = parameter.steps.length === 0 ? parameter.node.type : undefined;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const typeValue = this.resolve(type.typeName, depth + 1);
    // typed by an interface (a service injected by token): the one class implementing it
    const cls = typeValue.kind === 'class' ? typeValue.node : typeValue.kind === 'library' ? undefined : this.implementations.soleImplementation(type.typeName);
    const member = cls ? classMember(cls, name, false, (base) => this.resolve(base, depth + 1)) : undefined;
    return member?.kind === 'function' ? member : undefined;
  }

  /** An instance of a type named by a type reference, when that type is a library's, a project class or an interface one class implements. */
  instanceOf(type: ts.TypeNode | undefined, at: ts.Node, depth: number): Value {
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return unknownAt(at);
    const typed = this.plumbing.typedValue(type, (expression) => this.resolve(expression, depth + 1)); // `ConfigType<typeof jwtConfig>`
    if (typed) return typed;
    const typeValue = this.resolve(type.typeName, depth + 1);
    if (typeValue.kind === 'class') return { kind: 'instance', node: at, class: typeValue.node };
    if (typeValue.kind !== 'library') {
      // typed by an interface (a service injected by token): an instance of the one class implementing it
      const implementation = this.implementations.soleImplementation(type.typeName);
      return implementation ? { kind: 'instance', node: at, class: implementation } : unknownAt(at);
    }
    return { kind: 'library', node: at, module: typeValue.module, path: [...typeValue.path, 'new'], sites: typeValue.sites };
  }

  /** `Authenticator.getAuthenticator(ns)` declared `: Authenticator` (a cache, a singleton): an instance of the declared class. */
  returnedInstance(fn: ts.Node, call: ts.CallExpression, depth: number): Value {
    const type = ts.isFunctionLike(fn) ? fn.type : undefined;
    if (!type || !ts.isTypeReferenceNode(type)) return unknownAt(call);
    const declared = this.instanceOf(type, call, depth);
    return declared.kind === 'instance' ? declared : unknownAt(call);
  }
}
