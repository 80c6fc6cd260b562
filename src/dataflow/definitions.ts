import { ts } from 'ts-morph';
import { ARRAY_APPEND_METHODS } from '../models/runtime.js';
import { GLOBAL_OBJECTS } from '../models/sinks.js';
import { enclosingFunction, findDeclaration, type Declaration, type DestructureStep } from '../binding/scope.js';
import { literalText, reachingDefinitions } from './reaching.js';

/**
 * The one def-use layer: where does the value of a name at a reference come from? Every backward walker
 * (value resolution, token provenance, header flow, record types) asks here instead of reading declarations
 * itself, and supplies only its own sources, sinks and steps.
 *
 * A definition is an initializer or assigned value (with the destructuring path from it to the name), a
 * parameter (its values come from call sites), a for-of element, or another declaration (function, class,
 * import, catch binding). Reassignments are followed: a plain `x = v` statement that always runs before the
 * reference (an earlier statement of a block around it, in the same function) hides every definition before it;
 * conditional assignments, assignments inside loops around the reference and assignments from closures add to
 * the set. Within the declaring function, reaching definitions follow straight-line code, `if`/`else` and paths that
 * end (src/dataflow/reaching.ts). Syntactic only: no control-flow graph.
 */
export type Definition =
  /** `const x = e`, `x = e`, `const { a: x } = e` (steps ['a']), `[x] = e` (steps [0]). */
  | { kind: 'value'; expression: ts.Expression; steps: DestructureStep[]; node: ts.Node }
  /** A parameter of `fn`: the value is the argument at `index` of a call (with `steps` into it). */
  | { kind: 'parameter'; fn: ts.SignatureDeclaration; index: number; steps: DestructureStep[]; node: ts.ParameterDeclaration }
  /** `for (const x of xs)`: an element of `iterable` (with `steps` into the element). */
  | { kind: 'element'; iterable: ts.Expression; steps: DestructureStep[]; node: ts.Node }
  /** A function, class, import or catch binding: the declaration is the definition. */
  | { kind: 'declaration'; declaration: Declaration; node: ts.Node }
  /** A value that cannot be described (`x += 1`, `x++`, `for (k in o)`, `let x;` read before any assignment). */
  | { kind: 'unknown'; node: ts.Node };

/**
 * A write into the object a name holds, after its definition: `x.a.b = v` (path [a, b], value v),
 * `Object.assign(x, src)` (path [], merge src), `x[k] = v` with a key that cannot be read (value undefined: the
 * object becomes open).
 */
export interface PropertyWrite {
  path: string[];
  value?: ts.Expression;
  merge?: ts.Expression;
  /** An element added to the array the name holds (`x.push(v)`, path []): the array holds it from then on. */
  element?: ts.Expression;
  /** The assignment or `Object.assign` call: where the property is written. */
  node: ts.Node;
}

interface RecordedWrite {
  write: PropertyWrite;
  start: number;
  end: number;
}

interface Assignment {
  definition: Definition;
  /** The definition takes effect here (after its right-hand side has been evaluated). */
  end: number;
  start: number;
  /** A plain `x = v` expression statement: it hides the definitions before it for references it dominates. */
  statement?: ts.ExpressionStatement;
}

/** Assignments to each declared binding of a file, keyed by the declaration node and name. */
const assignmentIndex = new WeakMap<ts.SourceFile, Map<ts.Node, Map<string, Assignment[]>>>();
/** Property writes into each declared binding's object, keyed like the assignments. */
const writeIndex = new WeakMap<ts.SourceFile, Map<ts.Node, Map<string, RecordedWrite[]>>>();

/** `x.a['b']` → base x, path [a, b]; undefined path when a key cannot be read (`x[k]`). */
function writeTarget(target: ts.Expression): { base: ts.Identifier; path: string[] | undefined } | undefined {
  const path: string[] = [];
  let readable = true;
  let current = target;
  for (;;) {
    while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
    if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.name)) {
      path.unshift(current.name.text);
      current = current.expression;
    } else if (ts.isElementAccessExpression(current)) {
      const key = current.argumentExpression;
      if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) path.unshift(key.text);
      else readable = false;
      current = current.expression;
    } else {
      break;
    }
  }
  return ts.isIdentifier(current) ? { base: current, path: readable ? path : undefined } : undefined;
}

