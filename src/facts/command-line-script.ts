import { ts } from 'ts-morph';
import { SERVER_START_CALLS } from '../models/http.js';

/**
 * Command-line scripts: a file run on its own (`node scripts/make-token.js`) that exports nothing and starts no server.
 * What such a script prints is its output for the person who ran it (a development token generator prints the token
 * it signed), not a log line that a log pipeline keeps.
 */

const SERVER_START = new RegExp(`\\b(?:${SERVER_START_CALLS.join('|')})\\s*\\(`);
/** `module.exports = …`, `exports.x = …`: a CommonJS module's exports. */
const COMMONJS_EXPORT = /\b(?:module\.exports|exports\.[\w$]+)\s*=/;

const known = new WeakMap<ts.SourceFile, boolean>();

/** Does the file export nothing and start no server (by its top-level statements and its text)? */
export function isCommandLineScript(sourceFile: ts.SourceFile): boolean {
  let answer = known.get(sourceFile);
  if (answer === undefined) {
    const text = sourceFile.text;
    const exports = sourceFile.statements.some(
      (statement) =>
        ts.isExportAssignment(statement) ||
        ts.isExportDeclaration(statement) ||
        (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)),
    );
    answer = !exports && !COMMONJS_EXPORT.test(text) && !SERVER_START.test(text);
    known.set(sourceFile, answer);
  }
  return answer;
}
