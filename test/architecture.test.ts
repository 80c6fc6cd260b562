/**
 * Architecture rules (DESIGN.md §2, §1.1): rules reason about JWT operations, not about libraries.
 * - every file under rules/ imports only src/engine/ruleApi.ts (rules/index.ts also imports the rule files);
 * - nothing under src/engine imports from rules/ (the CLI hands the rule list to the engine);
 * - rule code never names a modeled package: library knowledge lives in src/models/ only;
 * - rule code never reads an operation's model: it reasons with the facts the facts layer exposes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { REQUEST_MEMBER_NAMES, REQUEST_PARAMETER_NAMES } from '../src/models/http.js';
import { libraryModels } from '../src/models/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const rulesDir = path.join(repoRoot, 'rules');
const RULE_API = '../src/engine/ruleApi.js';

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function visit(node: ts.Node, callback: (node: ts.Node) => boolean | void): void {
  if (callback(node) === false) return;
  node.forEachChild((child) => visit(child, callback));
}

/** Every module specifier of a file: static imports, re-exports, `import x = require()`, dynamic import() and require(). */
function moduleSpecifiers(sourceFile: ts.SourceFile): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  const add = (literal: ts.Node | undefined) => {
    if (literal && ts.isStringLiteralLike(literal)) found.push({ specifier: literal.text, line: sourceFile.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
  };
  visit(sourceFile, (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')))
      add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
  });
  return found;
}

/** Modeled packages named by a word of the engine's own vocabulary (Payload CMS is `payload`, an operation's role too). */
const VOCABULARY_WORDS: ReadonlySet<string> = new Set(['payload']);
const packages = [...new Set(libraryModels.flatMap((model) => model.packages))].filter((name) => !VOCABULARY_WORDS.has(name)).sort();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const packagePatterns = packages.map((name) => ({ name, pattern: new RegExp(`(^|[^\\w@/.-])${escapeRegExp(name)}($|[^\\w-])`) }));

/** String and template text outside the `meta` property (prose and examples for people may name libraries) that names a modeled package. */
function packageMentions(sourceFile: ts.SourceFile): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  visit(sourceFile, (node) => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'meta') return false;
    const text = ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) ? node.text : undefined;
    if (text === undefined) return;
    for (const { name, pattern } of packagePatterns) {
      if (pattern.test(text)) found.push({ name, line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  });
  return found;
}

/**
 * Reads of an operation's library model in rule code (`operation.model.keyArg`, `op['model']`, `{ model } = op`):
 * rules see what a model says only through the facts of JwtOperation (src/facts/operation-traits.ts).
 */
function modelReads(sourceFile: ts.SourceFile): number[] {
  const lines: number[] = [];
  const at = (node: ts.Node) => lines.push(sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1);
  visit(sourceFile, (node) => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'model') at(node.name);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'model') at(node.argumentExpression);
    else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && (node.propertyName ?? node.name).getText() === 'model') at(node);
  });
  return lines;
}

/**
 * Bindings named `ts` in a file's imports and re-exports (`import { ts }`, `import * as ts`, `export { ts }`): rules
 * see the narrow syntax surface of src/engine/syntax.ts (`syntax` in ruleApi.ts), never the TypeScript namespace.
 */
function tsBindings(sourceFile: ts.SourceFile): number[] {
  const lines: number[] = [];
  const at = (node: ts.Node) => lines.push(sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1);
  visit(sourceFile, (node) => {
    if ((ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) && [node.name, node.propertyName].some((name) => name?.text === 'ts')) at(node);
    else if ((ts.isNamespaceImport(node) || ts.isNamespaceExport(node) || ts.isImportClause(node) || ts.isImportEqualsDeclaration(node)) && node.name?.text === 'ts') at(node);
  });
  return lines;
}

const SYNTAX_MODULE = path.join(repoRoot, 'src', 'engine', 'syntax.ts');

