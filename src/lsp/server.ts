/**
 * `jwtlint lsp --stdio`: a language server that analyses open buffers as the user types. Each open JavaScript or
 * TypeScript buffer is scanned as the command line scans that file (its imports followed into the project), with
 * the unsaved text of every open buffer standing in for the files on disk. A finding lands in the file it belongs
 * to, which may be another file than the edited one (a hard-coded secret in an imported config module).
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hasSourceExtension } from '../discovery/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../engine/tool.js';
import { analyzeDocument, ruleHelpUris } from './analyze-document.js';
import { dedupe, diagnosticsByFile, fixActions, suppressionAction } from './diagnostics.js';
import { WorkspaceFolders } from './workspace-folders.js';
import { ParseCache } from '../parsing/parse-cache.js';
import { WarmModuleResolvers, type FileChange } from '../binding/warm-resolvers.js';

/** LSP FileChangeType (1 created, 2 changed, 3 deleted); anything else is treated as a file that came or went. */
const FILE_CHANGES: Readonly<Record<number, FileChange>> = { 1: 'created', 2: 'changed', 3: 'deleted' };

/** Quiet time after the last keystroke before a buffer is analysed again. */
const CHANGE_DEBOUNCE_MS = 200;

export function startLanguageServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  const server = new JwtlintLanguageServer(connection);
  server.listen();
  return connection;
}

class JwtlintLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly folders = new WorkspaceFolders();
  /** Per analysed buffer: the diagnostics its scan produced, by file URI. */
  private readonly contributions = new Map<string, Map<string, Diagnostic[]>>();
  /** URIs that currently have diagnostics published (so they can be cleared). */
  private readonly published = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Warm project state: trees of files whose text has not changed since an earlier analysis. */
  private readonly parseCache = new ParseCache();
  /**
   * Warm project state: module resolution, kept only when the client reports file events (a file created or
   * deleted, a config changed on disk must reach it); otherwise each analysis resolves afresh.
   */
  private readonly resolvers = new WarmModuleResolvers();
  private readonly reportedConfigErrors = new Set<string>();

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => {
      this.folders.initialize(params);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
      };
    });
    connection.onInitialized(() => {
      if (this.folders.canWatchFiles) {
        // Configuration, ignore files, manifests and sources on disk decide findings of open buffers.
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/{jwtlint.config.json,.jwtlintrc.json,.jwtlintignore,.gitignore,package.json,pnpm-workspace.yaml}' },
            { globPattern: '**/{tsconfig,jsconfig}*.json' },
            // env files name a key set's algorithm (the quick fix of verify-without-algorithms)
            { globPattern: '**/.env*' },
            { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,astro}' },
          ],
        });
      }
      if (this.folders.supportsFolderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          this.folders.change(event);
          this.resolvers.clear();
          this.scheduleAll(0);
        });
      }
    });
    documents.onDidOpen((event) => this.schedule(event.document.uri, 0));
    documents.onDidChangeContent((event) => {
      // Other open buffers may import the edited one: they are analysed again too.
      this.schedule(event.document.uri, CHANGE_DEBOUNCE_MS);
      this.scheduleAll(CHANGE_DEBOUNCE_MS);
    });
    documents.onDidSave((event) => this.schedule(event.document.uri, 0));
    documents.onDidClose((event) => {
      this.forget(event.document.uri);
      // its unsaved text no longer stands in for the file on disk: the buffers that may import it are analysed again
      this.scheduleAll(CHANGE_DEBOUNCE_MS);
    });
    connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) {
        if (change.uri.startsWith('file:')) this.resolvers.fileChanged(fileURLToPath(change.uri), FILE_CHANGES[change.type] ?? 'created');
      }
      this.scheduleAll(0);
    });
    connection.onCodeAction((params) => {
      const document = documents.get(params.textDocument.uri);
      if (document === undefined) return [];
      return params.context.diagnostics.flatMap((diagnostic) => {
        const line = diagnostic.range.start.line;
        const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
        const suppress = suppressionAction(params.textDocument.uri, diagnostic, lineText);
        return [...fixActions(diagnostic), ...(suppress === undefined ? [] : [suppress])];
      });
    });
    documents.listen(connection);
    connection.listen();
  }

  private scheduleAll(delayMs: number): void {
    for (const document of this.documents.all()) this.schedule(document.uri, delayMs);
  }

  private schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.analyze(uri);
      }, delayMs),
    );
  }

  private forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.contributions.delete(uri);
    this.publish();
  }

  private async analyze(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (document === undefined || !uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    if (!hasSourceExtension(file)) return;
    const version = document.version;
    const overlays = new Map(
      this.documents
        .all()
        .filter((d) => d.uri.startsWith('file:'))
        .map((d) => [fileURLToPath(d.uri), d.getText()]),
    );
    try {
      const warm = { parse: this.parseCache.parse, ...(this.folders.canWatchFiles ? { resolvers: this.resolvers } : {}) };
      const analysis = await analyzeDocument(file, this.folders.folderOf(file), overlays, warm);
      // A newer edit arrived while this one was analysed: its own analysis will publish.
      if (this.documents.get(uri)?.version !== version) return;
      this.contributions.set(uri, diagnosticsByFile(analysis.findings, analysis.root, ruleHelpUris));
      this.reportedConfigErrors.clear();
    } catch (error) {
      this.contributions.delete(uri);
      this.reportProblem(error);
    }
    this.publish();
  }

  /** Configuration errors are shown once (not on every keystroke); anything else is logged for the bug report. */
  private reportProblem(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.name === 'UsageError') {
      if (this.reportedConfigErrors.has(message)) return;
      this.reportedConfigErrors.add(message);
      void this.connection.window.showErrorMessage(`jwtlint: ${message}`);
    } else {
      this.connection.console.error(`jwtlint: analysis failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    }
  }

  /** Publishes, for every file, the union of what each analysed buffer found there; clears files with none left. */
  private publish(): void {
    const merged = new Map<string, Diagnostic[]>();
    for (const byFile of this.contributions.values()) {
      for (const [uri, list] of byFile) merged.set(uri, [...(merged.get(uri) ?? []), ...list]);
    }
    for (const uri of this.published) {
      if (!merged.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.published.clear();
    for (const [uri, list] of merged) {
      this.published.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: dedupe(list) });
    }
  }
}