function recordWrite(index: Map<ts.Node, Map<string, RecordedWrite[]>>, base: ts.Identifier, recorded: RecordedWrite): void {
  const declaration = findDeclaration(base.text, base);
  if (!declaration) return;
  let byName = index.get(declaration.node);
  if (!byName) index.set(declaration.node, (byName = new Map()));
  const list = byName.get(base.text);
  if (list) list.push(recorded);
  else byName.set(base.text, [recorded]);
}

/** `Object.assign(...)` of the global `Object`. */
export function isObjectAssign(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'assign' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Object' &&
    !findDeclaration('Object', callee.expression)
  );
}

function buildWriteIndex(sourceFile: ts.SourceFile): Map<ts.Node, Map<string, RecordedWrite[]>> {
  const index = new Map<ts.Node, Map<string, RecordedWrite[]>>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && !ts.isIdentifier(node.left)) {
      const target = writeTarget(node.left);
      if (target && (target.path === undefined || target.path.length > 0)) {
        const known = target.path !== undefined && node.operatorToken.kind === ts.SyntaxKind.EqualsToken;
        const write: PropertyWrite = known ? { path: target.path!, value: node.right, node } : { path: target.path?.slice(0, -1) ?? [], node };
        recordWrite(index, target.base, { write, start: node.getStart(), end: node.getEnd() });
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ARRAY_APPEND_METHODS.has(node.expression.name.text)) {
      const target = writeTarget(node.expression.expression);
      for (const element of node.arguments) {
        if (target && !ts.isSpreadElement(element)) recordWrite(index, target.base, { write: { path: target.path ?? [], element, node }, start: node.getStart(), end: node.getEnd() });
      }
    } else if (ts.isCallExpression(node) && node.arguments.length >= 2 && isObjectAssign(node)) {
      const target = writeTarget(node.arguments[0]);
      if (target) {
        for (const source of node.arguments.slice(1)) {
          const write: PropertyWrite = target.path && !ts.isSpreadElement(source) ? { path: target.path, merge: source, node } : { path: [], node };
          recordWrite(index, target.base, { write, start: node.getStart(), end: node.getEnd() });
        }
      }
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  for (const byName of index.values()) for (const list of byName.values()) list.sort((a, b) => a.start - b.start);
  return index;
}

/**
 * Writes into the object a binding holds that happen before `reference` (or may, through a loop); every write
 * when there is no reference (an export read from another module). In source order.
 */
export function propertyWritesOf(declaration: Declaration, reference?: ts.Node): PropertyWrite[] {
  if (declaration.kind !== 'variable' && declaration.kind !== 'parameter') return [];
  const sourceFile = declaration.node.getSourceFile();
  let index = writeIndex.get(sourceFile);
  if (!index) writeIndex.set(sourceFile, (index = buildWriteIndex(sourceFile)));
  const recorded = index.get(declaration.node)?.get(declaration.name) ?? [];
  if (!reference) return recorded.map((r) => r.write);
  const home = enclosingFunction(declaration.node);
  return recorded.filter((r) => r.end <= reference.getStart() || sharedLoop(r.write.node, reference, home)).map((r) => r.write);
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Targets of an assignment pattern: `[a, { b: c }] = e` → a (steps [0]), c (steps [1, 'b']). */
function patternTargets(target: ts.Expression, steps: DestructureStep[], out: { name: ts.Identifier; steps: DestructureStep[] }[]): void {
  const node = target;
  if (ts.isIdentifier(node)) {
    out.push({ name: node, steps });
  } else if (ts.isParenthesizedExpression(node)) {
    patternTargets(node.expression, steps, out);
  } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    patternTargets(node.left, steps, out); // a default value: the value is the element's or the default
  } else if (ts.isArrayLiteralExpression(node)) {
    node.elements.forEach((element, index) => {
      if (!ts.isOmittedExpression(element) && !ts.isSpreadElement(element)) patternTargets(element, [...steps, index], out);
    });
  } else if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isShorthandPropertyAssignment(property)) out.push({ name: property.name, steps: [...steps, property.name.text] });
      else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        patternTargets(property.initializer, [...steps, property.name.text], out);
      }
    }
  }
}

