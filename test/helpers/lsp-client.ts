/**
 * A language client for tests: starts `jwtlint lsp --stdio` from the built CLI and speaks LSP to it through
 * vscode-languageserver-protocol's own connection (no hand-written JSON-RPC).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export class LspTestClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcessWithoutNullStreams;
  /** Latest diagnostics per URI, and everything the server logged on stderr. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  stderr = '';
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor() {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'jwtlint.js'), 'lsp', '--stdio'], { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      const ready = this.waiters.filter((w) => w.check());
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve();
    });
    this.connection.listen();
  }

  /** Resolves when the diagnostics of `uri` satisfy `predicate` (checked now and on every publication). */
  waitForDiagnostics(uri: string, predicate: (list: Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const list = this.diagnostics.get(uri);
        return list !== undefined && predicate(list);
      };
      if (check()) return resolve(this.diagnostics.get(uri)!);
      const timer = setTimeout(
        () => reject(new Error(`no matching diagnostics for ${uri} in ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        resolve(this.diagnostics.get(uri)!);
      };
      this.waiters.push({ check, resolve: done });
    });
  }

  /** shutdown + exit; resolves to the server's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.child.kill();
  }
}
