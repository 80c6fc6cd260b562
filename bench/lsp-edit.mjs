#!/usr/bin/env node
/**
 * Edit-to-diagnostics latency of `jwtlint lsp --stdio` in a large tree: `node bench/lsp-edit.mjs <root> <file>`.
 * Starts the built server as an editor would (vscode-languageserver-protocol over stdio), opens `file`, waits
 * for its first diagnostics, makes warm-up edits, then measures the median time from a didChange notification
 * to the publishDiagnostics of that version over EDITS edits (the server's debounce included). Prints JSON.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = protocol;

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'jwtlint.js');
const WARM_UP = 3;
/** The file of each application corpus (bench/apps.mjs) the edit benchmark opens: one that verifies tokens. */
export const EDIT_FILES = { logto: 'packages/core/src/middleware/koa-auth/index.ts' };
/** Issue 15's target for the median edit-to-diagnostics time after warm-up, debounce included. */
export const TARGET_MS = 300;
const EDITS = 10;

export async function measureEditLatency(root, file) {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  const waiting = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri !== uri) return;
    for (const w of waiting.splice(0)) w(params);
  });
  connection.onRequest(() => null); // workspace/configuration and the like: defaults
  connection.listen();
  const diagnostics = () => new Promise((resolve) => waiting.push(resolve));
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      // as editors do (VS Code, Neovim ≥ 0.10): the server keeps module resolution warm only for clients that report file events
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    });
    await connection.sendNotification('initialized', {});
    const text = readFileSync(file, 'utf8');
    const opened = Date.now();
    const first = diagnostics();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const initial = await first;
    const openMs = Date.now() - opened;
    const times = [];
    for (let i = 0; i < WARM_UP + EDITS; i += 1) {
      // an edit that changes the text but not the findings: a comment line appended
      const edited = `${text}\n// edit ${i}\n`;
      const started = process.hrtime.bigint();
      const next = diagnostics();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: edited }] });
      await next;
      if (i >= WARM_UP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    return {
      file: path.relative(root, file),
      openMs,
      diagnostics: initial.diagnostics.length,
      edits: EDITS,
      medianMs: Math.round(times[Math.floor(times.length / 2)]),
      maxMs: Math.round(times[times.length - 1]),
    };
  } finally {
    connection.dispose();
    child.kill();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root, file] = process.argv.slice(2).map((p) => path.resolve(p));
  console.log(JSON.stringify(await measureEditLatency(root, file)));
}