function record(index: Map<ts.Node, Map<string, Assignment[]>>, name: ts.Identifier, assignment: Assignment): void {
  const declaration = findDeclaration(name.text, name);
  if (!declaration) return;
  let byName = index.get(declaration.node);
  if (!byName) index.set(declaration.node, (byName = new Map()));
  const list = byName.get(name.text);
  if (list) list.push(assignment);
  else byName.set(name.text, [assignment]);
}

function buildIndex(sourceFile: ts.SourceFile): Map<ts.Node, Map<string, Assignment[]>> {
  const index = new Map<ts.Node, Map<string, Assignment[]>>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      const operator = node.operatorToken.kind;
      const plain = operator === ts.SyntaxKind.EqualsToken;
      // `x ??= v`, `x ||= v`: either the old value or v
      const conditional = operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken || operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken;
      const targets: { name: ts.Identifier; steps: DestructureStep[] }[] = [];
      if (plain) patternTargets(node.left, [], targets);
      else if (ts.isIdentifier(node.left)) targets.push({ name: node.left, steps: [] });
      const statement = plain && ts.isExpressionStatement(node.parent) && ts.isIdentifier(node.left) ? node.parent : undefined;
      for (const target of targets) {
        const definition: Definition = plain || conditional ? { kind: 'value', expression: node.right, steps: target.steps, node } : { kind: 'unknown', node };
        record(index, target.name, { definition, start: node.getStart(), end: node.getEnd(), statement });
      }
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
      if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) {
        record(index, node.operand, { definition: { kind: 'unknown', node }, start: node.getStart(), end: node.getEnd() });
      }
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      const targets: { name: ts.Identifier; steps: DestructureStep[] }[] = [];
      patternTargets(node.initializer, [], targets);
      for (const target of targets) {
        const definition: Definition = ts.isForOfStatement(node) ? { kind: 'element', iterable: node.expression, steps: target.steps, node } : { kind: 'unknown', node };
        record(index, target.name, { definition, start: node.getStart(), end: node.initializer.getEnd() });
      }
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return index;
}

const sorted = new WeakSet<Assignment[]>();
/** Assignments of one binding beyond which its value is unknown (see definitionsOfDeclaration). */
const MAX_ASSIGNMENTS = 16;

function assignmentsTo(declaration: Declaration): Assignment[] {
  const sourceFile = declaration.node.getSourceFile();
  let index = assignmentIndex.get(sourceFile);
  if (!index) assignmentIndex.set(sourceFile, (index = buildIndex(sourceFile)));
  const list = index.get(declaration.node)?.get(declaration.name);
  if (!list) return [];
  if (!sorted.has(list)) {
    list.sort((a, b) => a.start - b.start);
    sorted.add(list);
  }
  return list;
}

/** The definition made by the declaration itself (initializer, parameter, for-of element, ...). */
function declarationDefinition(declaration: Declaration): Definition | undefined {
  switch (declaration.kind) {
    case 'variable': {
      const list = declaration.node.parent;
      if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
        return { kind: 'element', iterable: list.parent.expression, steps: declaration.steps, node: declaration.node };
      }
      if (ts.isVariableDeclarationList(list) && ts.isForInStatement(list.parent)) return { kind: 'unknown', node: declaration.node };
      const initializer = declaration.node.initializer;
      // `let x;`: undefined until assigned
      return initializer ? { kind: 'value', expression: initializer, steps: declaration.steps, node: declaration.node } : undefined;
    }
    case 'parameter':
      return { kind: 'parameter', fn: declaration.node.parent, index: declaration.index, steps: declaration.steps, node: declaration.node };
    default:
      return { kind: 'declaration', declaration, node: declaration.node };
  }
}

/** Is there a loop around both `a` and `b` (so that `a`, though later in the text, can run before `b`)? */
function sharedLoop(a: ts.Node, b: ts.Node, stop: ts.Node): boolean {
  for (let current: ts.Node | undefined = a.parent; current && current !== stop; current = current.parent) {
    if (ts.isIterationStatement(current, false) && current.getStart() <= b.getStart() && b.getEnd() <= current.getEnd()) return true;
  }
  return false;
}