/** What src/engine/syntax.ts offers: its exported names, and `SyntaxKind.X` for each token kind. */
function syntaxSurface(): string[] {
  const names: string[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of parse(SYNTAX_MODULE).statements) {
    if (!exported(statement)) continue;
    if ((ts.isTypeAliasDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) names.push(statement.name.text);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isObjectBindingPattern(declaration.name)) names.push(...declaration.name.elements.map((element) => element.name.getText()));
      else if (ts.isIdentifier(declaration.name) && declaration.name.text === 'SyntaxKind' && declaration.initializer) {
        const object = ts.isAsExpression(declaration.initializer) ? declaration.initializer.expression : declaration.initializer;
        if (ts.isObjectLiteralExpression(object)) names.push(...object.properties.map((property) => `SyntaxKind.${property.name?.getText()}`));
      } else names.push(declaration.name.getText());
    }
  }
  return names;
}

/** The members of `syntax` a file uses: `syntax.isIdentifier`, `syntax.Node` (types), `syntax.SyntaxKind.EqualsToken`. */
function syntaxUses(sourceFile: ts.SourceFile): Set<string> {
  const used = new Set<string>();
  visit(sourceFile, (node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'syntax') {
      used.add(node.name.text === 'SyntaxKind' && ts.isPropertyAccessExpression(node.parent) ? `SyntaxKind.${node.parent.name.text}` : node.name.text);
    } else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && node.left.text === 'syntax') used.add(node.right.text);
  });
  return used;
}

const ruleFiles = listTs(rulesDir);
const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

/**
 * DESIGN §2: which src/ layers each layer may import. The front ends (cli/ and the language server lsp/, which
 * the CLI starts) may import any layer; no other layer imports them.
 */
const LAYER_IMPORTS: Record<string, readonly string[]> = {
  errors: [],
  paths: [],
  models: [],
  parsing: [],
  report: [],
  binding: ['parsing', 'models', 'paths'],
  dataflow: ['binding', 'parsing', 'models'],
  facts: ['dataflow', 'binding', 'parsing', 'models'],
  config: ['report', 'errors'],
  discovery: ['report', 'errors', 'parsing', 'paths'],
  engine: ['facts', 'dataflow', 'binding', 'parsing', 'models', 'report', 'discovery', 'errors', 'paths'],
};
const FRONT_ENDS = new Set(['cli', 'lsp']);

/** The src/ layer of a file: its first folder under src/, or the module name for files directly in src/. */
function layerOf(file: string): string | undefined {
  const rel = path.relative(path.join(repoRoot, 'src'), file).split(path.sep);
  if (rel[0] === '..') return undefined;
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
}

