import { ts } from 'ts-morph';
import { fileScope, findDeclaration, type Declaration } from '../binding/scope.js';
import { definitionsOf, definitionsOfDeclaration } from './definitions.js';
import { ARRAY_ELEMENT_METHODS, MAP_GLOBAL } from '../models/runtime.js';
import { stripWrappers, type Value, type ValueResolver } from './values.js';

/**
 * Dynamic dispatch through a container of strategy objects: `processors.get(kind).createToken(p)`,
 * `strategies[kind].verify(t)`, `handlers[kind](t)`, `strategies.find((s) => s.supports(kind)).verify(t)`. The
 * container's entries are read where it is made and filled — a `new Map([[k, v], …])`, `.set(k, v)` calls on the
 * same binding or class field, an object or array literal — and the call reaches every entry's function of that
 * name. A field or binding assigned one of several strategies (`this.p = rsa ? new Rsa() : new Hmac()`) reaches
 * each. When an entry cannot be seen (a value from a parameter, a container assigned from elsewhere) the set is
 * unknown and nothing is dispatched: never a guess.
 */

/** Candidates of one lookup beyond which it is not followed (each one's summary is computed). */
const MAX_CANDIDATES = 16;
/** Aliases followed from a callee's receiver to the lookup (`const p = map.get(k); p.sign(x)`). */
const MAX_ALIASES = 3;

interface Entry {
  key?: ts.Expression;
  value: ts.Expression;
}

const isGlobal = (node: ts.Expression, name: string): boolean => ts.isIdentifier(node) && node.text === name && !findDeclaration(name, node);

/** The functions a callee may name through a container lookup; undefined when it is no such call or the set is unknown. */
export function dispatchedFunctions(callee: ts.Expression, resolver: ValueResolver): ts.SignatureDeclaration[] | undefined {
  const node = stripWrappers(callee);
  let candidates: Value[] | undefined;
  let method: string | undefined;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    candidates = lookupCandidates(node.expression, resolver, 0);
    method = node.name.text;
  } else {
    candidates = lookupCandidates(node, resolver, 0);
  }
  if (!candidates) return undefined;
  const functions: ts.SignatureDeclaration[] = [];
  for (const candidate of candidates) {
    const target = method === undefined ? candidate : resolver.member(candidate, method, node, 1);
    if (target.kind === 'function' && !functions.includes(target.node)) functions.push(target.node);
  }
  return functions;
}

/** The values an expression may hold when it is a lookup into a container whose entries are all known. */
function lookupCandidates(expression: ts.Expression, resolver: ValueResolver, aliases: number): Value[] | undefined {
  const node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) return lookupCandidates(node.expression, resolver, aliases);
  // a binding assigned one of several strategies (`let p: Processor = fast ? new A() : new B()`, or in branches)
  if (ts.isIdentifier(node)) {
    const definitions = aliases < MAX_ALIASES ? definitionsOf(node) : [];
    if (definitions.length === 0 || definitions.some((d) => d.kind !== 'value' || d.steps.length > 0)) return undefined;
    return union(definitions.map((d) => heldValues((d as { expression: ts.Expression }).expression, resolver, aliases + 1)));
  }
  // a field typed with a base class and assigned its subclasses in the class (`this.processor = new RsaProcessor()`)
  if (isThisField(node) && aliases < MAX_ALIASES) {
    const sites = fieldSites(node);
    if (!sites || sites.sets.length > 0 || sites.made.length === 0) return undefined;
    return union(sites.made.map((made) => heldValues(made, resolver, aliases + 1)));
  }
  // `map.get(k)`
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === MAP_GLOBAL.get && node.arguments.length === 1) {
    const entries = mapEntries(node.expression.expression, resolver);
    const key = node.arguments[0];
    return entries && !ts.isSpreadElement(key) ? entryValues(matching(entries, key, resolver), resolver) : undefined;
  }
  // `strategies.find((s) => s.supports(kind))`: one of the elements
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ARRAY_ELEMENT_METHODS.has(node.expression.name.text)) {
    const container = resolver.resolve(node.expression.expression);
    return container.kind === 'array' && !container.open ? known(container.elements) : undefined;
  }
  // `registry[kind]` with a key that is not a constant (a constant key is an ordinary member read)
  if (ts.isElementAccessExpression(node)) {
    const key = resolver.resolve(node.argumentExpression);
    if (key.kind === 'string' || key.kind === 'number') return undefined;
    const container = resolver.resolve(node.expression);
    if (container.kind === 'object' && !container.open) return known([...container.props.values()].map((p) => p.value));
    if (container.kind === 'array' && !container.open) return known(container.elements);
  }
  return undefined;
}

