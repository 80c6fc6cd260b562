/** Member chains (src/dataflow/access-chain.ts) and environment writes (src/dataflow/env-writes.ts), on their own. */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { Project } from '../src/binding/project.js';
import { accessChain, type AccessChainOptions } from '../src/dataflow/access-chain.js';
import { EnvWrites } from '../src/dataflow/env-writes.js';
import { parseSource } from '../src/parsing/parse.js';

describe('accessChain', () => {
  /** The chain of the expression statement `code`, as `base: names`. */
  function chain(code: string, options?: AccessChainOptions): string {
    const { sourceFile } = parseSource('/virtual/chain.ts', code);
    const statement = sourceFile.statements[0];
    if (!statement || !ts.isExpressionStatement(statement)) throw new Error('not an expression statement');
    const { base, names } = accessChain(statement.expression, options);
    return `${base.getText()}: ${names.join(' ')}`;
  }

  it('peels property and literal element accesses, optional chains and wrappers included', () => {
    expect(chain('req.headers.authorization;')).toBe('req: headers authorization');
    expect(chain("req?.headers?.['x-token'];")).toBe('req: headers x-token');
    expect(chain('(req.headers as any).cookie!;')).toBe('req: headers cookie');
  });

  it('reads a computed key as the constant it holds when told, else stops there', () => {
    const keyOf = (key: ts.Expression) => (key.getText() === 'Guard.HEADER' ? 'authorization' : undefined);
    expect(chain('req.headers[Guard.HEADER];', { keyOf })).toBe('req: headers authorization');
    expect(chain('keys[kid].pem;', { keyOf })).toBe('keys[kid]: pem');
  });

  it('stops at computed keys, numeric indexes and calls unless asked', () => {
    expect(chain('keys[kid].pem;')).toBe('keys[kid]: pem');
    expect(chain('parts[1].length;')).toBe('parts[1]: length');
    expect(chain('parts[1].length;', { numericIndexes: true })).toBe('parts: 1 length');
    expect(chain('res.status(200).cookie;')).toBe('res.status(200): cookie');
    expect(chain('res.status(200).cookie;', { throughCalls: true })).toBe('res: ');
  });
});

describe('EnvWrites', () => {
  function envWrites(files: Record<string, string>): EnvWrites {
    const sources = new Map(Object.entries(files).map(([name, text]) => [`/virtual/${name}`, text]));
    return new EnvWrites(new Project('/virtual', sources), [...sources.keys()], sources);
  }

  it('knows the one literal a name is set to anywhere in the scan, dotted or bracketed', () => {
    const writes = envWrites({
      'bootstrap.ts': "process.env.JWT_SECRET = 'dev-secret';\nprocess.env['API_KEY'] = `k-123`;\n",
      'auth.ts': 'export const key = process.env.JWT_SECRET;\n',
    });
    const secret = writes.literalOf('JWT_SECRET');
    expect(secret?.node.text).toBe('dev-secret');
    expect(secret?.file).toBe('/virtual/bootstrap.ts');
    expect(writes.literalOf('API_KEY')?.node.text).toBe('k-123');
    expect(writes.literalOf('OTHER')).toBeUndefined();
  });

  it('knows nothing of a name written twice or not as a literal, and ignores comparisons', () => {
    const writes = envWrites({
      'a.ts': "process.env.TWICE = 'one';\nprocess.env.COMPUTED = process.argv[2];\nif (process.env.COMPARED == 'x') {}\n",
      'b.ts': "process.env.TWICE = 'two';\n",
    });
    expect(writes.literalOf('TWICE')).toBeUndefined();
    expect(writes.literalOf('COMPUTED')).toBeUndefined();
    expect(writes.literalOf('COMPARED')).toBeUndefined();
  });
});