describe('architecture', () => {
  it('src/ layers import only the layers below them (DESIGN §2)', () => {
    const problems: string[] = [];
    for (const file of listTs(path.join(repoRoot, 'src'))) {
      const from = layerOf(file)!;
      for (const { specifier, line } of moduleSpecifiers(parse(file))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (target.startsWith(rulesDir + path.sep) && FRONT_ENDS.has(from)) continue;
        const to = layerOf(target.replace(/\.js$/, '.ts'));
        if (to === undefined || to === from) continue;
        const allowed = FRONT_ENDS.has(from) || (LAYER_IMPORTS[from] ?? []).includes(to);
        if (!allowed) problems.push(`${relative(file)}:${line}: ${from}/ imports ${to}/ (${specifier})`);
      }
    }
    expect(problems).toEqual([]);
    // the first test parses every source file: on a loaded 2-core machine that passes the 5 s default
  }, 30_000);

  it('knows every src/ layer', () => {
    const layers = new Set(listTs(path.join(repoRoot, 'src')).map((f) => layerOf(f)!));
    for (const layer of layers) expect(layer in LAYER_IMPORTS || FRONT_ENDS.has(layer), `unknown layer ${layer}: add it to LAYER_IMPORTS`).toBe(true);
  });

  it('finds the rule files', () => {
    expect(ruleFiles.some((file) => path.basename(file) === 'index.ts')).toBe(true);
    expect(ruleFiles.length).toBeGreaterThan(1);
  });

  it('rules import only src/engine/ruleApi.ts', () => {
    const problems: string[] = [];
    for (const file of ruleFiles) {
      const isIndex = path.basename(file) === 'index.ts' && path.dirname(file) === rulesDir;
      for (const { specifier, line } of moduleSpecifiers(parse(file))) {
        const allowed = specifier === RULE_API || (isIndex && /^\.\/[a-z]+(-[a-z]+)*\.js$/.test(specifier));
        if (!allowed) problems.push(`${relative(file)}:${line}: imports '${specifier}' (rules may import only '${RULE_API}')`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the engine never imports rules/', () => {
    const problems: string[] = [];
    for (const file of listTs(path.join(repoRoot, 'src', 'engine'))) {
      for (const { specifier, line } of moduleSpecifiers(parse(file))) {
        const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier;
        if (target === rulesDir || target.startsWith(rulesDir + path.sep)) problems.push(`${relative(file)}:${line}: imports '${specifier}' from rules/`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('rule code names no modeled package (outside the documentation in meta)', () => {
    expect(packages.length).toBeGreaterThan(0);
    const problems = ruleFiles.flatMap((file) =>
      packageMentions(parse(file)).map(({ name, line }) => `${relative(file)}:${line}: names the modeled package '${name}': put library knowledge in src/models/`),
    );
    expect(problems).toEqual([]);
  });

  it('rules read no library model: only the facts of an operation (issue 10)', () => {
    const problems = ruleFiles.flatMap((file) =>
      modelReads(parse(file)).map((line) => `${relative(file)}:${line}: reads an operation's model: expose what the rule needs as a fact of JwtOperation`),
    );
    expect(problems).toEqual([]);
  });

  it('rules see a narrow syntax surface, not the TypeScript namespace (issue 10)', () => {
    const problems = ruleFiles.flatMap((file) =>
      tsBindings(parse(file)).map((line) => `${relative(file)}:${line}: binds \`ts\`: use \`syntax\` from ruleApi (add what is missing to src/engine/syntax.ts)`),
    );
    const ruleApi = parse(path.join(repoRoot, 'src', 'engine', 'ruleApi.ts'));
    problems.push(...tsBindings(ruleApi).map((line) => `src/engine/ruleApi.ts:${line}: re-exports \`ts\``));
    for (const { specifier, line } of moduleSpecifiers(ruleApi)) {
      if (specifier === 'ts-morph' || specifier === 'typescript') problems.push(`src/engine/ruleApi.ts:${line}: re-exports from '${specifier}'`);
    }
    expect(problems).toEqual([]);
  });

  it('every member of the syntax surface is used by a rule', () => {
    const used = new Set(ruleFiles.flatMap((file) => [...syntaxUses(parse(file))]));
    const surface = syntaxSurface();
    expect(surface.length).toBeGreaterThan(10);
    expect(surface.filter((name) => !used.has(name)).map((name) => `src/engine/syntax.ts: '${name}' is used by no rule: remove it`)).toEqual([]);
    expect([...used].filter((name) => !surface.includes(name))).toEqual([]);
  });

  it('the syntax checks see ts bindings and syntax uses', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      [
        "import { ts, defineRule } from '../src/engine/ruleApi.js';",
        "import * as ts from 'typescript';",
        "export { ts } from 'ts-morph';",
        "import { syntax } from '../src/engine/ruleApi.js';",
        'const f = (n: syntax.Node) => syntax.isIdentifier(n) && n.kind === syntax.SyntaxKind.EqualsToken;',
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(tsBindings(sample)).toEqual([1, 2, 3]);
    expect([...syntaxUses(sample)].sort()).toEqual(['Node', 'SyntaxKind.EqualsToken', 'isIdentifier']);
  });

  it('the model-read check sees property reads, element reads and destructuring', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      [
        'const index = operation.model.keyArg;',
        "const defaults = operation['model'].defaults;",
        'const { model, api } = operation;',
        'const { model: shape } = operation;',
        'const modelled = operation.modelName ?? operation.keyArgumentMissing;',
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(modelReads(sample)).toEqual([1, 2, 3, 4]);
  });

  it('the package-name check sees code but not meta', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      [
        'export default defineRule({',
        '  meta: { examples: { bad: { code: "import jwt from \'jsonwebtoken\'" } } },',
        "  create() { return `${name}jsonwebtoken` === 'jose/jwt/verify' || 'jose-like' === 'ok'; },",
        '});',
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(packageMentions(sample)).toEqual([
      { name: 'jsonwebtoken', line: 3 },
      { name: 'jose', line: 3 },
      { name: 'jose/jwt/verify', line: 3 },
    ]);
  });
});

/**
 * DESIGN §10: library and runtime knowledge is data in src/models/. The dataflow and fact layers read it through
 * the models and never name it themselves: no modeled package, library id or API display string, no runtime API
 * that src/models/runtime.ts and src/models/sinks.ts describe, no branch on a library's id, and no comparison of a
 * syntax name with a request parameter name (`name === 'req'`).
 */
const KNOWLEDGE_DIRS = ['dataflow', 'facts'];
const OPERATION_KINDS: ReadonlySet<string> = new Set(['verify', 'decode', 'sign']);
const RUNTIME_NAMES = [
  'crypto',
  'node:crypto',
  'createSecretKey',
  'createPublicKey',
  'createPrivateKey',
  'X509Certificate',
  'localStorage',
  'sessionStorage',
  'getItem',
  'setItem',
  'JSON',
  'parse',
  'stringify',
  'structuredClone',
  'Buffer',
  'TextEncoder',
  'Uint8Array',
  'URL',
  'then',
  'json',
  'document',
  'document.cookie',
];
const forbiddenLiterals: ReadonlyMap<string, string> = new Map([
  ...RUNTIME_NAMES.map((name) => [name, 'a runtime API described in src/models/'] as const),
  ...libraryModels
    .flatMap((model) => [...model.operations.map((operation) => operation.api), ...(model.queryTokenExtractors ?? []).map((extractor) => extractor.api)])
    .filter((api) => !OPERATION_KINDS.has(api))
    .map((api) => [api, 'an API display string of a library model'] as const),
  ...libraryModels.map((model) => [model.id, 'a library id'] as const),
  ...packages.map((name) => [name, 'a modeled package'] as const),
]);
const REQUEST_NAMES: ReadonlySet<string> = new Set([...REQUEST_PARAMETER_NAMES, ...REQUEST_MEMBER_NAMES]);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** A syntax name: `name`, `parameterName`, `node.text`, `callee.name.text`. */
const isSyntaxName = (node: ts.Expression): boolean => (ts.isIdentifier(node) && /name$/i.test(node.text)) || (ts.isPropertyAccessExpression(node) && node.name.text === 'text');

/** Library and runtime knowledge written into code instead of read from src/models/. */
function knowledgeInCode(sourceFile: ts.SourceFile): { text: string; line: number; why: string }[] {
  const found: { text: string; line: number; why: string }[] = [];
  const add = (node: ts.Node, text: string, why: string) => found.push({ text, line: sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1, why });
  visit(sourceFile, (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return false;
    if (ts.isStringLiteralLike(node) && forbiddenLiterals.has(node.text)) add(node, node.text, forbiddenLiterals.get(node.text)!);
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'id' && /library$/i.test(node.expression.getText())) add(node, node.getText(), "a branch on a library's id");
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      for (const [literal, other] of [
        [node.left, node.right],
        [node.right, node.left],
      ]) {
        if (ts.isStringLiteralLike(literal) && REQUEST_NAMES.has(literal.text) && isSyntaxName(other)) add(literal, literal.text, 'a request parameter name compared with a syntax name');
      }
    }
  });
  return found;
}

describe('library knowledge stays in src/models/ (DESIGN §10)', () => {
  it('src/dataflow/ and src/facts/ name no library, display string or runtime API', () => {
    const problems = KNOWLEDGE_DIRS.flatMap((dir) => listTs(path.join(repoRoot, 'src', dir))).flatMap((file) =>
      knowledgeInCode(parse(file)).map(({ text, line, why }) => `${relative(file)}:${line}: '${text}' is ${why}: read it from src/models/`),
    );
    expect(problems).toEqual([]);
  });

  it('the knowledge check sees planted examples', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      [
        "import jwt from 'jsonwebtoken';",
        "if (value.module === 'jsonwebtoken' || operation.api === 'jwt.verify') use();",
        "const storage = window['localStorage'];",
        "if (name === 'req' || parameter.name.text === 'request') read();",
        'if (operation.library.id === x) skip();',
        "if (part === 'request' && kind === 'verify') fine();",
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(knowledgeInCode(sample).map(({ text, line }) => `${line}:${text}`)).toEqual(['2:jsonwebtoken', '2:jwt.verify', '3:localStorage', '4:req', '4:request', '5:operation.library.id']);
  });
});
