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

describe('requestPartOf: globals, service params and configuration callbacks', () => {
  it.each([
    // Astro: the `Astro` global of the frontmatter is the request; an Astro <script> is a browser module without it
    ['---\nAstro.cookies;\n---\n<p>x</p>\n', '/virtual/page.astro', 'data'],
    ['---\nAstro.url.searchParams;\n---\n<p>x</p>\n', '/virtual/page.astro', 'data'],
    ['---\nconst t = 1;\n---\n<script>\n  Astro.cookies;\n</script>\n', '/virtual/page.astro', undefined],
    ['Astro.cookies;', '/virtual/not-astro.ts', undefined],
    // Feathers: only query, headers and authentication of the params are client data
    ['class S { async find(params: Params) { params.query.token; } }', '/virtual/service.ts', 'data'],
    ['class S { async get(id: string, params) { params.headers; } }', '/virtual/service.ts', 'data'],
    ['class S { async find(params: Params) { params.user; } }', '/virtual/service.ts', undefined],
    ['class S { async lookup(params) { params.query; } }', '/virtual/service.ts', undefined],
    ['export const hook = async (context: HookContext) => { context.params.authentication; };', '/virtual/hook.ts', 'data'],
    // Auth.js: a jwt.decode override gets the request's session token
    ["import NextAuth from 'next-auth';\nNextAuth({ jwt: { decode: async (p) => { p.token; } } });", '/virtual/auth.ts', 'data'],
    ['const o = { jwt: { decode: async (p) => { p.token; } } };', '/virtual/auth.ts', undefined],
  ])('%s (%s) is %s', (code, fileName, part) => {
    expect(partOf(code, fileName)).toBe(part);
  });
});

describe('requestDecoratorOf', () => {
  it('names the request-data decorator of a handler parameter and its argument', () => {
    const { sourceFile } = parseSource('/virtual/controller.ts', "class C { get(@Headers('authorization') auth: string, @Req() req: unknown, @Inject() other: unknown) {} }");
    const parameters: ts.ParameterDeclaration[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isParameter(node)) parameters.push(node);
      node.forEachChild(visit);
    };
    visit(sourceFile);
    expect(parameters.map((parameter) => requestDecoratorOf(parameter))).toEqual([{ name: 'Headers', argument: 'authorization' }, { name: 'Req', argument: undefined }, undefined]);
  });
});

describe("requestPartOf: the page's own URL in browser code", () => {
  it.each([
    ["import { useSearchParams } from 'next/navigation';\nconst search = useSearchParams();\nsearch;", '/virtual/page.tsx', 'page-data'],
    ["import { useSearchParams } from 'react-router-dom';\nconst [params] = useSearchParams();\nparams;", '/virtual/page.tsx', 'page-data'],
    ["import { useRoute } from 'vue-router';\nconst route = useRoute();\nroute.query.token;", '/virtual/page.ts', 'page-data'],
    ['const route = useRoute();\nroute.query;', '/virtual/nuxt-page.ts', 'page-data'],
    ['new URLSearchParams(window.location.search);', '/virtual/callback.ts', 'page-data'],
    ['new URLSearchParams(location.hash.slice(1));', '/virtual/callback.ts', 'page-data'],
    ['new URL(window.location.href).searchParams;', '/virtual/callback.ts', 'page-data'],
    ["import { page } from '$app/state';\npage.url.searchParams;", '/virtual/page.ts', 'page-data'],
    [
      "import { ActivatedRoute } from '@angular/router';\nclass C { constructor(private route: ActivatedRoute) {} f() { this.route.snapshot.queryParamMap; } }",
      '/virtual/c.component.ts',
      'page-data',
    ],
    [
      "import { ActivatedRoute } from '@angular/router';\nclass C { route = inject(ActivatedRoute); f() { this.route.queryParams.subscribe((p) => { p; }); } }",
      '/virtual/c.component.ts',
      'page-data',
    ],
  ])('%s (%s) is %s', (code, fileName, part) => {
    expect(partOf(code, fileName)).toBe(part);
  });

  it.each([
    // a local variable named like a global, a router that is not the page's, a route member that is not its query
    ["const location = { search: '?a' };\nnew URLSearchParams(location.search);", '/virtual/x.ts'],
    ["import { useRoute } from './my-router';\nconst route = useRoute();\nroute.query;", '/virtual/x.ts'],
    ["import { useRoute } from 'vue-router';\nconst route = useRoute();\nroute.name;", '/virtual/x.ts'],
    ['class C { constructor(private route: Router) {} f() { this.route.snapshot; } }', '/virtual/c.component.ts'],
  ])('%s (%s) is not page data', (code, fileName) => {
    expect(partOf(code, fileName)).not.toBe('page-data');
  });
});
