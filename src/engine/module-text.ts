import { detach } from '../parsing/detach.js';

/**
 * What the callee gate reads from a module's text without parsing it: the names it binds from imports and
 * requires, the names it re-exports and exports as they are (./callee-gate.ts asks whether a module hands a library
 * value out).
 */

export interface ModuleExports {
  reexported: readonly string[];
  bindings: readonly (readonly [clause: string, specifier: string])[];
  names: ReadonlySet<string>;
}

/** `import a, { b as c } from 'x'`, `import * as n from 'x'`, `export { a } from 'x'`, `export * from 'x'`: clause and specifier. */
const IMPORT_CLAUSE = /\bimport\s+(?!type\b)([\w$*{},\s]+?)\s+from\s*['"]([^'"]+)['"]/g;
const EXPORT_FROM = /\bexport\s+(?!type\b)(?:\*|\*\s+as\s+[\w$]+|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g;
/** `const x = require('x')`, `const { a, b: c } = require('x')`, `module.exports = require('x')`. */
const REQUIRE_BINDING = /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const REQUIRE_EXPORT = /\b(?:module\.)?exports(?:\.[\w$]+)?\s*=\s*require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Local names bound by an import clause (`a, { b as c }`, `* as n`) or a require pattern (`x`, `{ a, b: c }`). */
export function boundNames(clause: string): string[] {
  const names: string[] = [];
  const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
  if (namespace) names.push(namespace[1]);
  const braces = /\{([^}]*)\}/.exec(clause);
  if (braces) {
    for (const part of braces[1].split(',')) {
      const words = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+|\s*:\s*/);
      const local = words[words.length - 1]?.trim();
      if (local && /^[\w$]+$/.test(local)) names.push(local);
    }
  }
  const head = clause.replace(/\{[^}]*\}/, '').replace(/\*\s*as\s+[\w$]+/, '');
  for (const word of head.split(',')) if (/^[\w$]+$/.test(word.trim())) names.push(word.trim());
  return names;
}

/** `name`, `name.member`: the identifier a value expression starts with, when that is all it is. */
const PLAIN_VALUE = /^\s*([\w$]+)\s*(?:\.[\w$.]+\s*)?$/;

/**
 * Local names a module exports as they are (not merely uses inside an exported function): `export default x`,
 * `export { x, y as z }`, `export const v = x.verify`, `module.exports = x`, `exports.v = x`,
 * `module.exports = { x, v: x.verify }`. One pass per pattern over the text.
 */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  // a pattern with no literal start only where its word is (a substring search is cheaper)
  if (text.includes('default')) for (const match of text.matchAll(/\bexport\s+default\s+([\w$]+)\s*(?:[;\n]|$)/g)) names.add(match[1]);
  for (const match of text.matchAll(/\bexport\s*\{([^}]*)\}(?!\s*from)/g)) {
    for (const part of match[1].split(',')) {
      const local = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (/^[\w$]+$/.test(local)) names.add(local);
    }
  }
  for (const match of text.matchAll(/\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=;\n]+)?=\s*([\w$]+)\s*(?:[.;\n]|$)/g)) names.add(match[1]);
  if (!text.includes('exports')) return names;
  for (const match of text.matchAll(/\b(?:module\.)?exports(?:\.[\w$]+)?\s*=\s*([\w$]+)\s*(?:[.;\n]|$)/g)) names.add(match[1]);
  // a flat object literal (its values up to the first nested brace, so nothing inside a method body)
  for (const match of text.matchAll(/\bmodule\.exports\s*=\s*\{([^{}]*)/g)) {
    for (const part of match[1].split(',')) {
      const value = PLAIN_VALUE.exec(part.includes(':') ? part.slice(part.indexOf(':') + 1) : part);
      if (value) names.add(value[1]);
    }
  }
  return names;
}

/** Re-exports, library bindings and exported names of a module's text; undefined when it says no `export` at all. */
export function exportsOf(text: string): ModuleExports | undefined {
  if (!text.includes('export')) return undefined;
  const requires = text.includes('require'); // the `require` patterns only where the word is (most modules are ES modules)
  const reexported = [...text.matchAll(EXPORT_FROM), ...(requires ? text.matchAll(REQUIRE_EXPORT) : [])].map((match) => detach(match[1]));
  const bindings = [...text.matchAll(IMPORT_CLAUSE), ...(requires ? text.matchAll(REQUIRE_BINDING) : [])].map((match) => [detach(match[1]), detach(match[2])] as const);
  return { reexported, bindings, names: bindings.length > 0 ? new Set([...exportedNames(text)].map(detach)) : new Set() };
}
