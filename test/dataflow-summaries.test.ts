import { describe, expect, it, vi } from 'vitest';
import { ts } from 'ts-morph';
import { Project } from '../src/binding/project.js';
import { ValueResolver } from '../src/dataflow/values.js';
import { FunctionSummaries, returnedExpressions, type RoleSite } from '../src/dataflow/summaries.js';
import { parameterIndexOf } from '../src/dataflow/parameter-reach.js';
import { Timings } from '../src/engine/timing.js';

/**
 * Summaries over a stand-in fact: a call of the global `sign(payload)` has a `payload` role, `decode(token)` a
 * `token` role. Modules are given as texts (no disk).
 */
function setup(files: Record<string, string>) {
  const sources = new Map(Object.entries(files).map(([name, text]) => [`/virtual/${name}`, text]));
  const project = new Project('/virtual', sources);
  const resolver = new ValueResolver(project);
  const rolesAt = (call: ts.CallExpression | ts.NewExpression): RoleSite<string>[] => {
    const callee = call.expression;
    const argument = call.arguments?.[0];
    if (!ts.isIdentifier(callee) || !argument) return [];
    if (callee.text === 'sign') return [{ role: 'payload', expression: argument, fact: `sign@${call.getStart()}` }];
    if (callee.text === 'decode') return [{ role: 'token', expression: argument, fact: `decode@${call.getStart()}` }];
    return [];
  };
  const summaries = new FunctionSummaries(resolver, rolesAt);
  const file = (name: string) => project.load(`/virtual/${name}`)!.sourceFile;
  /** The call whose text starts with `text` in `name`. */
  const call = (name: string, text: string): ts.CallExpression => {
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!found && ts.isCallExpression(node) && node.getText().startsWith(text)) found = node;
      node.forEachChild(visit);
    };
    visit(file(name));
    if (!found) throw new Error(`no call ${text}`);
    return found;
  };
  const flowsAt = (name: string, text: string) => {
    const functions = summaries.functionsAt(call(name, text));
    return functions.length > 0 ? functions.flatMap((fn) => summaries.flows(fn).map((flow) => `${flow.parameter}->${flow.role} through ${flow.through.length}`)) : undefined;
  };
  return { summaries, call, flowsAt };
}

