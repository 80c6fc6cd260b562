import { ts } from 'ts-morph';

/** One step from a destructured value to the bound name: a property name or an array index. */
export type DestructureStep = string | number;

/** Where a local name comes from. */
export type Declaration =
  | { kind: 'variable'; name: string; node: ts.VariableDeclaration; steps: DestructureStep[]; isConst: boolean }
  | { kind: 'parameter'; name: string; node: ts.ParameterDeclaration; steps: DestructureStep[]; index: number }
  | { kind: 'function'; name: string; node: ts.FunctionDeclaration }
  | { kind: 'class'; name: string; node: ts.ClassDeclaration }
  | { kind: 'import'; name: string; node: ts.ImportDeclaration; specifier: string; imported: string /* 'default' | '*' | export name */ }
  | { kind: 'import-equals'; name: string; node: ts.ImportEqualsDeclaration; specifier: string }
  | { kind: 'catch'; name: string; node: ts.VariableDeclaration };

type ScopeTable = Map<string, Declaration>;
const scopeTables = new WeakMap<ts.Node, ScopeTable>();

function addBindingName(table: ScopeTable, name: ts.BindingName, steps: DestructureStep[], make: (id: string, steps: DestructureStep[]) => Declaration): void {
  if (ts.isIdentifier(name)) {
    if (!table.has(name.text)) table.set(name.text, make(name.text, steps));
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      if (element.dotDotDotToken) continue; // rest: not a single property
      const prop = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined);
      let key: string | undefined;
      if (prop && (ts.isIdentifier(prop) || ts.isStringLiteral(prop) || ts.isNumericLiteral(prop))) key = prop.text;
      if (key === undefined) continue;
      addBindingName(table, element.name, [...steps, key], make);
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element) || element.dotDotDotToken) return;
    addBindingName(table, element.name, [...steps, index], make);
  });
}

function declareStatements(table: ScopeTable, statements: readonly ts.Statement[]): void {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      declareVariableList(table, statement.declarationList);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      if (!table.has(statement.name.text)) table.set(statement.name.text, { kind: 'function', name: statement.name.text, node: statement });
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      if (!table.has(statement.name.text)) table.set(statement.name.text, { kind: 'class', name: statement.name.text, node: statement });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name) table.set(clause.name.text, { kind: 'import', name: clause.name.text, node: statement, specifier, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        table.set(bindings.name.text, { kind: 'import', name: bindings.name.text, node: statement, specifier, imported: '*' });
      } else if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          table.set(element.name.text, { kind: 'import', name: element.name.text, node: statement, specifier, imported });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      table.set(statement.name.text, {
        kind: 'import-equals',
        name: statement.name.text,
        node: statement,
        specifier: statement.moduleReference.expression.text,
      });
    } else if (ts.isLabeledStatement(statement)) {
      declareStatements(table, [statement.statement]);
    }
  }
}

function declareVariableList(table: ScopeTable, list: ts.VariableDeclarationList): void {
  const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
  for (const declaration of list.declarations) {
    addBindingName(table, declaration.name, [], (name, steps) => ({ kind: 'variable', name, node: declaration, steps, isConst }));
  }
}

/** var declarations inside nested blocks are function-scoped: collect them iteratively. */
function declareHoistedVars(table: ScopeTable, body: ts.Node): void {
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== body && (ts.isFunctionLike(node) || ts.isClassLike(node))) continue;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) declareVariableList(table, node);
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
}

function buildTable(scope: ts.Node): ScopeTable {
  const table: ScopeTable = new Map();
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    declareStatements(table, scope.statements);
  }
  if (ts.isSourceFile(scope)) declareHoistedVars(table, scope);
  if (ts.isFunctionLike(scope)) {
    scope.parameters.forEach((parameter, index) => {
      addBindingName(table, parameter.name, [], (name, steps) => ({ kind: 'parameter', name, node: parameter, steps, index }));
    });
    const body = (scope as ts.FunctionLikeDeclarationBase).body;
    if (body) declareHoistedVars(table, body);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name && !table.has(scope.name.text)) {
      // a named function expression can refer to itself; treated as unknown (no declaration kind for it)
    }
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer) {
    if (ts.isVariableDeclarationList(scope.initializer)) declareVariableList(table, scope.initializer);
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) {
    const declaration = scope.variableDeclaration;
    addBindingName(table, declaration.name, [], (name) => ({ kind: 'catch', name, node: declaration }));
  }
  return table;
}

