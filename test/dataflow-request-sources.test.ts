/** The one recogniser of request values (src/dataflow/request-sources.ts), without going through a rule. */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { requestDecoratorOf, requestPartOf } from '../src/dataflow/request-sources.js';
import { parseSource } from '../src/parsing/parse.js';

/** The request part of the last expression statement in `code`. */
function partOf(code: string, fileName = '/virtual/handler.ts'): string | undefined {
  const { sourceFile } = parseSource(fileName, code);
  let last: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) last = node.expression;
    node.forEachChild(visit);
  };
  visit(sourceFile);
  if (!last) throw new Error('no expression statement');
  return requestPartOf(last);
}

describe('requestPartOf', () => {
  it.each([
    ["app.get('/', (req, res) => { req; });", 'request'],
    ["app.get('/', (req, res) => { req.headers.authorization; });", 'data'],
    ["app.get('/', (req, res) => { req.query.token; });", 'data'],
    ["app.get('/', (req, res) => { req.cookies; });", 'data'],
    ['export async function loader({ request }: { request: Request }) { new URL(request.url); }', 'url'],
    ['export async function loader({ request }: { request: Request }) { new URL(request.url).searchParams; }', 'data'],
    ["router.get('/', async (ctx) => { ctx.request; });", 'request'],
    ["router.get('/', async (ctx) => { ctx.cookies; });", 'data'],
    ["app.get('/', (c) => { c.req; });", 'request'],
    ["app.get('/', (req, res) => { const headers = req.headers; headers.authorization; });", 'data'],
  ])('%s is %s', (code, part) => {
    expect(partOf(code)).toBe(part);
  });

  it.each([
    ["app.get('/', (user, res) => { user.headers; });"],
    ['function f(options: { headers: Record<string, string> }) { options.headers.authorization; }'],
    ["const req = { headers: { authorization: 'x' } }; req.headers.authorization;"],
  ])('%s is not a request', (code) => {
    expect(partOf(code)).toBeUndefined();
  });
});

describe('requestDecoratorOf', () => {
  it('names the request-data decorator of a handler parameter and its argument', () => {
    const { sourceFile } = parseSource(
      '/virtual/controller.ts',
      "class C { get(@Headers('authorization') auth: string, @Req() req: unknown, @Inject() other: unknown) {} }",
    );
    const parameters: ts.ParameterDeclaration[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isParameter(node)) parameters.push(node);
      node.forEachChild(visit);
    };
    visit(sourceFile);
    expect(parameters.map((parameter) => requestDecoratorOf(parameter))).toEqual([{ name: 'Headers', argument: 'authorization' }, { name: 'Req', argument: undefined }, undefined]);
  });
});