describe('FunctionSummaries', () => {
  const helpers = [
    'export const authorize = (user = {}) => sign(user);',
    'export function twice(a: object, t: string) { const copy = a; decode(t.split(" ")[1]); return sign(copy); }',
    'export async function outer(p: object) { return authorize(p); }',
    'export const tokens = { make(payload: object) { return sign(payload); } };',
    'export class Service { issue(claims: object) { return sign({ claims }); } verify(t: string) { return decode(t); } }',
    'export const generic = <T>(x: T) => ({ data: x });',
    'export function loop(n: number): number { return n > 0 ? loop(n - 1) : sign(n); }',
    'export function even(x: object): unknown { return odd(x); }',
    'export function odd(x: object): unknown { return x ? even(x) : sign(x); }',
  ].join('\n');
  const user = [
    "import { authorize, twice, outer, tokens, Service, generic, loop, even } from './helpers';",
    "import * as h from './helpers';",
    'authorize(a); twice(b, c); outer(d); tokens.make(e); h.authorize(f); generic(g); loop(1); even(x);',
    'class Controller { constructor(private readonly service: Service) {} run() { this.service.verify(q); this.service.issue(r); } }',
  ].join('\n');

  it('maps parameters to the roles they reach, through aliases and token-keeping string steps', () => {
    const { flowsAt } = setup({ 'helpers.ts': helpers, 'user.ts': user });
    expect(flowsAt('user.ts', 'authorize(a)')).toEqual(['0->payload through 0']);
    expect(flowsAt('user.ts', 'h.authorize(f)')).toEqual(['0->payload through 0']);
    expect(flowsAt('user.ts', 'twice(b, c)')?.sort()).toEqual(['0->payload through 0', '1->token through 0']);
    expect(flowsAt('user.ts', 'tokens.make(e)')).toEqual(['0->payload through 0']);
  });

  it('follows wrappers of wrappers and injected services', () => {
    const { flowsAt } = setup({ 'helpers.ts': helpers, 'user.ts': user });
    expect(flowsAt('user.ts', 'outer(d)')).toEqual(['0->payload through 1']);
    expect(flowsAt('user.ts', 'this.service.verify(q)')).toEqual(['0->token through 0']);
    // the parameter is wrapped in an object first: not the payload itself
    expect(flowsAt('user.ts', 'this.service.issue(r)')).toEqual([]);
  });

  it('a generic pass-through over no fact has no flows; recursion terminates', () => {
    const { flowsAt } = setup({ 'helpers.ts': helpers, 'user.ts': user });
    expect(flowsAt('user.ts', 'generic(g)')).toEqual([]);
    expect(flowsAt('user.ts', 'loop(1)')).toEqual(['0->payload through 0']);
    expect(flowsAt('user.ts', 'even(x)')).toEqual(['0->payload through 1']);
  });

  it('dispatches through a container of strategy objects only when every entry is known', () => {
    const strategies = [
      "import { Service } from './helpers';",
      'class Hmac { create(p: object) { return sign(p); } check(t: string) { return t.length; } }',
      'class Rsa { create(p: object) { return sign({ p }); } check(t: string) { return decode(t); } }',
      "const byMap = new Map<string, Hmac | Rsa>([['hmac', new Hmac()], ['rsa', new Rsa()]]);",
      'const byObject = { hmac: new Hmac(), rsa: { create: (p: object) => sign(p) } };',
      'export class Registry {',
      '  private filled: Map<string, Hmac | Rsa>;',
      '  private readonly open = new Map<string, Hmac>();',
      "  constructor(private readonly given: Map<string, Hmac>) { this.filled = new Map(); this.filled.set('hmac', new Hmac()); this.filled.set('rsa', new Rsa()); }",
      '  add(kind: string, strategy: Hmac) { this.open.set(kind, strategy); }',
      '  a(p: object, k: string) { return byMap.get(k)!.create(p); }',
      '  b(t: string, k: string) { const s = this.filled.get(k); return s!.check(t); }',
      "  c(p: object) { return byMap.get('hmac')!.create(p); }",
      '  d(p: object, k: "hmac" | "rsa") { return byObject[k].create(p); }',
      '  e(t: string, k: string) { return this.given.get(k)!.check(t); }',
      '  f(t: string, k: string) { return this.open.get(k)!.check(t); }',
      '}',
      'export class Chosen {',
      '  private readonly strategy: Hmac | Rsa;',
      '  constructor(fast: boolean) { this.strategy = fast ? new Hmac() : new Rsa(); }',
      '  g(t: string) { return this.strategy.check(t); }',
      '}',
      'export function h(t: string, fast: boolean) { let s; if (fast) s = new Hmac(); else s = new Rsa(); return s.check(t); }',
      'export function i(t: string, x: Hmac | Rsa) { return x.check(t); }',
    ].join('\n');
    const { flowsAt } = setup({ 'helpers.ts': helpers, 'strategies.ts': strategies });
    expect(flowsAt('strategies.ts', 'byMap.get(k)!.create(p)')).toEqual(['0->payload through 0']);
    expect(flowsAt('strategies.ts', 's!.check(t)')).toEqual(['0->token through 0']);
    // a constant key selects its entry: the Rsa processor's `check` is not reached
    expect(flowsAt('strategies.ts', "byMap.get('hmac')!.create(p)")).toEqual(['0->payload through 0']);
    expect(flowsAt('strategies.ts', 'byObject[k].create(p)')).toEqual(['0->payload through 0', '0->payload through 0']);
    // filled by the caller (a constructor parameter, a parameter written into it): unknown, never a guess
    expect(flowsAt('strategies.ts', 'this.given.get(k)!.check(t)')).toBeUndefined();
    expect(flowsAt('strategies.ts', 'this.open.get(k)!.check(t)')).toBeUndefined();
    // a field or a binding assigned one of several strategies: each of them
    expect(flowsAt('strategies.ts', 'this.strategy.check(t)')).toEqual(['0->token through 0']);
    expect(flowsAt('strategies.ts', 's.check(t)')).toEqual(['0->token through 0']);
    // a parameter: whatever the caller passes
    expect(flowsAt('strategies.ts', 'x.check(t)')).toBeUndefined();
  });

  it('dispatches through a Map exported by another module', () => {
    const registry = "export const issuers = new Map<string, { create(p: object): string }>([['hmac', { create: (p) => sign(p) }]]);";
    const user = "import { issuers } from './registry';\nexport const login = (email: string, kind: string) => issuers.get(kind)!.create({ email });";
    const { flowsAt } = setup({ 'registry.ts': registry, 'user.ts': user });
    expect(flowsAt('user.ts', 'issuers.get(kind)!.create(')).toEqual(['0->payload through 0']);
  });

  it('knows what a function returns', () => {
    const { summaries, call } = setup({ 'helpers.ts': helpers, 'user.ts': user });
    const fn = summaries.functionsAt(call('user.ts', 'generic(g)'))[0];
    expect(returnedExpressions(fn.body).map((e) => e.getText())).toEqual(['({ data: x })']);
    const twice = summaries.functionsAt(call('user.ts', 'twice(b, c)'))[0];
    expect(returnedExpressions(twice.body).map((e) => e.getText())).toEqual(['sign(copy)']);
  });

  it('parameterIndexOf keeps a token through split/replace only for tokens', () => {
    const { summaries, call } = setup({ 'helpers.ts': helpers, 'user.ts': user });
    const twice = summaries.functionsAt(call('user.ts', 'twice(b, c)'))[0];
    const decodeCall = call('helpers.ts', 'decode(t.split');
    expect(parameterIndexOf(decodeCall.arguments[0], twice, true)).toBe(1);
    expect(parameterIndexOf(decodeCall.arguments[0], twice, false)).toBeUndefined();
  });
});

describe('summary timing (--timing)', () => {
  it('measures the summaries through the timer it is given', () => {
    const sources = new Map([['/virtual/a.ts', 'function wrap(p) { return sign(p); }\nwrap(user);\n']]);
    const project = new Project('/virtual', sources);
    let measured = 0;
    const timer = {
      time: <R>(run: () => R): R => {
        measured += 1;
        return run();
      },
    };
    const summaries = new FunctionSummaries(new ValueResolver(project), () => [], undefined, timer);
    const sourceFile = project.load('/virtual/a.ts')!.sourceFile;
    const call = (sourceFile.statements[1] as ts.ExpressionStatement).expression as ts.CallExpression;
    const [fn] = summaries.functionsAt(call);
    expect(measured).toBe(1);
    summaries.flows(fn); // the body, and the callee of its call that takes `p`
    const afterFirst = measured;
    expect(afterFirst).toBeGreaterThan(1);
    summaries.flows(fn); // memoised: not measured again
    expect(measured).toBe(afterFirst);
  });

  it('counts a phase entered from inside itself once', () => {
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10));
    try {
      const timings = new Timings();
      timings.time('summaries', () => timings.time('summaries', () => undefined));
      expect(timings.phases.get('summaries')).toBe(10);
    } finally {
      now.mockRestore();
    }
  });
});
