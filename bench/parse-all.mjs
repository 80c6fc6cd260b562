// Baseline (b): TypeScript parse-only of every file (the parser jwtlint uses, from ts-morph).
import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';

const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let nodes = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.[mc]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  try {
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    nodes += sourceFile.statements.length;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
}
console.log(`${files.length} files parsed, ${nodes} top-level statements`);
