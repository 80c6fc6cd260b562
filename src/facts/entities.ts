import { ts } from 'ts-morph';
import { isNarrowingProjection, isProjectionMethod, selectsColumns } from './projections.js';
import { findDeclaration } from '../binding/scope.js';
import { singleDefinition } from '../dataflow/definitions.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { reexportOf } from '../binding/reexports.js';
import { copiedValue } from '../dataflow/parameter-reach.js';
import { QueryTables } from './query-tables.js';
import { localTypeDeclaration, membersOf, type RecordMember, type TypeDeclaration } from './type-declarations.js';
import {
  ENTITY_DECORATOR_NAMES,
  ENTITY_QUERY_METHODS,
  INSTANCE_SELF_METHODS,
  INSTANCE_SELF_PROPERTIES,
  PASS_THROUGH_METHODS,
  ormForPackage,
  ormModels,
  type OrmModel,
} from '../models/orm.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

/**
 * Record types of values: which class, interface or type literal a value has (by its annotation, `as`, `new`,
 * a function's or method's declared return type), following imports across files, and whether it is a whole
 * persisted entity by the ORM models (src/models/orm.ts): an entity class (decorator, base class), a model made
 * by an ORM factory, or a query result of one (`repo.findOne()`, `User.findByPk()`, `prisma.user.findUnique()`)
 * not restricted to chosen columns. Syntactic only: no type checker.
 */

export interface RecordType {
  /** Type or model name (`User`, the Prisma delegate `user`). */
  name: string;
  /** Declaration to point at (class, interface, type literal, model factory call, or the query call). */
  node: ts.Node;
  /** Fields known from the declaration (empty when the fields are not in code, e.g. Prisma models). */
  members: readonly RecordMember[];
  /**
   * Every field the type allows is in `members`: declared in code, no index signature, every base type declared in
   * the project (a value of it has no other field, as far as its type says).
   */
  complete?: boolean;
  /** Set when the value is a whole persisted entity: why (e.g. `a TypeORM @Entity class`). */
  entity?: string;
}

/** A type name resolved to its declaration, or to an export of a package. */
type NamedType = { kind: 'declaration'; name: string; node: TypeDeclaration } | { kind: 'library'; name: string; module: string; path: string[]; at: ts.Node };

const MAX_DEPTH = 24;
const QUERY_METHODS = new Set(ENTITY_QUERY_METHODS);
const SELF_METHODS = new Set(INSTANCE_SELF_METHODS);
const SELF_PROPERTIES = new Set(INSTANCE_SELF_PROPERTIES);
const PASS_THROUGH = new Set(PASS_THROUGH_METHODS);
const UNWRAPPED_GENERICS = new Set(['Promise', 'PromiseLike', 'Awaited', 'Readonly', 'Required', 'NonNullable']);

const isExported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
const isDefaultExport = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);

const hasIndexSignature = (declaration: TypeDeclaration): boolean => declaration.members.some((member: ts.Node) => ts.isIndexSignatureDeclaration(member));

export class RecordTypes {
  private readonly memo = new WeakMap<ts.Node, RecordType | null>();
  private tables: QueryTables | undefined;

  constructor(private readonly resolver: ValueResolver) {}

  /** The record type of the value of `expression`, if it can be told. */
  of(expression: ts.Expression): RecordType | undefined {
    const known = this.memo.get(expression);
    if (known !== undefined) return known ?? undefined;
    const found = this.valueType(expression, 0);
    this.memo.set(expression, found ?? null);
    return found;
  }

