/**
 * Module resolution kept warm between the language server's analyses: an edit of an ordinary source reuses every
 * answer (no import is resolved again), while an edit of a tsconfig `paths` mapping — an open buffer or a file on
 * disk reported by the watcher — and a file created or deleted start afresh, so a cross-file finding follows the
 * new mapping. In process (with a spy on the resolver) and end to end over stdio.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ModuleResolver } from '../src/binding/resolve-module.js';
import { WarmModuleResolvers } from '../src/binding/warm-resolvers.js';
import { analyzeDocument } from '../src/lsp/analyze-document.js';
import { LspTestClient } from './helpers/lsp-client.js';
import { TempProjects } from './helpers/temp-project.js';

const projects = new TempProjects();
afterAll(() => projects.cleanup());
afterEach(() => vi.restoreAllMocks());

const tsconfig = (folder: string) => `${JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@keys/*': [`src/${folder}/*`] } } }, null, 2)}\n`;
const AUTH = [
  "import jwt from 'jsonwebtoken';",
  "import { SIGNING_KEY } from '@keys/signing';",
  "export const issue = (sub: string) => jwt.sign({ sub }, SIGNING_KEY, { algorithm: 'HS256', expiresIn: '1h' });",
  '',
].join('\n');
const FILES = {
  'tsconfig.json': tsconfig('keys-a'),
  'src/auth.ts': AUTH,
  'src/keys-a/signing.ts': "export const SIGNING_KEY = 'alpha-horse-battery-staple-42';\n",
  'src/keys-b/signing.ts': "export const SIGNING_KEY = 'bravo-horse-battery-staple-42';\n",
};

/** Relative paths of the files that hold a hard-coded-secret finding. */
const secretFiles = (findings: readonly { ruleId: string; location: { file: string } }[]) =>
  findings
    .filter((f) => f.ruleId === 'hardcoded-secret')
    .map((f) => f.location.file)
    .sort();

describe('warm module resolution (in process)', () => {
  it('resolves nothing again for a source edit, and afresh after a config edit or a file event', async () => {
    const root = projects.create(FILES);
    const auth = path.join(root, 'src/auth.ts');
    const resolvers = new WarmModuleResolvers();
    const resolved = vi.spyOn(ModuleResolver.prototype as unknown as { resolveUncached: () => unknown }, 'resolveUncached');
    const analyse = (overlays: Map<string, string>) => analyzeDocument(auth, root, overlays, { resolvers });

    const first = await analyse(new Map([[auth, AUTH]]));
    expect(secretFiles(first.findings)).toEqual(['src/keys-a/signing.ts']);
    expect(resolved.mock.calls.length).toBeGreaterThan(0);

    resolved.mockClear();
    const edited = await analyse(new Map([[auth, `${AUTH}// an edit\n`]]));
    expect(secretFiles(edited.findings)).toEqual(['src/keys-a/signing.ts']);
    expect(resolved).not.toHaveBeenCalled();

    // the config open in a buffer, its mapping changed without saving
    const config = path.join(root, 'tsconfig.json');
    resolved.mockClear();
    const remapped = await analyse(
      new Map([
        [auth, AUTH],
        [config, tsconfig('keys-b')],
      ]),
    );
    expect(secretFiles(remapped.findings)).toEqual(['src/keys-b/signing.ts']);
    expect(resolved.mock.calls.length).toBeGreaterThan(0);

    // the same buffers again: warm
    resolved.mockClear();
    await analyse(
      new Map([
        [auth, `${AUTH}// another edit\n`],
        [config, tsconfig('keys-b')],
      ]),
    );
    expect(resolved).not.toHaveBeenCalled();

    // a source file created on disk may answer an import that led nowhere: afresh
    resolvers.fileChanged(path.join(root, 'src/keys-b/other.ts'), 'created');
    await analyse(
      new Map([
        [auth, AUTH],
        [config, tsconfig('keys-b')],
      ]),
    );
    expect(resolved.mock.calls.length).toBeGreaterThan(0);

    // a source changed on disk keeps the answers; a config changed on disk drops them
    resolved.mockClear();
    resolvers.fileChanged(path.join(root, 'src/keys-b/signing.ts'), 'changed');
    await analyse(new Map([[auth, AUTH]])); // the config buffer closed: the set of stand-in files changed
    expect(resolved.mock.calls.length).toBeGreaterThan(0);
    resolved.mockClear();
    resolvers.fileChanged(path.join(root, 'src/keys-b/signing.ts'), 'changed');
    await analyse(new Map([[auth, AUTH]]));
    expect(resolved).not.toHaveBeenCalled();
    resolvers.fileChanged(config, 'changed');
    await analyse(new Map([[auth, AUTH]]));
    expect(resolved.mock.calls.length).toBeGreaterThan(0);
  }, 30_000);
});

describe('warm module resolution (jwtlint lsp --stdio)', () => {
  const client = new LspTestClient();
  afterAll(() => client.kill());
  const codes = (list: Diagnostic[]) => list.map((d) => d.code);

  it('moves a cross-file diagnostic when a tsconfig `paths` mapping is edited in a buffer and on disk', async () => {
    const root = projects.create(FILES);
    const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).href;
    const hasSecret = (list: Diagnostic[]) => codes(list).includes('hardcoded-secret');
    const noSecret = (list: Diagnostic[]) => !hasSecret(list);
    client.connection.onRequest('client/registerCapability', () => null); // the file watchers: events are sent by hand
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('src/auth.ts'), languageId: 'typescript', version: 1, text: AUTH } });
    await client.waitForDiagnostics(uriOf('src/keys-a/signing.ts'), hasSecret);

    // a plain edit keeps the warm answers, and the finding where it is
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('src/auth.ts'), version: 2 },
      contentChanges: [{ text: `${AUTH}// edit\n` }],
    });
    await client.waitForDiagnostics(uriOf('src/keys-a/signing.ts'), hasSecret);

    // the tsconfig open in the editor, its mapping changed without saving
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf('tsconfig.json'), languageId: 'json', version: 1, text: tsconfig('keys-a') },
    });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf('tsconfig.json'), version: 2 }, contentChanges: [{ text: tsconfig('keys-b') }] });
    await client.waitForDiagnostics(uriOf('src/keys-b/signing.ts'), hasSecret);
    await client.waitForDiagnostics(uriOf('src/keys-a/signing.ts'), noSecret);

    // closed unsaved, then changed on disk and reported by the file watcher
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf('tsconfig.json') } });
    await client.waitForDiagnostics(uriOf('src/keys-a/signing.ts'), hasSecret);
    writeFileSync(path.join(root, 'tsconfig.json'), tsconfig('keys-b'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('tsconfig.json'), type: 2 }] });
    await client.waitForDiagnostics(uriOf('src/keys-b/signing.ts'), hasSecret);
    await client.waitForDiagnostics(uriOf('src/keys-a/signing.ts'), noSecret);
  }, 60_000);
});
