import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The verify call every hostile file ends with, so each file shows whether analysis survived. */
const VERIFY_LINE = "jwt.verify(token, key, { audience: 'api' });";

/**
 * Builds a tree of hostile inputs in a temp dir (nothing binary is committed). Each source file that can
 * be analysed contains a `jwt.verify(token, key)` without algorithms at a known line.
 */
export function makeHostileTree(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-hostile-'));
  mkdirSync(path.join(root, '.git'));
  const write = (name: string, content: string | Buffer) => writeFileSync(path.join(root, name), content);
  const header = "import jwt from 'jsonwebtoken';\n";
  write('syntax-error.ts', `${header}const broken = {;\n${VERIFY_LINE}\n`);
  write('binary.ts', Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01, 0x02, 0xff, 0x00]));
  // one stray NUL in a string literal: source code all the same
  write('stray-nul.ts', Buffer.concat([Buffer.from(`${header}const raw = 'a`), Buffer.from([0x00]), Buffer.from(`b';\n${VERIFY_LINE}\n`)]));
  write('invalid-utf8.ts', Buffer.concat([Buffer.from(`${header}// caf`), Buffer.from([0xe9, 0xff]), Buffer.from(`\n${VERIFY_LINE}\n`)]));
  write('bom.ts', `\ufeff${header}${VERIFY_LINE}\n`);
  write('crlf.ts', `${header.replace('\n', '\r\n')}\r\n${VERIFY_LINE}\r\n`);
  write('cr-only.ts', `${header.replace('\n', '\r')}\r${VERIFY_LINE}\r`);
  // a 500,000-character line in an otherwise ordinary file (not minified: most lines are short)
  write('long-line.js', `const jwt = require('jsonwebtoken');${'var a = 1;'.repeat(50_000)}${VERIFY_LINE}\n${'const b = 2;\n'.repeat(1_200)}`);
  write('bundle.min.cjs.js', `${'var a=1;'.repeat(5_000)}require('jsonwebtoken').verify(t,k);`);
  // 20,000-deep nesting, spread over lines (one bracket per line) so the file is not mistaken for minified code
  write('deep-parens.ts', `${header}${VERIFY_LINE}\nconst x = ${'(\n'.repeat(20_000)}1${')\n'.repeat(20_000)};\n`);
  write('deep-brackets.js', `const jwt = require('jsonwebtoken');\n${VERIFY_LINE}\nconst x = ${'[\n'.repeat(20_000)}${']\n'.repeat(20_000)};\n`);
  write('deep-members.ts', `${header}${VERIFY_LINE}\nconst x = a${'\n.b'.repeat(20_000)};\n`);
  write('deep-binary.ts', `${header}${VERIFY_LINE}\nconst x = ${Array.from({ length: 20_000 }, () => 'token').join(' +\n')};\n`);
  write('empty.ts', '');
  write('unicode.ts', `${header}const s = '🔑🔑';  ${VERIFY_LINE}\n`);
  write('huge.ts', `${header}${VERIFY_LINE}\n${'// padding\n'.repeat(250_000)}`);
  mkdirSync(path.join(root, 'folder.ts'));
  write(path.join('folder.ts', 'inside.ts'), `${header}${VERIFY_LINE}\n`);
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('does-not-exist.ts', path.join(root, 'dangling.ts'));
  symlinkSync(os.tmpdir(), path.join(root, 'outside'));
  return root;
}
