/** The editor's workspace folders (multi-root), and which one holds a file: it plays the command line's cwd. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';

export class WorkspaceFolders {
  private folders: string[] = [];
  canWatchFiles = false;
  supportsFolderEvents = false;

  initialize(params: InitializeParams): void {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    this.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.supportsFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
  }

  change(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((f) => fileURLToPath(f.uri)));
    this.folders = [...this.folders.filter((f) => !removed.has(f)), ...event.added.map((f) => fileURLToPath(f.uri))];
  }

  /** The deepest workspace folder holding the file (nested folders in a multi-root workspace), if any. */
  folderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      const rel = path.relative(folder, file);
      const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      if (inside && (best === undefined || folder.length > best.length)) best = folder;
    }
    return best;
  }
}