  private valueType(expression: ts.Expression, depth: number): RecordType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isAsExpression(expression) || ts.isTypeAssertionExpression(expression) || ts.isSatisfiesExpression(expression)) {
      return this.typeFromNode(expression.type, expression, depth + 1) ?? this.valueType(expression.expression, depth + 1);
    }
    const node = stripWrappers(expression);
    if (node !== expression) return this.valueType(node, depth + 1);
    if (ts.isAwaitExpression(node)) return this.valueType(node.expression, depth + 1);
    if (ts.isNewExpression(node)) {
      const named = this.namedTypeOfExpression(node.expression, depth + 1);
      return named ? this.recordOfNamed(named, depth + 1) : undefined;
    }
    if (ts.isCallExpression(node)) return this.callResult(node, depth + 1);
    if (ts.isIdentifier(node)) {
      const declaration = findDeclaration(node.text, node);
      if (!declaration) return undefined;
      if ((declaration.kind === 'variable' || declaration.kind === 'parameter') && declaration.steps.length === 0) {
        const typed = this.typeFromNode(declaration.node.type, declaration.node, depth + 1);
        if (typed) return typed;
        // the value that reaches this reference (src/dataflow/definitions.ts): an initializer or the last assignment
        const definition = declaration.kind === 'variable' ? singleDefinition(node) : undefined;
        if (definition?.kind === 'value' && definition.steps.length === 0) return this.valueType(definition.expression, depth + 1);
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      return this.typeFromNode(this.thisMemberType(node), node, depth + 1);
    }
    // `user._doc`, `user.dataValues`: all of a loaded entity's fields
    if (ts.isPropertyAccessExpression(node) && SELF_PROPERTIES.has(node.name.text)) {
      const self = this.valueType(node.expression, depth + 1);
      return self?.entity ? self : undefined;
    }
    // `rows[0]` of a list of records (array types and list queries already name the element's record)
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression)) return this.valueType(node.expression, depth + 1);
    return undefined;
  }

  /** The record type named by a type node: references (through Promise<>, unions with null, arrays), type literals. */
  private typeFromNode(type: ts.TypeNode | undefined, at: ts.Node, depth: number): RecordType | undefined {
    if (!type || depth > MAX_DEPTH) return undefined;
    if (ts.isParenthesizedTypeNode(type)) return this.typeFromNode(type.type, at, depth + 1);
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const found = this.typeFromNode(member, at, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (ts.isArrayTypeNode(type)) return this.typeFromNode(type.elementType, at, depth + 1);
    if (ts.isTypeLiteralNode(type)) return { name: 'object', node: type, members: membersOf(type), complete: !hasIndexSignature(type) };
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const name = type.typeName.text;
    const argument = type.typeArguments?.[0];
    if ((UNWRAPPED_GENERICS.has(name) || name === 'Array' || name === 'ReadonlyArray') && argument) return this.typeFromNode(argument, at, depth + 1);
    const named = this.namedType(name, type, depth + 1);
    return named ? this.recordOfNamed(named, depth + 1) : undefined;
  }

  private recordOfNamed(named: NamedType, depth: number): RecordType | undefined {
    if (named.kind === 'library') {
      // a model type generated by an ORM client (`import { User } from '@prisma/client'`)
      const orm = ormForPackage(named.module);
      const exported = withoutDefault(named.path);
      if (
        orm?.clientInstances &&
        exported.length === 1 &&
        !orm.clientInstances.some((instance) => instance[0] === exported[0]) &&
        /^[A-Z]/.test(exported[0]) &&
        !orm.namespaceExports?.includes(exported[0])
      ) {
        return { name: exported[0], node: named.at, members: [], entity: `a ${orm.name} model type` };
      }
      return undefined;
    }
    const { members, complete } = this.allMembers(named.node, depth);
    const entity = ts.isClassLike(named.node) ? this.entityClass(named.node, depth) : undefined;
    return { name: named.name, node: named.node, members, complete, ...(entity ? { entity } : {}) };
  }

  /** Members of a declaration and of the classes/interfaces it extends (same or imported files); complete when all are known. */
  private allMembers(declaration: TypeDeclaration, depth: number): { members: RecordMember[]; complete: boolean } {
    const members = membersOf(declaration);
    let complete = !hasIndexSignature(declaration);
    if (ts.isTypeLiteralNode(declaration)) return { members, complete };
    if (depth > MAX_DEPTH) return { members, complete: false };
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const heritage of clause.types) {
        const base = this.namedTypeOfExpression(heritage.expression, depth + 1);
        if (base?.kind !== 'declaration') {
          complete = false;
          continue;
        }
        const inherited = this.allMembers(base.node, depth + 1);
        members.push(...inherited.members);
        complete &&= inherited.complete;
      }
    }
    return { members, complete };
  }

  /** Is a class a persisted entity (decorator, ORM base class, or a base class that is one)? Returns why. */
  private entityClass(declaration: ts.ClassLikeDeclaration, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const decorator of ts.getDecorators(declaration) ?? []) {
      const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
      const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
      if (!name) continue;
      const value = this.resolver.resolve(expression);
      if (value.kind === 'library') {
        const orm = ormForPackage(value.module);
        const path = withoutDefault(value.path);
        if (orm?.entityDecorators?.includes(path[path.length - 1]) && path.length === 1) return `a ${orm.name} @${path[path.length - 1]} class`;
        continue;
      }
      if (value.kind !== 'module' && ENTITY_DECORATOR_NAMES.has(name)) return `a @${name} class`;
    }
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      const heritage = clause.types[0];
      if (!heritage) continue;
      const value = this.resolver.resolve(heritage.expression);
      if (value.kind === 'library') {
        const orm = ormForPackage(value.module);
        const path = withoutDefault(value.path);
        if (orm?.entityBaseClasses?.some((base) => samePath(base, path))) return `a subclass of ${orm.name} ${path.join('.')}`;
        continue;
      }
      const base = this.namedTypeOfExpression(heritage.expression, depth + 1);
      if (base?.kind === 'declaration' && ts.isClassLike(base.node)) {
        const inherited = this.entityClass(base.node, depth + 1);
        if (inherited) return `${inherited.replace(/^an? /, 'a subclass of a ')}`;
      }
    }
    return undefined;
  }

  /** The type named by an expression (`new User()`, `extends Base`, `User.findOne`). */
  private namedTypeOfExpression(expression: ts.Expression, depth: number): NamedType | undefined {
    const node = stripWrappers(expression);
    if (ts.isIdentifier(node)) return this.namedType(node.text, node, depth);
    return undefined;
  }

  /** A type or class name at `at`: a local declaration, or the export of an imported project file or package. */
  private namedType(name: string, at: ts.Node, depth: number): NamedType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const declaration = findDeclaration(name, at);
    if (declaration?.kind === 'class') return { kind: 'declaration', name, node: declaration.node };
    if (declaration?.kind === 'import') return this.importedType(declaration.node.getSourceFile().fileName, declaration.specifier, declaration.imported, name, depth + 1, declaration.node);
    if (declaration) return undefined;
    const local = localTypeDeclaration(at.getSourceFile(), name);
    return local ? { kind: 'declaration', name, node: local } : undefined;
  }

  private importedType(fromFile: string, specifier: string, imported: string, localName: string, depth: number, at: ts.Node): NamedType | undefined {
    if (depth > MAX_DEPTH || imported === '*') return undefined;
    const target = this.resolver.project.resolveImport(fromFile, specifier);
    if (!target) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
      return { kind: 'library', name: localName, module: specifier, path: [imported], at };
    }
    const file = this.resolver.project.load(target);
    return file ? this.exportedType(file.sourceFile, imported, localName, depth + 1) : undefined;
  }

  /** A class, interface or type literal exported by a file under `name` (following re-exports). */
  private exportedType(sourceFile: ts.SourceFile, name: string, localName: string, depth: number): NamedType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const statement of sourceFile.statements) {
      if ((ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && isExported(statement)) {
        const matches = name === 'default' ? isDefaultExport(statement) : statement.name?.text === name && !isDefaultExport(statement);
        if (!matches) continue;
        // `export type User = UserModel`: the aliased type
        if (ts.isTypeAliasDeclaration(statement) && ts.isTypeReferenceNode(statement.type) && ts.isIdentifier(statement.type.typeName) && !statement.typeParameters) {
          return this.namedType(statement.type.typeName.text, statement.type, depth + 1);
        }
        const node = ts.isTypeAliasDeclaration(statement) ? (ts.isTypeLiteralNode(statement.type) ? statement.type : undefined) : statement;
        return node ? { kind: 'declaration', name: statement.name?.text ?? localName, node } : undefined;
      }
      if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default' && ts.isIdentifier(statement.expression)) {
        return this.namedType(statement.expression.text, statement, depth + 1);
      }
      const reexport = ts.isExportDeclaration(statement) ? reexportOf(statement, name) : undefined;
      if (reexport?.kind === 'named') {
        if (reexport.specifier) return this.importedType(sourceFile.fileName, reexport.specifier, reexport.localName, localName, depth + 1, statement);
        return this.namedType(reexport.localName, statement, depth + 1);
      }
      if (reexport?.kind === 'star') {
        const found = this.importedType(sourceFile.fileName, reexport.specifier, name, localName, depth + 1, statement);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The declared type of `this.name` in the enclosing class (property or constructor parameter property). */
  private thisMemberType(node: ts.PropertyAccessExpression): ts.TypeNode | undefined {
    let current: ts.Node | undefined = node.parent;
    while (current && !ts.isClassLike(current)) current = current.parent;
    if (!current) return undefined;
    const name = node.name.text;
    for (const member of current.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name) return member.type;
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          if ((ts.getModifiers(parameter)?.length ?? 0) > 0 && ts.isIdentifier(parameter.name) && parameter.name.text === name) return parameter.type;
        }
      }
    }
    return undefined;
  }

  /** The declared type of a receiver expression (`repo` parameter, `this.repo` property). */
  private declaredType(expression: ts.Expression): ts.TypeNode | undefined {
    const node = stripWrappers(expression);
    if (ts.isIdentifier(node)) {
      const declaration = findDeclaration(node.text, node);
      if ((declaration?.kind === 'variable' || declaration?.kind === 'parameter') && declaration.steps.length === 0) return declaration.node.type;
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.thisMemberType(node);
    return undefined;
  }

  /** What a call returns: a declared return type, or an ORM query result. */
  private callResult(call: ts.CallExpression, depth: number): RecordType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const callee = stripWrappers(call.expression);
    if (ts.isIdentifier(callee)) {
      const clone = copiedValue(call);
      if (clone) return this.of(clone);
      const declaration = findDeclaration(callee.text, callee);
      if (declaration?.kind === 'function') return this.typeFromNode(declaration.node.type, declaration.node, depth + 1);
      return undefined;
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const receiver = stripWrappers(callee.expression);
    // `JSON.parse(JSON.stringify(user))`, `structuredClone(user)`: a deep copy is the same record
    const clone = copiedValue(call);
    if (clone) return this.of(clone);
    // `await user.update({ role })`, `user.toJSON()`: the same record
    if (SELF_METHODS.has(method) && !ts.isCallExpression(receiver)) {
      const self = this.valueType(receiver, depth + 1);
      if (self?.entity) return self;
    }
    // `User.findById(id).lean().exec()`, and `.select('id email')` which keeps only chosen columns (`'-password'` keeps the rest)
    if (ts.isCallExpression(receiver) && (PASS_THROUGH.has(method) || isProjectionMethod(method))) {
      if (isNarrowingProjection(method, call, this.resolver)) return undefined;
      return this.callResult(receiver, depth + 1);
    }
    // a method with a declared return type on a typed receiver (`interface UserRepository { findOne(): Promise<User> }`)
    const declared = this.methodReturnType(receiver, method, depth + 1);
    if (declared) return declared;
    if (!QUERY_METHODS.has(method) || selectsColumns(call, this.resolver)) return undefined;
    return this.queryResult(call, receiver, method, depth + 1);
  }

  private methodReturnType(receiver: ts.Expression, method: string, depth: number): RecordType | undefined {
    const type = this.declaredType(receiver);
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const named = this.namedType(type.typeName.text, type, depth + 1);
    if (named?.kind !== 'declaration') return undefined;
    for (const member of named.node.members) {
      if ((ts.isMethodSignature(member) || ts.isMethodDeclaration(member)) && member.name && ts.isIdentifier(member.name) && member.name.text === method && member.type) {
        return this.typeFromNode(member.type, member, depth + 1);
      }
    }
    return undefined;
  }

  /** An ORM query method called on an entity class, a repository, an entity manager or a client delegate. */
  private queryResult(call: ts.CallExpression, receiver: ts.Expression, method: string, depth: number): RecordType | undefined {
    const via = (record: RecordType | undefined): RecordType | undefined => (record?.entity ? record : undefined);
    // Active Record / model statics: `User.findOne(...)`
    const model = this.entityModel(receiver, depth + 1);
    if (model) return model;
    // Repositories: `repo: Repository<User>`, `this.users` typed so, `dataSource.getRepository(User)`
    const repository = this.repositoryEntity(receiver, depth + 1);
    if (repository) return via(repository);
    // Entity managers: `em.findOne(User, where)`
    const first = call.arguments[0];
    if (first && !ts.isSpreadElement(first) && ts.isIdentifier(stripWrappers(first))) {
      const entity = this.entityModel(first, depth + 1);
      if (entity) return entity;
    }
    // Data-access modules: `users.find(filter)` where the module defines the table with a schema builder
    const module = this.resolver.resolve(receiver);
    if (module.kind === 'module') return (this.tables ??= new QueryTables(this.resolver)).tableOfModule(module.file);
    // Client delegates: `prisma.user.findUnique(...)`
    if (ts.isPropertyAccessExpression(receiver)) {
      const delegate = receiver.name.text;
      const client = this.ormClient(receiver.expression, depth + 1);
      if (client && !delegate.startsWith('$')) {
        return { name: delegate, node: call, members: [], entity: `a ${client.name} \`${delegate}\` record returned by \`${method}\`` };
      }
    }
    return undefined;
  }

  /** An expression naming an entity class or an ORM model value (`User`, `const User = model('User', schema)`). */
  private entityModel(expression: ts.Expression, depth: number): RecordType | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = stripWrappers(expression);
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = findDeclaration(node.text, node);
    const definition = declaration?.kind === 'variable' ? singleDefinition(node) : undefined;
    if (definition?.kind === 'value' && definition.steps.length === 0) {
      const initializer = stripWrappers(definition.expression);
      if (ts.isIdentifier(initializer)) return this.entityModel(initializer, depth + 1);
      if (ts.isCallExpression(initializer)) return this.modelFactoryResult(initializer, node.text) ?? this.importedModel(node);
      return undefined;
    }
    if (declaration && declaration.kind !== 'class' && declaration.kind !== 'import') return undefined;
    const imported = declaration?.kind === 'import' ? this.importedModel(node) : undefined;
    if (imported) return imported;
    const named = this.namedType(node.text, node, depth + 1);
    if (named?.kind !== 'declaration' || !ts.isClassLike(named.node)) return undefined;
    const record = this.recordOfNamed(named, depth + 1);
    return record?.entity ? record : undefined;
  }

  /** A model another module makes and exports (`export default mongoose.model('User', schema)`, `require('./models/User')`). */
  private importedModel(name: ts.Identifier): RecordType | undefined {
    const resolved = this.resolver.resolve(name);
    // `require('./models/User')`: the module, whose `module.exports` is its default export
    const value = resolved.kind === 'module' ? this.resolver.member(resolved, 'default', name, 0) : resolved;
    const factoryCall = value.kind === 'library' ? value.sites[value.sites.length - 1] : undefined;
    return factoryCall && ts.isCallExpression(factoryCall) && factoryCall.getSourceFile() !== name.getSourceFile() ? this.modelFactoryResult(factoryCall, name.text) : undefined;
  }

  /** `sequelize.define('User', attributes)`, `mongoose.model('User', schema)`: a model with its fields. */
  private modelFactoryResult(call: ts.CallExpression, localName: string): RecordType | undefined {
    const value = this.resolver.resolve(call.expression);
    if (value.kind !== 'library') return undefined;
    const orm = ormForPackage(value.module);
    const path = withoutDefault(value.path);
    const factory = orm?.modelFactories?.find((candidate) => samePath(candidate.path, path));
    if (!orm || !factory) return undefined;
    const nameArgument = factory.nameArg === undefined ? undefined : call.arguments[factory.nameArg];
    const nameValue = nameArgument && !ts.isSpreadElement(nameArgument) ? this.resolver.resolve(nameArgument) : undefined;
    const name = nameValue?.kind === 'string' ? nameValue.value : localName;
    const schemaArgument = factory.schemaArg === undefined ? undefined : call.arguments[factory.schemaArg];
    const members = schemaArgument && !ts.isSpreadElement(schemaArgument) ? this.schemaFields(orm, this.resolver.resolve(schemaArgument)) : [];
    return { name, node: call, members, entity: `a ${orm.name} model` };
  }

  /** Field names of a schema definition: an object literal, or `new Schema({ ... })`. */
  private schemaFields(orm: OrmModel, value: Value): RecordMember[] {
    let fields = value;
    if (value.kind === 'library' && ormForPackage(value.module) === orm) {
      const site = value.sites[value.sites.length - 1];
      const path = withoutDefault(value.path);
      const isSchema = orm.schemaConstructors?.some((ctor) => samePath([...ctor, 'new'], path));
      const argument = site && ts.isNewExpression(site) ? site.arguments?.[0] : undefined;
      if (!isSchema || !argument || ts.isSpreadElement(argument)) return [];
      fields = this.resolver.resolve(argument);
    }
    if (fields.kind !== 'object') return [];
    return [...fields.props].map(([name, prop]) => ({ name, node: prop.node }));
  }

  /** The entity of a repository receiver: a declared `Repository<User>`, or `x.getRepository(User)`. */
  private repositoryEntity(receiver: ts.Expression, depth: number): RecordType | undefined {
    const node = stripWrappers(receiver);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(stripWrappers(node.expression))) {
      const method = (stripWrappers(node.expression) as ts.PropertyAccessExpression).name.text;
      const argument = node.arguments[0];
      const isRepositoryMethod = ormRepositoryMethods.has(method);
      if (isRepositoryMethod && argument && !ts.isSpreadElement(argument)) return this.entityModel(argument, depth + 1);
      return undefined;
    }
    let type = this.declaredType(node);
    if (!type && ts.isIdentifier(node)) {
      // `const repo = dataSource.getRepository(User)`
      const definition = singleDefinition(node);
      if (definition?.kind === 'value' && definition.steps.length === 0) return this.repositoryEntity(definition.expression, depth + 1);
    }
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const argument = type.typeArguments?.[0];
    if (!argument) return undefined;
    const named = this.namedType(type.typeName.text, type, depth + 1);
    if (named?.kind !== 'library') return undefined;
    const orm = ormForPackage(named.module);
    const path = withoutDefault(named.path);
    if (!orm?.repositoryTypes?.includes(path[path.length - 1]) || path.length !== 1) return undefined;
    type = argument;
    const record = this.typeFromNode(type, type, depth + 1);
    if (!record) return undefined;
    return { ...record, entity: record.entity ?? `an entity read through a ${orm.name} ${path[0]}` };
  }

  /** The ORM client an expression holds (`new PrismaClient()`, a class extending it, a parameter typed so). */
  private ormClient(expression: ts.Expression, depth: number): OrmModel | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const value = this.resolver.resolve(expression);
    if (value.kind === 'library') {
      const orm = ormForPackage(value.module);
      const path = withoutDefault(value.path);
      return orm?.clientInstances?.some((instance) => samePath(instance, path)) ? orm : undefined;
    }
    const type = this.declaredType(expression);
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    return this.clientClass(this.namedType(type.typeName.text, type, depth + 1), depth + 1);
  }

  private clientClass(named: NamedType | undefined, depth: number): OrmModel | undefined {
    if (!named || depth > MAX_DEPTH) return undefined;
    if (named.kind === 'library') {
      const orm = ormForPackage(named.module);
      const path = withoutDefault(named.path);
      return orm?.clientInstances?.some((instance) => samePath(instance, [...path, 'new'])) ? orm : undefined;
    }
    if (!ts.isClassLike(named.node)) return undefined;
    const heritage = named.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return heritage ? this.clientClass(this.namedTypeOfExpression(heritage.expression, depth + 1), depth + 1) : undefined;
  }
}

/** Every ORM's repository methods: `getRepository(User)` names the entity whatever the ORM. */
const ormRepositoryMethods = new Set(ormModels.flatMap((model) => model.repositoryMethods ?? []));