/** The values an expression holds: a lookup's candidates, a conditional's branches, or its own value when that is known. */
function heldValues(expression: ts.Expression, resolver: ValueResolver, aliases: number): Value[] | undefined {
  const node = stripWrappers(expression);
  if (ts.isConditionalExpression(node)) return union([heldValues(node.whenTrue, resolver, aliases), heldValues(node.whenFalse, resolver, aliases)]);
  return lookupCandidates(node, resolver, aliases) ?? known([resolver.resolve(node)]);
}

/** All the candidates of several sources, when every source's are known. */
function union(sets: (Value[] | undefined)[]): Value[] | undefined {
  if (sets.some((set) => set === undefined)) return undefined;
  return known(sets.flatMap((set) => set!));
}

/** Every value, when each is known and there are few enough. */
function known(values: Value[]): Value[] | undefined {
  if (values.length === 0 || values.length > MAX_CANDIDATES) return undefined;
  return values.every((v) => v.kind === 'instance' || v.kind === 'object' || v.kind === 'function' || v.kind === 'class') ? values : undefined;
}

function entryValues(entries: Entry[] | undefined, resolver: ValueResolver): Value[] | undefined {
  return entries ? known(entries.map((entry) => resolver.resolve(entry.value))) : undefined;
}

/** The entries a constant key selects, when every entry's key is a constant too; else all of them. */
function matching(entries: Entry[], key: ts.Expression, resolver: ValueResolver): Entry[] {
  const literal = (expression: ts.Expression | undefined): string | undefined => {
    const value = expression ? resolver.resolve(expression) : undefined;
    return value?.kind === 'string' || value?.kind === 'number' ? String(value.value) : undefined;
  };
  const wanted = literal(key);
  if (wanted === undefined) return entries;
  const keys = entries.map((entry) => literal(entry.key));
  return keys.every((k) => k !== undefined) ? entries.filter((_, index) => keys[index] === wanted) : entries;
}

/**
 * The entries of a Map held by a binding of this module or by a field of the enclosing class: what it is made
 * with, and the `.set(k, v)` calls on it. Undefined when one of its definitions is not a Map made here.
 */
function mapEntries(container: ts.Expression, resolver: ValueResolver): Entry[] | undefined {
  const node = stripWrappers(container);
  const sites = ts.isIdentifier(node) ? bindingSites(node, resolver) : isThisField(node) ? fieldSites(node) : undefined;
  if (!sites) return undefined;
  const entries: Entry[] = [];
  for (const made of sites.made) {
    const found = madeEntries(made, resolver);
    if (!found) return undefined;
    entries.push(...found);
  }
  for (const set of sites.sets) entries.push(...setEntry(set));
  return entries.length <= MAX_CANDIDATES ? entries : undefined;
}

interface ContainerSites {
  /** Expressions the container is made with (initializer, assignments). */
  made: ts.Expression[];
  /** `.set(k, v)` calls on it. */
  sets: ts.CallExpression[];
}

const isThisField = (node: ts.Expression): node is ts.PropertyAccessExpression =>
  ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(node.name);

/** `x.set(k, v)` (its receiver unwrapped): the receiver, else undefined. */
function setReceiver(node: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== MAP_GLOBAL.set || node.arguments.length !== 2) return undefined;
  return stripWrappers(node.expression.expression);
}

function setEntry(call: ts.CallExpression): Entry[] {
  const [key, value] = call.arguments;
  return ts.isSpreadElement(key) || ts.isSpreadElement(value) ? [] : [{ key, value }];
}

/** Entries of `new Map()`, `new Map([[k, v], …])`, `new Map().set(k, v)…`; undefined for anything else. */
function madeEntries(expression: ts.Expression, resolver: ValueResolver): Entry[] | undefined {
  const node = stripWrappers(expression);
  const receiver = setReceiver(node);
  if (receiver) {
    const before = madeEntries(receiver, resolver);
    return before && [...before, ...setEntry(node as ts.CallExpression)];
  }
  if (!ts.isNewExpression(node) || !isGlobal(stripWrappers(node.expression), MAP_GLOBAL.global)) return undefined;
  const [initial] = node.arguments ?? [];
  if (!initial) return [];
  if (ts.isSpreadElement(initial)) return undefined;
  const list = resolver.resolve(initial);
  if (list.kind !== 'array' || list.open) return undefined;
  const entries: Entry[] = [];
  for (const pair of list.elements) {
    const literal = stripWrappers(pair.node as ts.Expression);
    if (!ts.isArrayLiteralExpression(literal) || literal.elements.length !== 2 || literal.elements.some(ts.isSpreadElement)) return undefined;
    entries.push({ key: literal.elements[0], value: literal.elements[1] });
  }
  return entries;
}

