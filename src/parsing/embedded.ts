/**
 * Script blocks of component files (`.vue`, `.svelte`, `.astro`), seen as one TypeScript/JavaScript text.
 *
 * Every character outside the script blocks is replaced by a space (line breaks kept), so an offset, line
 * and column in the code view is the same offset, line and column in the original file: findings,
 * suppression comments and related locations need no mapping.
 *
 * Blocks that run in their own scope are wrapped in a block statement, written over characters of their own
 * tags (`;` over the `s` of `<script`, `{` over its `>`, `}` over the `<` of `</script>`), so two blocks
 * declaring the same name do not collide: Vue `<script setup>` (compiled into a `setup()` function that
 * sees the plain `<script>`), the Svelte instance `<script>` (the component function, which sees
 * `<script context="module">`) and every Astro `<script>` (a browser module of its own, apart from the
 * server-side frontmatter). Imports inside such a block are still found: scopes read the block's statements.
 *
 * Why a small extractor and not `@vue/compiler-sfc` / `svelte/compiler` / `@astrojs/compiler`: every component
 * file goes through this before the prefilter, so its cost is paid on all of them. Measured on 300 generated
 * components of 5–12 kB (100 of each kind; Node 20 on the shared 2-vCPU machine, best of 3):
 *   this extractor              load   3–6 ms   0.04–0.08 ms per file
 *   @vue/compiler-sfc 3.5       load 230–670 ms  1.4 ms per file (it parses the whole template)
 *   svelte/compiler 5           load 640–700 ms  2.2–3.8 ms per file
 *   @astrojs/compiler 2 (WASM)  load 110–370 ms  13–16 ms per file
 *   (TypeScript parse of the code views: 1.7–4 ms per file)
 * The parsers would cost more than parsing the code itself, and their start-up alone exceeds the pre-commit
 * budget (5 files well under 1 s). The tag structure needed to find script blocks (comments, quoted and
 * `{…}` attribute values, raw-text elements, Astro fences) fits in this file; test/embedded.test.ts covers it.
 */

export type ScriptLang = 'ts' | 'tsx' | 'js' | 'jsx';

export interface ScriptBlock {
  /** Offsets of the code inside the block (the frontmatter between the fences, or a tag's content). */
  start: number;
  end: number;
  lang: ScriptLang;
  /** Runs in a scope of its own (wrapped in a block statement in the code view). */
  ownScope: boolean;
  /** Offset of the `<` of the opening tag, or undefined for Astro frontmatter. */
  tagStart?: number;
  /** The closing tag was found (an unclosed block runs to the end of the file and is not wrapped). */
  closed: boolean;
}

export interface CodeView {
  /** Same length and line breaks as the original text; only script code is left. */
  code: string;
  /** The language the whole view is parsed as. */
  lang: ScriptLang;
  blocks: ScriptBlock[];
}

type ComponentKind = 'vue' | 'svelte' | 'astro';

const COMPONENT_EXTENSION = /\.(vue|svelte|astro)$/i;

/** The component file extensions analysed through their script blocks. */
export const COMPONENT_EXTENSIONS = ['.vue', '.svelte', '.astro'] as const;

function componentKind(fileName: string): ComponentKind | undefined {
  const match = COMPONENT_EXTENSION.exec(fileName);
  return match ? (match[1].toLowerCase() as ComponentKind) : undefined;
}

let lastView: { fileName: string; text: string; view: CodeView | undefined } | undefined;

/**
 * The code view of a component file, or undefined for an ordinary source file. Remembers the last answer:
 * the prefilter and the parser ask for the same file one after the other.
 */
export function codeView(fileName: string, text: string): CodeView | undefined {
  if (lastView && lastView.fileName === fileName && lastView.text === text) return lastView.view;
  const kind = componentKind(fileName);
  const view = kind === undefined ? undefined : buildView(text, findBlocks(kind, text));
  lastView = { fileName, text, view };
  return view;
}

/** The text a file's code is read from: the code view of a component file, the text itself otherwise. */
export function codeText(fileName: string, text: string): string {
  return codeView(fileName, text)?.code ?? text;
}

