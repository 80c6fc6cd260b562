import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { findDeclaration, type Declaration, type DestructureStep } from '../binding/scope.js';
import { instanceFactoryArg, modelForPackage, subclassFactoryArg } from '../models/index.js';
import { FUNCTION_BIND } from '../models/runtime.js';
import { callReturnValue } from './call-returns.js';
import { unknownAt, type PropertyValue, type Value } from './value.js';
import { baseMember, objectLiteralThisMember, classMember } from './class-members.js';
import { definitionsOfDeclaration, fieldDefinitions, isObjectAssign, propertyWritesOf, type Definition } from './definitions.js';
import { withWrite, withWrites } from './written-objects.js';
import { exportedValue } from './module-exports.js';
import { conditionalSpread, propertyNameText } from './object-literals.js';
import { FrameworkPlumbing, type FileSearch } from './plumbing.js';
import { InterfaceImplementations } from './implementations.js';
import { TypedValues } from './typed-values.js';
import { pureCallValue } from './pure-arithmetic.js';
import { constantArithmetic, joinValues, overDefault, templateValue, truthiness, withDestructuringDefault } from './value-join.js';
import { bytesConstructorOf, convertedEnv, importedKey, isEmptyTypedArray, isProcessEnv } from './runtime-values.js';

export type { LibraryValue, PropertyValue, Value } from './value.js';

const MAX_DEPTH = 40;
/** Steps per top-level resolution (every definition of a `let` is resolved: in generated code that branches exponentially); unknown past it. */
const RESOLVE_WORK_UNITS = 5_000;

export { unknownAt };

/** The expression inside parentheses, `as`, `satisfies`, `!` and `<T>` casts. */
export function stripWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  // one kind test per step: this runs on nearly every expression the analyses look at
  const kinds = (wrapperKinds ??= new Set([
    ts.SyntaxKind.ParenthesizedExpression,
    ts.SyntaxKind.AsExpression,
    ts.SyntaxKind.SatisfiesExpression,
    ts.SyntaxKind.NonNullExpression,
    ts.SyntaxKind.TypeAssertionExpression,
  ]));
  while (kinds.has(current.kind)) current = (current as ts.ParenthesizedExpression).expression;
  return current;
}

/** Made at the first call: reading `ts` when this module loads would load the compiler on a run that parses nothing. */
let wrapperKinds: ReadonlySet<ts.SyntaxKind> | undefined;

/** Resolves expressions to Values, following constants and imports across files. */
export class ValueResolver {
  private readonly active = new Set<ts.Node>();

  /**
   * @param envWrites literals written to `process.env` in the scan (src/dataflow/env-writes.ts); without it, every
   *   `process.env.X` read is an environment value
   * @param fileSearch the package-wide search that finds the providers of a component context (src/dataflow/plumbing.ts)
   */
  constructor(
    readonly project: Project,
    private readonly envWrites?: { literalOf(name: string): { node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral } | undefined },
    private readonly fileSearch?: FileSearch,
  ) {}

  private typedInstance?: TypedValues;
  /** Values known from declared types: typed parameters, fields and return types (src/dataflow/typed-values.ts). */
  private get typed(): TypedValues {
    return (this.typedInstance ??= new TypedValues(new InterfaceImplementations(this.project, this.fileSearch), this.plumbing, (expression, depth) => this.resolve(expression, depth)));
  }

  private plumbingInstance?: FrameworkPlumbing;
  /** Values carried by framework plumbing (src/dataflow/plumbing.ts). */
  get plumbing(): FrameworkPlumbing {
    return (this.plumbingInstance ??= new FrameworkPlumbing(this.project, this.fileSearch));
  }

  /**
   * Results of top-level resolutions. Several extractors and rules ask about the same expression; the tree
   * is immutable, and a top-level result does not depend on what else is being resolved, so it is kept.
   */
  private readonly memo = new WeakMap<ts.Node, Value>();
  /** Top-level results that were cut short somewhere: valid for another top-level question only. */
  private readonly topLevelMemo = new WeakMap<ts.Node, Value>();

  /** Steps taken by the top-level resolution under way (RESOLVE_WORK_UNITS). */
  private work = 0;

  /**
   * Resolutions cut short so far (depth, a cycle, the step budget): a result computed while this did not move is
   * what a top-level resolution of the same expression gives, so it is kept for every later reference.
   */
  private cuts = 0;