/** Does the expression statement always run before `reference` (an earlier statement of a block that contains it)? */
function dominates(statement: ts.ExpressionStatement, reference: ts.Node): boolean {
  const block = statement.parent;
  if (!(ts.isBlock(block) || ts.isSourceFile(block) || ts.isModuleBlock(block) || ts.isCaseClause(block) || ts.isDefaultClause(block))) return false;
  if (statement.getEnd() > reference.getStart()) return false;
  return block.getStart() <= reference.getStart() && reference.getEnd() <= block.getEnd();
}

/**
 * Every definition of `declaration` that can reach `reference`. Without a reference (a module's export read from
 * another file), every definition.
 */
export function definitionsOfDeclaration(declaration: Declaration, reference?: ts.Node): Definition[] {
  const own = declarationDefinition(declaration);
  const isConst = declaration.kind === 'variable' && declaration.isConst;
  const assignments = isConst || declaration.kind === 'import' || declaration.kind === 'import-equals' ? [] : assignmentsTo(declaration);
  if (assignments.length === 0) return own ? [own] : [];
  // A binding assigned this often (generated or minified code) is not reasoned about: unknown, never a guess, and
  // never a cost that grows with assignments × references.
  if (assignments.length > MAX_ASSIGNMENTS) return [{ kind: 'unknown', node: declaration.node }];
  const all = [...(own ? [own] : []), ...assignments.map((a) => a.definition)];
  if (!reference) return all;
  const home = enclosingFunction(declaration.node);
  // a reference inside a closure may run after any assignment
  if (enclosingFunction(reference) !== home) return all;
  const structured = reachingInFunction(declaration, own, assignments, reference, home);
  if (structured) return structured;
  let reaching: Definition[] = own ? [own] : [];
  for (const assignment of assignments) {
    if (!mayReach(assignment, reference, home)) continue;
    if (assignment.end <= reference.getStart() && assignment.statement && dominates(assignment.statement, reference)) reaching = [assignment.definition];
    else reaching.push(assignment.definition);
  }
  return reaching;
}

/** Is the assignment before the reference, or in a loop around both? */
function mayReach(assignment: Assignment, reference: ts.Node, home: ts.Node): boolean {
  return assignment.end <= reference.getStart() || sharedLoop(assignment.definition.node, reference, home);
}

/**
 * Reaching definitions through the statements of the declaring function (src/dataflow/reaching.ts); assignments
 * from closures add to them when they may have run. Undefined when the walk cannot tell.
 */
function reachingInFunction(declaration: Declaration, own: Definition | undefined, assignments: Assignment[], reference: ts.Node, home: ts.Node): Definition[] | undefined {
  const container = ts.isSourceFile(home) ? home : ts.isFunctionLike(home) && 'body' in home ? (home.body as ts.Node | undefined) : undefined;
  if (!container) return undefined;
  const local = assignments.filter((assignment) => enclosingFunction(assignment.definition.node) === home);
  const binding = {
    own,
    declaration: declaration.node,
    names: (identifier: ts.Identifier) => identifier.text === declaration.name && findDeclaration(identifier.text, identifier)?.node === declaration.node,
    constantOf: (definition: Definition) => (definition.kind === 'value' && definition.steps.length === 0 ? literalText(definition.expression) : undefined),
  };
  const reaching = reachingDefinitions(container, binding, local, reference);
  if (!reaching) return undefined;
  const closures = assignments.filter((assignment) => !local.includes(assignment) && mayReach(assignment, reference, home)).map((assignment) => assignment.definition);
  const order = [own, ...assignments.map((assignment) => assignment.definition)];
  return [...reaching, ...closures].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Every definition of the name at `identifier` that can reach it; [] when the name is not declared (a global). */
const definitionsMemo = new WeakMap<ts.Identifier, Definition[]>();

export function definitionsOf(identifier: ts.Identifier): Definition[] {
  // every walker asks about the same references again and again: the tree is immutable, so the answer is kept
  const known = definitionsMemo.get(identifier);
  if (known) return known;
  const declaration = findDeclaration(identifier.text, identifier);
  const found = declaration ? definitionsOfDeclaration(declaration, identifier) : [];
  definitionsMemo.set(identifier, found);
  return found;
}

/** The one definition reaching `identifier`, or undefined when there are none or several. */
export function singleDefinition(identifier: ts.Identifier): Definition | undefined {
  const found = definitionsOf(identifier);
  return found.length === 1 ? found[0] : undefined;
}

/** `this.name = v` and property initialisers of each class, by field name. */
const fieldIndex = new WeakMap<ts.ClassLikeDeclaration, Map<string, Definition[]>>();

/** Does `this` inside `node` (up to `stop`) mean the instance of `stop`'s class? Arrows keep it; other functions rebind it. */
function keepsThis(node: ts.Node, stop: ts.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if ((ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current) || ts.isClassLike(current)) && current.parent !== stop) return false;
  }
  return true;
}

