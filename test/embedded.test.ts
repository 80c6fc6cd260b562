import { describe, expect, it } from 'vitest';
import { codeText, codeView, findBlocks } from '../src/parsing/embedded.js';
import { parseSource } from '../src/parsing/parse.js';
import { findDeclaration } from '../src/binding/scope.js';
import { ts } from 'ts-morph';

/** The code view keeps every offset: same length, line breaks where they were. */
function expectSameShape(original: string, code: string): void {
  expect(code.length).toBe(original.length);
  for (let i = 0; i < original.length; i += 1) {
    if (/[\r\n]/.test(original[i]) || /[\r\n]/.test(code[i])) expect(code[i], `offset ${i}`).toBe(original[i]);
  }
}

const blocksOf = (kind: 'vue' | 'svelte' | 'astro', text: string) => findBlocks(kind, text).map((b) => text.slice(b.start, b.end));

describe('component files: script blocks', () => {
  it('leaves ordinary source files alone', () => {
    expect(codeView('a.ts', 'const a = 1;')).toBeUndefined();
    expect(codeText('a.tsx', '<div/>')).toBe('<div/>');
  });

  it('finds Vue <script> and <script setup lang="ts">, and nothing in the template, comments, attributes or styles', () => {
    const text = [
      '<template>',
      '  <div title="<script>notCode()</script>"><!-- <script>commented()</script> -->{{ a < b }}</div>',
      '</template>',
      '<script lang="ts">',
      'export default { name: "X" };',
      '</script>',
      '<script setup lang="ts">',
      'const token = 1;',
      '</SCRIPT >',
      '<style>.a::after { content: "<script>css()</script>"; }</style>',
      '',
    ].join('\n');
    expect(blocksOf('vue', text)).toEqual(['\nexport default { name: "X" };\n', '\nconst token = 1;\n']);
    const view = codeView('C.vue', text)!;
    expectSameShape(text, view.code);
    expect(view.lang).toBe('ts');
    expect(view.code).not.toMatch(/notCode|commented|css|template|div/);
    // The plain <script> is the module; <script setup> is wrapped in a block of its own
    expect(view.code.split('\n')[6]).toMatch(/^ ;\s+\{$/);
    expect(view.code.split('\n')[8]).toMatch(/^\}\s*$/);
  });

  it('skips scripts that are not JavaScript or TypeScript, have a src, or are empty', () => {
    const text = [
      '<script type="application/ld+json">{ "a": 1 }</script>',
      '<script type="text/x-template"><div>{{ a }}</div></script>',
      '<script lang="coffee">x = 1</script>',
      '<script src="./x.js"></script>',
      '<script>   </script>',
      '<script type="module">ok()</script>',
      '<script type="text/javascript">alsoOk()</script>',
    ].join('\n');
    expect(blocksOf('astro', text)).toEqual(['ok()', 'alsoOk()']);
  });

  it('tells the Svelte module script (context="module" or module) from the instance script', () => {
    const legacy = '<script lang="ts">let a;</script>\n<script context="module" lang="ts">export const b = 1;</script>\n';
    const blocks = findBlocks('svelte', legacy);
    expect(blocks.map((b) => b.ownScope)).toEqual([true, false]);
    const runes = '<script module>export const b = 1;</script>\n<script>let { a } = $props();</script>';
    expect(findBlocks('svelte', runes).map((b) => b.ownScope)).toEqual([false, true]);
    // Attribute values in braces may hold `>` and quotes
    const braces = '<div on:click={() => a > "x"} {...rest}>{a < b}</div>\n<script>let c = 1;</script>';
    expect(blocksOf('svelte', braces)).toEqual(['let c = 1;']);
  });

  it('reads Astro frontmatter as TypeScript and each <script> as a module of its own', () => {
    const text = '---\nconst token = Astro.cookies.get("t");\n---\n<p>{token}</p>\n<script>\nconst token = localStorage.getItem("t");\n</script>\n';
    const blocks = findBlocks('astro', text);
    expect(blocks.map((b) => [text.slice(b.start, b.end), b.ownScope, b.lang])).toEqual([
      ['const token = Astro.cookies.get("t");\n', false, 'ts'],
      ['\nconst token = localStorage.getItem("t");\n', true, 'ts'],
    ]);
    const view = codeView('P.astro', text)!;
    expectSameShape(text, view.code);
    // The two `token`s do not collide: each read finds its own declaration
    const parsed = parseSource('P.astro', text);
    expect(parsed.syntaxErrors).toEqual([]);
    const uses: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === 'token' && ts.isVariableDeclaration(node.parent)) uses.push(node);
      node.forEachChild(visit);
    };
    visit(parsed.sourceFile);
    expect(uses).toHaveLength(2);
    const [server, browser] = uses.map((use) => findDeclaration('token', use)?.node.getText());
    expect(server).toContain('Astro.cookies');
    expect(browser).toContain('localStorage');
  });

  it('keeps a wrapped block closed when its last line ends in a line comment', () => {
    const text = '<script setup>\nconst a = 1 // note</script>\n<template><p/></template>\n';
    const parsed = parseSource('C.vue', text);
    expect(parsed.syntaxErrors).toEqual([]);
    expectSameShape(text, parsed.sourceFile.text);
  });

  it('keeps CRLF line breaks, unclosed scripts and JavaScript blocks parseable', () => {
    const crlf = '<template>\r\n  <a/>\r\n</template>\r\n<script>\r\nexport default {}\r\n</script>\r\n';
    expectSameShape(crlf, codeText('C.vue', crlf));
    const unclosed = '<p>x</p>\n<script>\nconst a = 1;\n';
    expect(blocksOf('svelte', unclosed)).toEqual(['\nconst a = 1;\n']);
    expect(parseSource('C.svelte', unclosed).syntaxErrors).toEqual([]);
    expect(codeView('C.vue', '<script>const a = <div/>;</script>')!.lang).toBe('js');
    expect(parseSource('C.vue', '<script>const a = <div/>;</script>').syntaxErrors).toEqual([]);
  });

  it('gives the same positions in the tree as in the file', () => {
    const text = '<template><b>hi</b></template>\n<script setup lang="ts">import jwt from "jsonwebtoken"; jwt.decode(t);</script>\n';
    const parsed = parseSource('C.vue', text);
    let call: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) call = node;
      node.forEachChild(visit);
    };
    visit(parsed.sourceFile);
    expect(call).toBeDefined();
    const start = call!.getStart();
    expect(text.slice(start, call!.getEnd())).toBe('jwt.decode(t)');
    expect(parsed.sourceFile.getLineAndCharacterOfPosition(start)).toEqual({ line: 1, character: text.split('\n')[1].indexOf('jwt.decode') });
  });
});