  resolve(expression: ts.Expression, depth = 0): Value {
    if (this.bindings) return this.resolveTracked(expression, depth);
    const topLevel = depth === 0 && this.active.size === 0;
    const known = this.memo.get(expression) ?? (topLevel ? this.topLevelMemo.get(expression) : undefined);
    if (known) return known;
    if (topLevel) this.work = 0;
    const cutsBefore = this.cuts;
    const value = this.resolveTracked(expression, depth);
    if (this.cuts === cutsBefore) this.memo.set(expression, value);
    else if (topLevel) this.topLevelMemo.set(expression, value);
    return value;
  }

  private bindings: ReadonlyMap<ts.Node, Value> | undefined;

  /** The value of `expression` in a call that passes `bindings` for parameters (`ttl + 'm'` with `ttl` bound), meanwhile in `bindings`. */
  resolveWith(expression: ts.Expression, bindings: ReadonlyMap<ts.Node, Value>): Value {
    const outer = this.bindings;
    this.bindings = bindings;
    if (this.active.size === 0) this.work = 0;
    try {
      return this.resolveTracked(expression, 1);
    } finally {
      this.bindings = outer;
    }
  }

  private resolveTracked(expression: ts.Expression, depth: number): Value {
    if (depth > MAX_DEPTH || this.active.has(expression) || (this.work += 1) > RESOLVE_WORK_UNITS) {
      this.cuts += 1;
      return unknownAt(expression);
    }
    this.active.add(expression);
    try {
      return this.resolveInner(stripWrappers(expression), depth);
    } finally {
      this.active.delete(expression);
    }
  }