/** The class whose instance `this` is at `node`, when it is one. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if ((ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current)) && !ts.isClassLike(current.parent)) return undefined;
  }
  return undefined;
}

function buildFieldIndex(declaration: ts.ClassLikeDeclaration): Map<string, Definition[]> {
  const index = new Map<string, Definition[]>();
  const add = (name: string, definition: Definition): void => {
    const list = index.get(name);
    if (list) list.push(definition);
    else index.set(name, [definition]);
  };
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && ts.isIdentifier(member.name) && !ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
      add(member.name.text, { kind: 'value', expression: member.initializer, steps: [], node: member });
    }
  }
  const stack: ts.Node[] = [...declaration.members];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isClassLike(node)) continue;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = stripParentheses(node.left);
      if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(target.name) && keepsThis(node, declaration)) {
        add(target.name.text, { kind: 'value', expression: node.right, steps: [], node });
      }
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  for (const list of index.values()) list.sort((a, b) => a.node.getStart() - b.node.getStart());
  return index;
}

const stripParentheses = (expression: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(expression) ? stripParentheses(expression.expression) : expression);

/**
 * The definitions of a field read from `this` (`this.header` in a method): the property's initialiser and every
 * `this.header = v` in the members of the class, any of which may have run before the read (a parser that stores
 * the header in one method, read in another). [] outside a class or for a field the class never writes.
 */
export function fieldDefinitions(read: ts.PropertyAccessExpression): Definition[] {
  if (read.expression.kind !== ts.SyntaxKind.ThisKeyword || !ts.isIdentifier(read.name)) return [];
  const declaration = thisClass(read);
  if (!declaration) return [];
  let index = fieldIndex.get(declaration);
  if (!index) fieldIndex.set(declaration, (index = buildFieldIndex(declaration)));
  return index.get(read.name.text) ?? [];
}

const globalIndex = new WeakMap<ts.SourceFile, Map<string, Definition[]>>();

/**
 * The definitions a file makes of a property of the global object (`window.authToken = t`, `globalThis.token = t`):
 * browser scripts share state through it, so any of them may have run before a read of the property.
 */
export function globalPropertyDefinitions(sourceFile: ts.SourceFile, name: string): Definition[] {
  let index = globalIndex.get(sourceFile);
  if (!index) globalIndex.set(sourceFile, (index = buildGlobalIndex(sourceFile)));
  return index.get(name) ?? [];
}

/** `window.x` (or `globalThis.x`, `self.x`) with the global object itself, not a local of that name: the property's name. */
function globalPropertyName(node: ts.Expression): string | undefined {
  const target = stripParentheses(node);
  if (!ts.isPropertyAccessExpression(target) || !ts.isIdentifier(target.name)) return undefined;
  return isGlobalObject(stripParentheses(target.expression)) ? target.name.text : undefined;
}

/** `window`, `globalThis`, `self` as the global object (no local of that name). */
export function isGlobalObject(node: ts.Expression): node is ts.Identifier {
  return ts.isIdentifier(node) && GLOBAL_OBJECTS.has(node.text) && !findDeclaration(node.text, node);
}

function buildGlobalIndex(sourceFile: ts.SourceFile): Map<string, Definition[]> {
  const index = new Map<string, Definition[]>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const name = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? globalPropertyName(node.left) : undefined;
    if (name !== undefined && ts.isBinaryExpression(node)) {
      const list = index.get(name) ?? [];
      list.push({ kind: 'value', expression: node.right, steps: [], node });
      index.set(name, list);
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  for (const list of index.values()) list.sort((a, b) => a.node.getStart() - b.node.getStart());
  return index;
}