function isScopeNode(node: ts.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseClause(node) ||
    ts.isDefaultClause(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node)
  );
}

/** Which syntax kinds open a scope, one table read per node (made on first use: the parser loads lazily). */
let scopeKinds: Uint8Array | undefined;

function isScope(node: ts.Node): boolean {
  if (!scopeKinds) {
    scopeKinds = new Uint8Array(ts.SyntaxKind.Count + 1);
    for (let kind = 0; kind < scopeKinds.length; kind += 1) scopeKinds[kind] = isScopeNode({ kind } as ts.Node) ? 1 : 0;
  }
  return scopeKinds[node.kind] === 1;
}

function tableFor(scope: ts.Node): ScopeTable {
  let table = scopeTables.get(scope);
  if (!table) {
    table = buildTable(scope);
    scopeTables.set(scope, table);
  }
  return table;
}

const nearestScopes = new WeakMap<ts.Node, ts.Node>();
/** Parents walked before the walk is remembered: most names are a few nodes below their scope. */
const SHORT_WALK = 24;

/**
 * The closest scope node at or above `node`. A short walk is not remembered (a weak map entry per node passed cost
 * more, in lookups and in collection, than walking again); past SHORT_WALK parents every node on the way up is,
 * so that names deep inside long expressions (20,000 nested `+` or member accesses) do not each walk all their parents.
 */
function nearestScope(node: ts.Node | undefined): ts.Node | undefined {
  let current = node;
  for (let steps = 0; current && steps < SHORT_WALK; steps += 1) {
    if (isScope(current)) return current;
    current = current.parent;
  }
  const visited: ts.Node[] = [];
  while (current && !isScope(current)) {
    const known = nearestScopes.get(current);
    if (known) {
      current = known;
      break;
    }
    visited.push(current);
    current = current.parent;
  }
  if (current) for (const passed of visited) nearestScopes.set(passed, current);
  return current;
}

/**
 * Answers per innermost scope and name (null: no declaration). Scope tables never change once built, so a name
 * looked up again in the same scope (`jwt`, `req`, `token` in every statement of a handler) is one map read
 * instead of a walk through every enclosing scope.
 */
const lookups = new WeakMap<ts.Node, Map<string, Declaration | null>>();

/** Finds the declaration a name refers to at `from`, walking enclosing scopes outwards. */
export function findDeclaration(name: string, from: ts.Node): Declaration | undefined {
  const start = nearestScope(from);
  if (!start) return undefined;
  let answers = lookups.get(start);
  if (!answers) lookups.set(start, (answers = new Map()));
  const known = answers.get(name);
  if (known !== undefined) return known ?? undefined;
  let found: Declaration | undefined;
  for (let scope: ts.Node | undefined = start; scope && !found; scope = nearestScope(scope.parent)) found = tableFor(scope).get(name);
  answers.set(name, found ?? null);
  return found;
}

/** Top-level declarations of a file (for export lookups). */
export function fileScope(sourceFile: ts.SourceFile): ReadonlyMap<string, Declaration> {
  return tableFor(sourceFile);
}

/** The function-like node that contains `node`, or the source file. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | ts.SourceFile {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isFunctionLike(current) || ts.isSourceFile(current)) return current as ts.SignatureDeclaration | ts.SourceFile;
    current = current.parent;
  }
  return node.getSourceFile();
}

/** The module a CommonJS `require('x')` call names (the global `require`, a literal argument); undefined otherwise. */
export function requiredSpecifier(expression: ts.Expression): string | undefined {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
  const argument = node.arguments[0];
  return ts.isStringLiteralLike(argument) && !findDeclaration('require', node.expression) ? argument.text : undefined;
}
