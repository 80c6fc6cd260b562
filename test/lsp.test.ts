/**
 * `jwtlint lsp --stdio` end to end: the built server in its own process, driven over stdio by a real LSP client
 * connection: initialize, open a buffer whose unsaved text has a misuse, see the diagnostics (in the buffer and
 * in an imported file that was never opened), edit without saving, see them go, apply the suppression action.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { TempProjects } from './helpers/temp-project.js';
import { LspTestClient } from './helpers/lsp-client.js';

const projects = new TempProjects();
let root = '';
let client: LspTestClient;

const CONFIG = ["export const SIGNING_KEY = 'correct-horse-battery-staple-42';", ''].join('\n');
const ON_DISK = ["import jwt from 'jsonwebtoken';", "import { SIGNING_KEY } from './config';", 'export const noop = 1;', ''].join('\n');
const UNSAVED = [
  "import jwt from 'jsonwebtoken';",
  "import { SIGNING_KEY } from './config';",
  'export function check(t: string) {',
  "  return jwt.verify(t, SIGNING_KEY, { audience: 'api', issuer: 'https://issuer' });",
  '}',
  '',
].join('\n');

const codes = (list: Diagnostic[]) => list.map((d) => d.code);
const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).href;

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}

beforeAll(async () => {
  root = projects.create({ 'src/config.ts': CONFIG, 'src/auth.ts': ON_DISK });
  client = new LspTestClient();
  const result = await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
  });
  expect((result as { serverInfo: { name: string } }).serverInfo.name).toBe('jwtlint');
  await client.connection.sendNotification('initialized', {});
}, 30_000);

afterAll(() => {
  client?.kill();
  projects.cleanup();
});

describe('jwtlint lsp --stdio', () => {
  it('reports the unsaved text of an open buffer, and a finding it causes in an unopened imported file', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('src/auth.ts'), languageId: 'typescript', version: 1, text: UNSAVED },
    });
    const inBuffer = await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => codes(l).includes('verify-without-algorithms'));
    const verify = inBuffer.find((d) => d.code === 'verify-without-algorithms')!;
    expect(verify.range.start).toEqual({ line: 3, character: 9 });
    expect(verify.source).toBe('jwtlint');
    expect(verify.codeDescription?.href).toMatch(/docs\/rules\/verify-without-algorithms\.md$/);
    const inConfig = await client.waitForDiagnostics(uriOf('src/config.ts'), (l) => codes(l).includes('hardcoded-secret'));
    const secret = inConfig.find((d) => d.code === 'hardcoded-secret')!;
    expect(secret.range.start.line).toBe(0);
    expect(secret.message).not.toContain('correct-horse-battery-staple-42'); // redacted as everywhere else
    expect(secret.relatedInformation?.some((r) => r.location.uri === uriOf('src/auth.ts'))).toBe(true);
  }, 30_000);

  it('drops a diagnostic when an unsaved edit fixes the code', async () => {
    const fixed = UNSAVED.replace("{ audience: 'api'", "{ algorithms: ['HS256'], audience: 'api'");
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('src/auth.ts'), version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const after = await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => !codes(l).includes('verify-without-algorithms'));
    expect(codes(after)).not.toContain('verify-without-algorithms');
  }, 30_000);

  it('offers a suppression that, once applied, silences the finding', async () => {
    const text = UNSAVED;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf('src/auth.ts'), version: 3 }, contentChanges: [{ text }] });
    const list = await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => codes(l).includes('verify-without-algorithms'));
    const target = list.find((d) => d.code === 'verify-without-algorithms')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf('src/auth.ts') },
      range: target.range,
      context: { diagnostics: [target] },
    })) as CodeAction[];
    const suppress = actions.find((a) => a.title === 'Suppress verify-without-algorithms on this line')!;
    expect(suppress.kind).toBe('quickfix');
    const edited = applyEdits(text, suppress.edit!.changes![uriOf('src/auth.ts')]);
    expect(edited.split('\n')[3]).toBe('  // jwtlint-disable-next-line verify-without-algorithms -- why this is safe');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf('src/auth.ts'), version: 4 }, contentChanges: [{ text: edited }] });
    await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => !codes(l).includes('verify-without-algorithms'));
  }, 30_000);

  it("offers the rule's own fix as the preferred quick fix, and applying it removes the finding", async () => {
    const text = UNSAVED.replace("{ audience: 'api'", "{ algorithms: ['HS256'], ignoreExpiration: true, audience: 'api'");
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf('src/auth.ts'), version: 5 }, contentChanges: [{ text }] });
    const list = await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => codes(l).includes('expiration-not-enforced'));
    const target = list.find((d) => d.code === 'expiration-not-enforced')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf('src/auth.ts') },
      range: target.range,
      context: { diagnostics: [target] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    expect(fix.title).toBe('Remove `ignoreExpiration: true`');
    const edited = applyEdits(text, fix.edit!.changes![uriOf('src/auth.ts')]);
    expect(edited).toBe(UNSAVED.replace("{ audience: 'api'", "{ algorithms: ['HS256'], audience: 'api'"));
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf('src/auth.ts'), version: 6 }, contentChanges: [{ text: edited }] });
    await client.waitForDiagnostics(uriOf('src/auth.ts'), (l) => !codes(l).includes('expiration-not-enforced'));
  }, 30_000);

  it('clears what a closed buffer caused, and exits cleanly on shutdown/exit', async () => {
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf('src/auth.ts') } });
    await client.waitForDiagnostics(uriOf('src/config.ts'), (l) => l.length === 0);
    expect(await client.stop()).toBe(0);
  }, 30_000);
});