  private resolveInner(node: ts.Expression, depth: number): Value {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'string', value: node.text, node };
    if (ts.isNumericLiteral(node)) return { kind: 'number', value: Number(node.text), node };
    if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'boolean', value: true, node };
    if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'boolean', value: false, node };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'null', node };
    if (ts.isVoidExpression(node)) return { kind: 'undefined', node };
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const operand = this.resolve(node.operand, depth + 1);
      return operand.kind === 'number' ? { kind: 'number', value: -operand.value, node } : unknownAt(node);
    }
    if (ts.isTemplateExpression(node)) return templateValue(node, (expression) => this.resolve(expression, depth + 1));
    if (ts.isObjectLiteralExpression(node)) return this.resolveObject(node, depth);
    if (ts.isArrayLiteralExpression(node)) return this.resolveArray(node, depth);
    if (ts.isIdentifier(node)) return this.resolveIdentifier(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.resolveMember(node, depth);
    if (ts.isBinaryExpression(node)) return this.resolveBinary(node, depth);
    if (ts.isAwaitExpression(node)) return this.resolve(node.expression, depth + 1);
    if (ts.isCallExpression(node)) return this.resolveCall(node, depth);
    if (ts.isNewExpression(node)) return this.resolveNew(node, depth);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { kind: 'function', node };
    if (ts.isConditionalExpression(node)) {
      // `expiresIn ? { expiresIn } : undefined` in a call that leaves `expiresIn` out: the branch the test picks
      const test = truthiness(this.resolve(node.condition, depth + 1));
      if (test !== undefined) return this.resolve(test ? node.whenTrue : node.whenFalse, depth + 1);
      return joinValues([this.resolve(node.whenTrue, depth + 1), this.resolve(node.whenFalse, depth + 1)], node);
    }
    return unknownAt(node);
  }

  private resolveObject(node: ts.ObjectLiteralExpression, depth: number): Value {
    const props = new Map<string, PropertyValue>();
    let open = false;
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyNameText(property.name, (expression) => this.resolve(expression, depth + 1));
        if (key === undefined) {
          open = true;
          continue;
        }
        props.set(key, { value: this.resolve(property.initializer, depth + 1), node: property });
      } else if (ts.isShorthandPropertyAssignment(property)) {
        props.set(property.name.text, { value: this.resolveIdentifier(property.name, depth + 1), node: property });
      } else if (ts.isSpreadAssignment(property)) {
        const spread = this.resolve(property.expression, depth + 1);
        const alternatives = spread.kind === 'object' ? spread : conditionalSpread(property.expression, (expression) => this.resolve(expression, depth + 1));
        if (alternatives) {
          for (const [key, value] of alternatives.props) props.set(key, value);
          open ||= alternatives.open;
        } else {
          // Later explicit properties still override, earlier ones may be overridden by the unknown spread.
          props.clear();
          open = true;
        }
      } else if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property) || ts.isSetAccessorDeclaration(property)) {
        const key = propertyNameText(property.name, (expression) => this.resolve(expression, depth + 1));
        if (key === undefined) open = true;
        else props.set(key, { value: { kind: 'function', node: property }, node: property });
      }
    }
    return { kind: 'object', node, props, open };
  }

  private resolveArray(node: ts.ArrayLiteralExpression, depth: number): Value {
    const elements: Value[] = [];
    let open = false;
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.resolve(element.expression, depth + 1);
        if (spread.kind === 'array') {
          elements.push(...spread.elements);
          open ||= spread.open;
        } else {
          open = true;
        }
      } else if (ts.isOmittedExpression(element)) {
        elements.push({ kind: 'undefined', node: element });
      } else {
        elements.push(this.resolve(element, depth + 1));
      }
    }
    return { kind: 'array', node, elements, open };
  }

  private resolveIdentifier(node: ts.Identifier, depth: number): Value {
    if (node.text === 'undefined') return { kind: 'undefined', node };
    const declaration = findDeclaration(node.text, node);
    if (!declaration) return unknownAt(node);
    return this.resolveDeclaration(declaration, node, depth);
  }

  resolveDeclaration(declaration: Declaration, at: ts.Node, depth: number): Value {
    // Where the value comes from at `at` (a reference in the declaring file), or anywhere (an export read from another file)
    const reference = at.getSourceFile() === declaration.node.getSourceFile() && ts.isIdentifier(at) ? at : undefined;
    const definitions = declaration.kind === 'variable' || declaration.kind === 'parameter' ? definitionsOfDeclaration(declaration, reference) : undefined;
    if (definitions) {
      if (definitions.length === 0) return unknownAt(at);
      // several definitions reach (a `let` assigned on some paths): the value they amount to
      const value = this.resolveAll(definitions, at, depth);
      // `payload.password = hash`, `Object.assign(options, defaults)` after the declaration
      return value.kind === 'object' ? withWrites(value, propertyWritesOf(declaration, reference), (expression) => this.resolve(expression, depth + 1)) : value;
    }
    switch (declaration.kind) {
      case 'function':
        return { kind: 'function', node: declaration.node };
      case 'class':
        return { kind: 'class', node: declaration.node };
      case 'import':
        return this.resolveImport(declaration.specifier, declaration.imported, declaration.node, at, depth);
      case 'import-equals':
        return this.resolveImport(declaration.specifier, '*', declaration.node, at, depth);
      default:
        return unknownAt(at);
    }
  }

  /** The value several definitions amount to (src/dataflow/value-join.ts). */
  private resolveAll(definitions: readonly Definition[], at: ts.Node, depth: number): Value {
    return joinValues(
      definitions.map((definition) => this.resolveDefinition(definition, at, depth)),
      at,
    );
  }

  /** The value one definition gives a name (see src/dataflow/definitions.ts). */
  resolveDefinition(definition: Definition, at: ts.Node, depth: number): Value {
    const resolveHere = (expression: ts.Expression) => this.resolve(expression, depth + 1);
    switch (definition.kind) {
      case 'value':
        return withDestructuringDefault(this.destructure(this.resolve(definition.expression, depth + 1), definition.steps, at, depth), definition.node, definition.steps, resolveHere);
      case 'parameter': {
        // a binding (a wrapper's option), or `(config: ConfigType<typeof jwtConfig>) => …`: a namespace-typed parameter is its object
        const type = definition.steps.length === 0 ? definition.node.type : undefined;
        const bound = this.bindings?.get(definition.node) ?? (type && ts.isTypeReferenceNode(type) ? this.plumbing.typedValue(type, resolveHere) : undefined);
        const { node, steps, index } = definition;
        return (steps.length === 0 ? bound : undefined) ?? withDestructuringDefault({ kind: 'parameter', node, steps, index }, node, steps, resolveHere);
      }
      case 'declaration':
        return this.resolveDeclaration(definition.declaration, at, depth);
      default:
        return unknownAt(at);
    }
  }

  /** Applies destructuring steps (`const { a: { b } } = value`). */
  destructure(value: Value, steps: readonly DestructureStep[], at: ts.Node, depth: number): Value {
    let current = value;
    for (const step of steps) current = this.member(current, String(step), at, depth);
    return current;
  }

  resolveImport(specifier: string, imported: string, declarationNode: ts.Node, at: ts.Node, depth: number): Value {
    const fromFile = declarationNode.getSourceFile().fileName;
    const target = this.project.resolveImport(fromFile, specifier);
    // a copy of a modelled package kept in the project (`require('../libs/jsonwebtoken')`) is that package
    const vendored = target && this.project.vendoredPackage(target, (name) => modelForPackage(name) !== undefined);
    if (vendored) return { kind: 'library', node: at, module: vendored, path: imported === '*' ? [] : [imported], sites: [] };
    if (target) {
      const moduleValue: Value = { kind: 'module', node: at, file: target };
      return imported === '*' ? moduleValue : this.member(moduleValue, imported, at, depth);
    }
    if (specifier.startsWith('.') || specifier.startsWith('/')) return unknownAt(at);
    return { kind: 'library', node: at, module: specifier, path: imported === '*' ? [] : [imported], sites: [] };
  }

  /** Finds what a project file exports under `name` ('default' for the default export). */
  exportOf(file: string, name: string, at: ts.Node, depth: number): Value {
    return depth > MAX_DEPTH ? unknownAt(at) : exportedValue(this, file, name, at, depth);
  }

  /** The value of `object.name`. */
  member(object: Value, name: string, at: ts.Node, depth: number): Value {
    switch (object.kind) {
      case 'object': {
        const prop = object.props.get(name);
        return prop ? prop.value : unknownAt(at);
      }
      case 'array': {
        if (name === 'length' && !object.open) return { kind: 'number', value: object.elements.length, node: at };
        const index = Number(name);
        return Number.isInteger(index) && !object.open && object.elements[index] ? object.elements[index] : unknownAt(at);
      }
      case 'library':
        return { kind: 'library', node: at, module: object.module, path: [...object.path, name], sites: object.sites };
      case 'module':
        return this.exportOf(object.file, name, at, depth);
      case 'instance':
        return classMember(object.class, name, false, (base) => this.resolve(base, depth + 1)) ?? unknownAt(at);
      case 'class':
        return classMember(object.node, name, true, (base) => this.resolve(base, depth + 1)) ?? unknownAt(at);
      case 'parameter':
        return this.typed.method(object, name, depth) ?? unknownAt(at);
      default:
        return unknownAt(at);
    }
  }

  private resolveMember(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Value {
    let name: string | undefined;
    if (ts.isPropertyAccessExpression(node)) {
      if (ts.isPrivateIdentifier(node.name)) return unknownAt(node);
      name = node.name.text;
    } else {
      const key = this.resolve(node.argumentExpression, depth + 1);
      if (key.kind === 'string') name = key.value;
      else if (key.kind === 'number') name = String(key.value);
    }
    if (name === undefined) return unknownAt(node);
    // process.env.NAME
    const object = stripWrappers(node.expression);
    if (isProcessEnv(object)) {
      // `process.env.X = 'literal'` somewhere in the scan (a bootstrap that sets a development secret)
      const written = this.envWrites?.literalOf(name);
      return written ? { kind: 'string', value: written.node.text, node: written.node } : { kind: 'env', node, name };
    }
    // import.meta.env.NAME (Vite)
    if (ts.isPropertyAccessExpression(object) && object.name.text === 'env' && ts.isMetaProperty(object.expression)) return { kind: 'env', node, name };
    if (object.kind === ts.SyntaxKind.ThisKeyword || isThisAlias(object)) return this.resolveThisMember(name, node, depth);
    if (object.kind === ts.SyntaxKind.SuperKeyword) return this.resolveSuperMember(name, node, depth);
    return this.member(this.resolve(object, depth + 1), name, node, depth);
  }

  /**
   * `this.name` inside a class: a property initialiser, or a typed constructor parameter property
   * (`constructor(private jwt: JwtService)`), which is an instance of the named class.
   */
  private resolveThisMember(name: string, at: ts.Node, depth: number): Value {
    let current: ts.Node | undefined = at.parent;
    let inMember: ts.Node = at;
    while (current && !ts.isClassLike(current)) {
      inMember = current;
      current = current.parent;
    }
    if (!current) return objectLiteralThisMember(at, name) ?? unknownAt(at);
    // in a static method or block `this` is the class: `this.getSecret()` is a static method (Mongoose `loadClass` models)
    const isStatic =
      ts.isClassStaticBlockDeclaration(inMember) || (ts.canHaveModifiers(inMember) && (ts.getModifiers(inMember)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false));
    for (const member of current.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name) {
        // a typed service field, else the initialiser and what methods or the constructor write (`this.header = JSON.parse(...)`)
        const typed = member.initializer ? undefined : this.typed.instanceOf(member.type, at, depth);
        const written = typed?.kind === 'unknown' || member.initializer ? this.fieldValue(at, depth) : undefined;
        return written ?? typed ?? this.resolve(member.initializer!, depth + 1);
      }
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          const isProperty = (ts.getModifiers(parameter)?.length ?? 0) > 0;
          if (isProperty && ts.isIdentifier(parameter.name) && parameter.name.text === name) return this.typed.instanceOf(parameter.type, at, depth);
        }
      }
    }
    // `this.method`: a method of this class (or a project base class); else a field only methods write (`this.secret = '…'`)
    return classMember(current, name, isStatic, (base) => this.resolve(base, depth + 1)) ?? this.fieldValue(at, depth) ?? unknownAt(at);
  }

  /** What the class's members write into the field `at` reads (src/dataflow/definitions.ts `fieldDefinitions`), if any. */
  private fieldValue(at: ts.Node, depth: number): Value | undefined {
    const written = ts.isPropertyAccessExpression(at) ? fieldDefinitions(at) : [];
    return written.length > 0 ? this.resolveAll(written, at, depth) : undefined;
  }

  /** `super.method`: the method of the enclosing class's project base class (or of its bases, or a mixin's). */
  private resolveSuperMember(name: string, at: ts.Node, depth: number): Value {
    let current: ts.Node | undefined = at.parent;
    while (current && !ts.isClassLike(current)) current = current.parent;
    return (current && baseMember(current, name, false, (expression) => this.resolve(expression, depth + 1))) ?? unknownAt(at);
  }

  private resolveBinary(node: ts.BinaryExpression, depth: number): Value {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      const left = this.resolve(node.left, depth + 1);
      const right = this.resolve(node.right, depth + 1);
      if (left.kind === 'string') return operator === ts.SyntaxKind.BarBarToken && left.value === '' ? right : left;
      if (left.kind === 'null' || left.kind === 'undefined') return right;
      if (left.kind === 'env' || left.kind === 'unknown' || left.kind === 'parameter' || left.kind === 'fallback') {
        return { kind: 'fallback', node, primary: left, fallback: right };
      }
      return left;
    }
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.AsteriskToken || operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.SlashToken) {
      // constants, or a configuration default computed on (`ttl + 'm'` with `ttl = process.env.TTL || 129600`)
      const combine = (left: Value, right: Value) => constantArithmetic(operator, left, right, node);
      const [left, right] = [this.resolve(node.left, depth + 1), this.resolve(node.right, depth + 1)];
      return combine(left, right) ?? overDefault(left, right, combine, node) ?? unknownAt(node);
    }
    return unknownAt(node);
  }

  private resolveCall(node: ts.CallExpression, depth: number): Value {
    const callee = stripWrappers(node.expression);
    // require('x'), require('x').y, (await import('x')).y
    const isRequire = ts.isIdentifier(callee) && callee.text === 'require' && !findDeclaration('require', callee);
    if ((isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) && node.arguments.length === 1) {
      const argument = node.arguments[0];
      if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return this.resolveImport(argument.text, '*', node, node, depth);
      return unknownAt(node);
    }
    const first = node.arguments[0];
    // parseInt(process.env.TTL): still the setting
    const converted = convertedEnv(node, (expression) => this.resolve(expression, depth + 1));
    if (converted) return converted;
    // Buffer.from('...'), new TextEncoder().encode('...'), createSecretKey(...)
    const made = first && !ts.isSpreadElement(first) ? bytesConstructorOf(callee, (expression) => this.resolve(expression, depth + 1)) : undefined;
    if (first && made) return { kind: 'bytes', node, source: this.resolve(first, depth + 1), ...made };
    // String methods that keep a literal a literal
    if (ts.isPropertyAccessExpression(callee) && ['trim', 'toString', 'valueOf'].includes(callee.name.text) && node.arguments.length === 0) {
      const inner = this.resolve(callee.expression, depth + 1);
      if (inner.kind === 'string') return { kind: 'string', value: callee.name.text === 'trim' ? inner.value.trim() : inner.value, node };
    }
    // Object.assign({}, defaults, overrides): the merged object
    if (isObjectAssign(node) && first && !ts.isSpreadElement(first)) {
      let merged = this.resolve(first, depth + 1);
      for (const source of node.arguments.slice(1))
        merged = withWrite(merged, [], { path: [], node, ...(ts.isSpreadElement(source) ? {} : { merge: source }) }, (expression) => this.resolve(expression, depth + 1));
      return merged.kind === 'object' ? { ...merged, node } : unknownAt(node);
    }
    const target = this.resolve(callee, depth + 1);
    // `useContext(AuthContext)`: its one provider's value; `useCallback(fn)`: fn; `configService.get('jwt.secret')`: the registered value
    const carried = this.plumbing.valueAt(node, target, (expression) => this.resolve(expression, depth + 1));
    if (carried) return carried;
    if (target.kind === 'library') {
      const imported = importedKey(node, target.module, target.path, (expression) => this.resolve(expression, depth + 1));
      if (imported) return imported;
      // NestJS `PassportStrategy(Strategy)`: a subclass of its argument
      const baseArg = subclassFactoryArg(target.module, target.path);
      const base = baseArg === undefined ? undefined : node.arguments[baseArg];
      if (base && !ts.isSpreadElement(base)) return this.resolve(base, depth + 1);
      // Angular `inject(CookieService)`: an instance of its argument
      const classArg = instanceFactoryArg(target.module, target.path);
      const injected = classArg === undefined ? undefined : node.arguments[classArg];
      if (injected && !ts.isSpreadElement(injected)) {
        const cls = this.resolve(injected, depth + 1);
        return cls.kind === 'library' ? { ...cls, node, path: [...cls.path, 'new'], sites: [...cls.sites, node] } : unknownAt(node);
      }
      return { kind: 'library', node, module: target.module, path: [...target.path, '()'], sites: [...target.sites, node] };
    }
    // `cookieOptions()`: what a project helper returns when it does not depend on the arguments; `daysToSeconds(30)`: a numeric helper
    const at = (expression: ts.Expression) => this.resolve(expression, depth + 1);
    if (target.kind === 'function') return callReturnValue(target.node, node, at) ?? pureCallValue(target.node, node, at) ?? this.typed.returnedInstance(target.node, node, depth);
    return unknownAt(node);
  }

  private resolveNew(node: ts.NewExpression, depth: number): Value {
    if (isEmptyTypedArray(node)) return { kind: 'bytes', node, source: { kind: 'string', value: '', node } };
    let target = this.resolve(node.expression, depth + 1);
    // `const TokenManager = require('./TokenManager')` with `module.exports = TokenManager`: the class the module is
    if (target.kind === 'module') target = this.exportOf(target.file, 'default', node, depth + 1);
    if (target.kind === 'library') return { kind: 'library', node, module: target.module, path: [...target.path, 'new'], sites: [...target.sites, node] };
    if (target.kind === 'class') return { kind: 'instance', node, class: target.node };
    return unknownAt(node);
  }
}

/** `const self = this` (for callbacks that rebind `this`): `self.method` is the class's member. */
function isThisAlias(expression: ts.Expression): boolean {
  if (!ts.isIdentifier(expression)) return false;
  const declaration = findDeclaration(expression.text, expression);
  return declaration?.kind === 'variable' && declaration.isConst && declaration.steps.length === 0 && declaration.node.initializer?.kind === ts.SyntaxKind.ThisKeyword;
}

/** The function `fn.bind(thisArg)` binds (`console.log.bind(console)`, `this.check.bind(this)`), else the expression itself. */
export function withoutBind(expression: ts.Expression): ts.Expression {
  const node = stripWrappers(expression);
  const bound = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === FUNCTION_BIND;
  return bound ? stripWrappers((node.expression as ts.PropertyAccessExpression).expression) : node;
}
