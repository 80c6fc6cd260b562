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

describe('memory stays bounded', () => {
  it('keeps at most 256 dependency trees however many files are resolved through', () => {
    const project = new Project(root);
    for (let i = 0; i < 600; i += 1) expect(project.load(path.join(root, 'mods', `m${i}.ts`))).toBeDefined();
    expect(project.heldTrees).toBe(256);
    // an evicted file is parsed again when needed, with the same content
    expect(project.load(path.join(root, 'mods', 'm0.ts'))?.text).toBe("export const SECRET_0 = 'value-0';\n");
  });

  it('releases a scanned file once it is forgotten', () => {
    const project = new Project(root);
    const file = path.join(root, 'mods', 'm1.ts');
    const text = "export const SECRET_1 = 'value-1';\n";
    project.register(file, text, parseSource(file, text));
    expect(project.heldTrees).toBe(1);
    project.forget(file);
    expect(project.heldTrees).toBe(0);
  });
});
