import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../src/binding/project.js';
import { parseSource } from '../src/parsing/parse.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'mods'));
for (let i = 0; i < 600; i += 1) writeFileSync(path.join(root, 'mods', `m${i}.ts`), `export const SECRET_${i} = 'value-${i}';\n`);
mkdirSync(path.join(root, 'big'));
// 600,000 bytes each
for (let i = 0; i < 5; i += 1) writeFileSync(path.join(root, 'big', `b${i}.ts`), `export const v = '${'x'.repeat(599_960)}';\n`.padEnd(600_000, ' '));

describe('memory stays bounded', () => {
  it('keeps at most 256 dependency trees however many files are resolved through', () => {
    const project = new Project(root);
    for (let i = 0; i < 600; i += 1) expect(project.load(path.join(root, 'mods', `m${i}.ts`))).toBeDefined();
    expect(project.heldTrees).toBe(256);
    // an evicted file is parsed again when needed, with the same content
    expect(project.load(path.join(root, 'mods', 'm0.ts'))?.text).toBe("export const SECRET_0 = 'value-0';\n");
  });

  it('drops a forgotten scanned file: a later importer parses it again', () => {
    const project = new Project(root);
    const file = path.join(root, 'mods', 'm1.ts');
    const text = "export const SECRET_1 = 'value-1';\n";
    const parsed = parseSource(file, text);
    project.register(file, text, parsed);
    expect(project.load(file)?.sourceFile).toBe(parsed.sourceFile);
    project.forget(file);
    expect(project.heldTrees).toBe(0);
    const again = project.load(file);
    expect(again?.text).toBe(text);
    expect(again?.sourceFile).not.toBe(parsed.sourceFile);
  });

  it('reuses a dependency tree for a scanned file of the same text, and never one of another text', () => {
    const project = new Project(root);
    const file = path.join(root, 'mods', 'm3.ts');
    const loaded = project.load(file)!;
    expect(project.heldParse(file, loaded.text)?.sourceFile).toBe(loaded.sourceFile);
    expect(project.heldParse(file, `${loaded.text}// edited\n`)).toBeUndefined();
  });

  it('keeps the trees a file uses while it is analysed, and evicts them for the next file past the byte budget', () => {
    const project = new Project(root);
    const big = (i: number) => path.join(root, 'big', `b${i}.ts`);
    project.startFile();
    // five modules of 600 KB: more than the 2 MB kept between files, less than the 8 MB a file may hold
    const first = [0, 1, 2, 3, 4].map((i) => project.load(big(i))!.sourceFile);
    expect([0, 1, 2, 3, 4].map((i) => project.load(big(i))!.sourceFile)).toEqual(first);
    project.startFile();
    expect(project.heldTrees).toBe(3);
    // the oldest went: loading it again parses it again
    expect(project.load(big(0))!.sourceFile).not.toBe(first[0]);
    expect(project.load(big(4))!.sourceFile).toBe(first[4]);
  });

  it('does not evict a scanned file while it is analysed, although it was loaded as a dependency before', () => {
    const project = new Project(root);
    const file = path.join(root, 'mods', 'm4.ts');
    const loaded = project.load(file)!;
    const registered = project.register(file, loaded.text, loaded);
    for (let i = 5; i < 600; i += 1) project.load(path.join(root, 'mods', `m${i}.ts`));
    expect(project.load(file)).toBe(registered);
  });
});
