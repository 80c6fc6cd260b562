// Minimal VS Code client for `jwtlint lsp --stdio`: the server does all the work (diagnostics, code actions).
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The jwtlint to run: the setting, else the first workspace folder's local install, else the one on PATH. */
function jwtlintCommand() {
  const configured = vscode.workspace.getConfiguration('jwtlint').get('path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'jwtlint.cmd' : 'jwtlint');
    if (fs.existsSync(local)) return local;
  }
  return 'jwtlint';
}

function activate(context) {
  const serverOptions = { command: jwtlintCommand(), args: ['lsp', '--stdio'] };
  const clientOptions = {
    documentSelector: ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map((language) => ({ scheme: 'file', language })),
  };
  client = new LanguageClient('jwtlint', 'jwtlint', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client?.stop() });
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