/**
 * A binding's definitions (every one must be a value) and the `.set` calls on it in its module; for a binding
 * imported from a project module, the exported binding's (all its definitions: the reader may run after any).
 */
function bindingSites(identifier: ts.Identifier, resolver: ValueResolver): ContainerSites | undefined {
  let declaration = findDeclaration(identifier.text, identifier);
  let reference: ts.Identifier | undefined = identifier;
  if (declaration?.kind === 'import' && declaration.imported !== '*' && declaration.imported !== 'default') {
    const target = resolver.project.resolveImport(declaration.node.getSourceFile().fileName, declaration.specifier);
    const sourceFile = target ? resolver.project.load(target)?.sourceFile : undefined;
    declaration = sourceFile ? fileScope(sourceFile).get(declaration.imported) : undefined;
    reference = undefined;
  }
  if (declaration?.kind !== 'variable' || declaration.steps.length > 0) return undefined;
  const made: ts.Expression[] = [];
  for (const definition of reference ? definitionsOf(reference) : definitionsOfDeclaration(declaration)) {
    if (definition.kind !== 'value' || definition.steps.length > 0) return undefined;
    made.push(definition.expression);
  }
  const own = declaration;
  const sets = setCallsIn(declaration.node.getSourceFile()).filter((call) => {
    const receiver = setReceiver(call)!;
    return ts.isIdentifier(receiver) && receiver.text === own.name && sameDeclaration(findDeclaration(receiver.text, receiver), own);
  });
  return { made, sets };
}

const sameDeclaration = (a: Declaration | undefined, b: Declaration): boolean => a !== undefined && a.node === b.node && a.name === b.name;

/**
 * A field of the enclosing class: its initializer, `this.f = e` and `this.f.set(k, v)` in the class. A field
 * that is a constructor parameter is filled by the caller: unknown.
 */
function fieldSites(access: ts.PropertyAccessExpression): ContainerSites | undefined {
  let owner: ts.Node | undefined = access.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner) return undefined;
  let index = fieldIndex.get(owner);
  if (!index) fieldIndex.set(owner, (index = indexFields(owner)));
  return index.get(access.name.text) ?? undefined;
}

/** Per class: each field's sites (null for a constructor parameter property), from one walk of the class. */
const fieldIndex = new WeakMap<ts.ClassLikeDeclaration, Map<string, ContainerSites | null>>();

function indexFields(owner: ts.ClassLikeDeclaration): Map<string, ContainerSites | null> {
  const index = new Map<string, ContainerSites | null>();
  const sitesOf = (name: string): ContainerSites | null => {
    let sites = index.get(name);
    if (sites === undefined) index.set(name, (sites = { made: [], sets: [] }));
    return sites;
  };
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.initializer) sitesOf(member.name.text)?.made.push(member.initializer);
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const parameter of member.parameters) {
      if (ts.isIdentifier(parameter.name) && (ts.getModifiers(parameter)?.length ?? 0) > 0) index.set(parameter.name.text, null);
    }
  }
  const fieldName = (node: ts.Expression): string | undefined => {
    const inner = stripWrappers(node);
    return isThisField(inner) ? inner.name.text : undefined;
  };
  const stack: ts.Node[] = [...owner.members];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isClassLike(node)) continue; // `this` of a nested class is another object
    const assigned = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? fieldName(node.left) : undefined;
    if (assigned !== undefined) sitesOf(assigned)?.made.push((node as ts.BinaryExpression).right);
    const receiver = setReceiver(node);
    const filled = receiver ? fieldName(receiver) : undefined;
    if (filled !== undefined) sitesOf(filled)?.sets.push(node as ts.CallExpression);
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return index;
}

const setCallIndex = new WeakMap<ts.SourceFile, ts.CallExpression[]>();

/** `x.set(k, v)` calls of a module with an identifier receiver (indexed once per file). */
function setCallsIn(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const known = setCallIndex.get(sourceFile);
  if (known) return known;
  const found: ts.CallExpression[] = [];
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const receiver = setReceiver(node);
    if (receiver && ts.isIdentifier(receiver)) found.push(node as ts.CallExpression);
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  setCallIndex.set(sourceFile, found);
  return found;
}
