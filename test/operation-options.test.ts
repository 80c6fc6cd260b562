import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { Project } from '../src/binding/project.js';
import { ValueResolver } from '../src/dataflow/values.js';
import { durationOf, expressionOf, optionTarget, OptionReader, type RegistrationSource } from '../src/facts/operation-options.js';
import type { CallNode, OptionFact } from '../src/facts/operation-types.js';
import type { Registration } from '../src/facts/module-config.js';
import type { OptionLocation } from '../src/models/types.js';

/** The option reader on one module given as text: `reader(text)` reads the options of the call starting with `text`. */
function setup(code: string) {
  const project = new Project('/virtual', new Map([['/virtual/main.ts', code]]));
  const resolver = new ValueResolver(project);
  const sourceFile = project.load('/virtual/main.ts')!.sourceFile;
  const calls: CallNode[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) calls.push(node);
    node.forEachChild(visit);
  };
  visit(sourceFile);
  const call = (text: string): CallNode => {
    // the exact call, else the first (outermost) one starting with the text
    const found = calls.find((node) => node.getText() === text) ?? calls.find((node) => node.getText().startsWith(text));
    if (!found) throw new Error(`no call ${text}`);
    return found;
  };
  const reader = (text: string, options: { sites?: readonly string[]; builder?: boolean; registration?: RegistrationSource } = {}) =>
    new OptionReader(resolver, { call: call(text), sites: (options.sites ?? []).map(call), builder: options.builder ?? false }, options.registration ?? (() => undefined));
  return { reader, call, resolver };
}

/** A fact as text: its state and, when present, the written value. */
function show(fact: OptionFact): string {
  if (fact.state !== 'present') return fact.state;
  const value = fact.value;
  if (value.kind === 'array') return `[${value.elements.map((element) => (element.kind === 'string' ? element.value : element.kind)).join(', ')}]`;
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' ? String(value.value) : value.kind;
}

describe('OptionReader', () => {
  const code = [
    'declare const verify: any, lib: any, more: any[], open: any, Builder: any;',
    "verify('t', 'k', { algorithms: ['RS256'], maxAge: '2h', exp: false });",
    "verify('t', 'k', (err: unknown) => err);",
    "verify('t', 'k', ...more);",
    "verify('t', 'k', { ...open });",
    "verify('t', 'k', process.env.OPTIONS);",
    "lib.check('t', 'k', 'HS256');",
    "lib.check('t', 'k', { alg: 'HS256' });",
    "new Builder({ sub: 1 }).setExpirationTime('1h').sign('k');",
    "const half = new Builder({ sub: 2 }); half.sign('k');",
  ].join('\n');
  const { reader, call } = setup(code);
  const at = (location: OptionLocation, text: string, options?: Parameters<typeof reader>[1]) => show(reader(text, options).read(location).fact);

  it('reads a property of an options argument, and its units', () => {
    expect(at({ arg: 2, path: ['algorithms'] }, "verify('t', 'k', { alg")).toBe('[RS256]');
    const maxAge = reader("verify('t', 'k', { alg").read({ arg: 2, path: ['maxAge'], unit: 'timespan' }).fact;
    expect(durationOf(maxAge)).toEqual({ kind: 'relative', seconds: 7200 });
    expect(expressionOf(maxAge)?.getText()).toBe("'2h'");
  });

  it('tells absent from unknown', () => {
    expect(at({ arg: 2, path: ['audience'] }, "verify('t', 'k', { alg")).toBe('absent');
    // a callback where options may stand: the options were left out
    expect(at({ arg: 2, path: ['algorithms'] }, "verify('t', 'k', (err")).toBe('absent');
    // an environment variable is a string: nothing is nested in it
    expect(at({ arg: 2, path: ['algorithms'] }, "verify('t', 'k', process")).toBe('absent');
    expect(at({ arg: 2, path: ['algorithms'] }, "verify('t', 'k', ...more")).toBe('unknown');
    expect(at({ arg: 2, path: ['algorithms'] }, "verify('t', 'k', { ...open")).toBe('unknown');
  });

  it('negates a negated boolean and presents a single name as a list, else tries the alternatives', () => {
    expect(at({ arg: 2, path: ['exp'], negated: true }, "verify('t', 'k', { alg")).toBe('true');
    const algorithms: OptionLocation = { arg: 2, single: true, alternatives: [{ arg: 2, path: ['alg'], single: true }] };
    expect(at(algorithms, "lib.check('t', 'k', 'HS256')")).toBe('[HS256]');
    expect(at(algorithms, "lib.check('t', 'k', { alg")).toBe('[HS256]');
  });

  it('reads builder methods, absent from a direct chain and unknown through a variable', () => {
    const expiry: OptionLocation = { method: 'setExpirationTime' };
    const direct = { sites: ['new Builder({ sub: 1 })', "new Builder({ sub: 1 }).setExpirationTime('1h')"], builder: true };
    expect(at(expiry, "new Builder({ sub: 1 }).setExpirationTime('1h').sign", direct)).toBe('1h');
    expect(at({ method: 'setAudience' }, "new Builder({ sub: 1 }).setExpirationTime('1h').sign", direct)).toBe('absent');
    expect(at({ method: 'setAudience' }, 'half.sign', { sites: ['new Builder({ sub: 2 })'], builder: true })).toBe('unknown');
    // positional options of a builder are the constructor's
    expect(at({ arg: 0, path: ['sub'] }, 'half.sign', { sites: ['new Builder({ sub: 2 })'], builder: true })).toBe('2');
  });

  it('falls back to the module registration, keeping where it was looked up', () => {
    const registrationCall = call("lib.check('t', 'k', { alg");
    const options: Registration['options'] = { kind: 'object', node: registrationCall, props: new Map(), open: false };
    const registration: RegistrationSource = () => ({ node: registrationCall, options });
    const location: OptionLocation = { arg: 2, path: ['issuer'], moduleDefault: ['verify', 'issuer'] };
    const fact = reader("verify('t', 'k', { alg", { registration }).read(location).fact;
    expect(fact).toMatchObject({ state: 'absent', registration: registrationCall });
    expect(at(location, "verify('t', 'k', { alg", { registration: () => 'unknown' })).toBe('unknown');
    expect(at(location, "verify('t', 'k', { alg", { registration: () => undefined })).toBe('absent');
  });

  it('finds where an absent option would be written', () => {
    const target = (location: OptionLocation, builder: boolean, text: string) => {
      const node = call(text);
      return optionTarget(location, builder, node.arguments ?? [], node);
    };
    const written = target({ arg: 2, path: ['issuer'] }, false, "verify('t', 'k', { alg");
    expect(written && 'object' in written).toBe(true);
    const after = target({ arg: 3, path: ['issuer'] }, false, "verify('t', 'k', { alg");
    expect(after && 'after' in after ? after.after.getText() : undefined).toMatch(/^\{ algorithms/);
    expect(target({ arg: 2, path: ['issuer'] }, true, "verify('t', 'k', { alg")).toBeUndefined();
    expect(target({ arg: 2, path: ['issuer'] }, false, "verify('t', 'k', ...more")).toBeUndefined();
  });
});