function buildView(text: string, blocks: ScriptBlock[]): CodeView {
  // Characters written over blanked tag characters, by offset (the scope braces of wrapped blocks).
  const marks = new Map<number, string>();
  blocks.forEach((block, index) => {
    if (!block.ownScope || !block.closed || block.tagStart === undefined) return;
    const limit = index + 1 < blocks.length ? (blocks[index + 1].tagStart ?? text.length) + 1 : text.length;
    marks.set(block.tagStart + 1, ';');
    marks.set(block.start - 1, '{');
    marks.set(closingBracePosition(text, block, limit), '}');
  });
  let code = '';
  let last = 0;
  const blankUpTo = (end: number) => {
    for (const [offset, mark] of [...marks].filter(([at]) => at >= last && at < end).sort((a, b) => a[0] - b[0])) {
      code += blank(text.slice(last, offset)) + mark;
      last = offset + 1;
    }
    code += blank(text.slice(last, end));
  };
  for (const block of blocks) {
    blankUpTo(block.start);
    code += text.slice(block.start, block.end);
    last = block.end;
  }
  blankUpTo(text.length);
  return { code, lang: viewLang(blocks), blocks };
}

/** Every character but line breaks replaced by a space: lines and columns stay where they were. */
function blank(markup: string): string {
  return markup.replace(/[^\r\n\u2028\u2029]+/g, (run) => ' '.repeat(run.length));
}

/**
 * Where the `}` closing a wrapped block goes: over the `<` of `</script>`, unless the block's last line may
 * end in a line comment (which would swallow it); then at the first character of a following line, before
 * the next block's `;` at `limit`.
 */
function closingBracePosition(text: string, block: ScriptBlock, limit: number): number {
  const lastBreak = Math.max(text.lastIndexOf('\n', block.end - 1), text.lastIndexOf('\r', block.end - 1));
  if (!text.slice(Math.max(lastBreak + 1, block.start), block.end).includes('/')) return block.end;
  const nextBreak = text.slice(block.end, limit).search(/[\r\n]/);
  if (nextBreak < 0) return block.end;
  for (let i = block.end + nextBreak; i < limit; i += 1) if (!/[\r\n\u2028\u2029]/.test(text[i])) return i;
  return block.end;
}

function viewLang(blocks: readonly ScriptBlock[]): ScriptLang {
  const langs = new Set(blocks.map((block) => block.lang));
  for (const lang of ['tsx', 'ts', 'jsx'] as const) if (langs.has(lang)) return lang;
  return 'js';
}

/** The script blocks of a component file, in text order. */
export function findBlocks(kind: ComponentKind, text: string): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  let from = 0;
  if (kind === 'astro') {
    const frontmatter = astroFrontmatter(text);
    if (frontmatter) {
      blocks.push({ start: frontmatter.start, end: frontmatter.end, lang: 'ts', ownScope: false, closed: true });
      from = frontmatter.after;
    }
  }
  let moduleTaken = blocks.length > 0;
  for (const element of scriptElements(text, from)) {
    const lang = scriptLang(kind, element.attributes);
    if (lang === undefined || element.end <= element.start || text.slice(element.start, element.end).trim() === '') continue;
    const isModule = !moduleTaken && isModuleBlock(kind, element.attributes);
    if (isModule) moduleTaken = true;
    blocks.push({ start: element.start, end: element.end, lang, ownScope: !isModule, tagStart: element.tagStart, closed: element.closed });
  }
  return blocks;
}

/** The block whose declarations are the module's own: it is not wrapped, so its exports stay exports. */
function isModuleBlock(kind: ComponentKind, attributes: ReadonlyMap<string, string>): boolean {
  if (kind === 'vue') return !attributes.has('setup');
  if (kind === 'svelte') return attributes.get('context') === 'module' || attributes.has('module');
  return false;
}

const CODE_TYPE = /^(?:module|(?:text|application)\/(?:x-)?(?:javascript|ecmascript|typescript|babel|jsx)|text\/(?:ts|tsx))$/i;
const LANGS: Readonly<Record<string, ScriptLang>> = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', jsx: 'jsx' };

/** The language of a script element, or undefined when it does not hold JavaScript or TypeScript (JSON, templates). */
function scriptLang(kind: ComponentKind, attributes: ReadonlyMap<string, string>): ScriptLang | undefined {
  if (attributes.has('src')) return undefined; // the code is in the referenced file, scanned on its own
  const type = attributes.get('type');
  if (type !== undefined && type.trim() !== '' && !CODE_TYPE.test(type.trim())) return undefined;
  const lang = attributes.get('lang');
  if (lang !== undefined) return LANGS[lang.trim().toLowerCase()];
  if (type !== undefined && /typescript|\/tsx?$/i.test(type)) return 'ts';
  // Astro processes its scripts as TypeScript; Vue and Svelte scripts without `lang` are JavaScript.
  return kind === 'astro' && !attributes.has('is:inline') ? 'ts' : 'js';
}

/** Astro frontmatter: a `---` line first (after blank lines), up to the next line starting with `---`. */
function astroFrontmatter(text: string): { start: number; end: number; after: number } | undefined {
  const open = /^\s*---[ \t]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return undefined;
  const start = open[0].length;
  const close = /(?:^|\r\n|\r|\n)[ \t]*---/g;
  close.lastIndex = start - 1;
  const match = close.exec(text);
  if (!match) return { start, end: text.length, after: text.length };
  const end = match.index + match[0].length - 3;
  return { start, end, after: end + 3 };
}

interface ScriptElement {
  tagStart: number;
  start: number;
  end: number;
  closed: boolean;
  attributes: Map<string, string>;
}

/** Elements whose content is raw text: a `<script>` written inside them is not a script. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

/** Walks the markup from `from`: tags (with their attributes), comments and raw-text elements. */
function* scriptElements(text: string, from: number): Generator<ScriptElement> {
  let i = from;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    const name = /^<([A-Za-z][\w:.-]*)/.exec(text.slice(lt, lt + 64));
    if (!name) {
      i = lt + 1;
      continue;
    }
    const tag = readTag(text, lt + name[0].length);
    const tagName = name[1].toLowerCase();
    if (!RAW_TEXT.has(tagName) || tag.selfClosing) {
      i = tag.end;
      continue;
    }
    const closing = new RegExp(`</${tagName}[\\s>/]`, 'ig');
    closing.lastIndex = tag.end;
    const close = closing.exec(text);
    const contentEnd = close ? close.index : text.length;
    if (tagName === 'script') yield { tagStart: lt, start: tag.end, end: contentEnd, closed: close !== null, attributes: tag.attributes };
    i = close ? close.index + close[0].length : text.length;
  }
}

/** Reads a start tag's attributes from after its name to just past its `>`. Values may be quoted or `{…}`. */
function readTag(text: string, from: number): { end: number; selfClosing: boolean; attributes: Map<string, string> } {
  const attributes = new Map<string, string>();
  let i = from;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i += 1;
    if (text[i] === '>') return { end: i + 1, selfClosing: false, attributes };
    if (text.startsWith('/>', i)) return { end: i + 2, selfClosing: true, attributes };
    if (text[i] === '{') {
      i = skipBraces(text, i); // Svelte/Astro `{...spread}` or `{shorthand}`
      continue;
    }
    const name = /^[^\s"'<>/=]+/.exec(text.slice(i, i + 256));
    if (!name) {
      i += 1;
      continue;
    }
    i += name[0].length;
    while (i < text.length && /\s/.test(text[i])) i += 1;
    if (text[i] !== '=') {
      attributes.set(name[0].toLowerCase(), '');
      continue;
    }
    i += 1;
    while (i < text.length && /\s/.test(text[i])) i += 1;
    const valueStart = i;
    if (text[i] === '"' || text[i] === "'") {
      const end = text.indexOf(text[i], i + 1);
      i = end < 0 ? text.length : end + 1;
      attributes.set(name[0].toLowerCase(), text.slice(valueStart + 1, Math.max(valueStart + 1, i - 1)));
    } else if (text[i] === '{') {
      i = skipBraces(text, i);
      attributes.set(name[0].toLowerCase(), text.slice(valueStart, i));
    } else {
      while (i < text.length && !/[\s>]/.test(text[i])) i += 1;
      attributes.set(name[0].toLowerCase(), text.slice(valueStart, i));
    }
  }
  return { end: text.length, selfClosing: false, attributes };
}

/** Index just past the `}` matching the `{` at `open` (strings inside are skipped). */
function skipBraces(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i += 1;
      while (i < text.length && text[i] !== ch) i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '{') {
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return text.length;
}
