import type { AccessPath } from './types.js';

/**
 * ORM models: which code marks a class, a model value or a query result as a persisted database entity.
 * Data only. The facts layer (src/facts/entities.ts) reads it to tell rules that a value placed in a token
 * payload is a whole entity (every column, including ones added later such as password hashes), not a DTO.
 *
 * Matching is by the import a name resolves to (`module` + access path, as in library models). A decorator
 * whose origin cannot be resolved (a local `declare function Entity()`, a re-export through an unresolved
 * path) matches by its bare name, since these names are specific to ORMs; base classes and factories
 * must resolve to the package, since names like `Model` are common.
 */
export interface OrmModel {
  id: string;
  /** Human name used in explanations ("a TypeORM @Entity class"). */
  name: string;
  packages: readonly string[];
  docs: string;
  /** Class decorators that make a class an entity (exported names, `@Entity()` or `@Entity`). */
  entityDecorators?: readonly string[];
  /** Classes whose subclasses are entities (TypeORM `BaseEntity`, Sequelize `Model`). */
  entityBaseClasses?: readonly AccessPath[];
  /**
   * Calls that return an entity class / model value (Sequelize `sequelize.define('User', attributes)`,
   * Mongoose `mongoose.model('User', schema)`). Paths may contain `new` and `()` steps (an instance, a call
   * result). `nameArg` is the argument holding the model name, `schemaArg` the field definitions (an object
   * literal or a `new Schema({...})`), when there are any.
   */
  modelFactories?: readonly { path: AccessPath; nameArg?: number; schemaArg?: number }[];
  /** Constructors whose argument 0 is a field definition object (Mongoose `new Schema({ ... })`). */
  schemaConstructors?: readonly AccessPath[];
  /**
   * Generic types whose type argument 0 is the entity a repository returns (`Repository<User>`,
   * `EntityRepository<User>`, Mongoose `Model<User>`), by exported name.
   */
  repositoryTypes?: readonly string[];
  /**
   * Methods that return a repository for their entity-class argument 0 (`dataSource.getRepository(User)`,
   * `em.getRepository(User)`), by method name.
   */
  repositoryMethods?: readonly string[];
  /**
   * Client instances with one delegate per model (Prisma `new PrismaClient()`: `prisma.user.findUnique()`
   * returns a `user` record). The access path of the instance; delegates are any member of it.
   */
  clientInstances?: readonly AccessPath[];
  /**
   * Query-builder schema calls that define a table (knex `db.schema.createTable('users', (table) => { table.string('password') })`),
   * matched by the end of their access path: argument 0 is the table name, argument 1 a callback whose parameter's
   * methods add columns named by their first argument. A project module that defines one table this way and
   * exports query functions (`find`, `findById`) is a data-access module for that table: what they return are rows.
   */
  tableBuilders?: readonly AccessPath[];
  /**
   * Query-builder calls whose argument 0 lists the columns they read (knex `db.select([`${table}.id`, `${table}.password`])`),
   * matched by the end of their access path. A data-access module with no table builder and exactly one such list
   * (a view definition, the module's one query) returns rows with those columns.
   */
  selectLists?: readonly AccessPath[];
  /** Capitalised exports of the client package that are namespaces, not model types (Prisma's `Prisma`). */
  namespaceExports?: readonly string[];
}

/**
 * Query methods that return whole entities (a single record, a list, or a created/saved one), on an entity
 * class (static, Active Record), a repository, an entity manager (entity class as argument 0), or a client
 * delegate. Shared by the ORMs below, which use the same vocabulary.
 */
export const ENTITY_QUERY_METHODS: readonly string[] = [
  // TypeORM / MikroORM
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'find',
  'findBy',
  'findAndCount',
  'findByIds',
  'preload',
  'save',
  'create',
  'merge',
  // Sequelize
  'findByPk',
  'findAll',
  'findOrCreate',
  'findCreateFind',
  'findOrBuild',
  'build',
  // Mongoose
  'findById',
  'findByIdAndUpdate',
  'findOneAndUpdate',
  'findByIdAndDelete',
  'findOneAndDelete',
  'hydrate',
  // Prisma
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'update',
  'upsert',
  'delete',
];

/**
 * Query options that restrict the returned columns to a list (TypeORM/Prisma `select`, Sequelize
 * `attributes`, MikroORM `fields`, Mongoose `projection`), and chain methods that do the same (Mongoose
 * `.select('id email')`, Knex-style `.select(...)`): a result read with them is not a whole entity.
 */
export const PROJECTION_OPTIONS: readonly string[] = ['select', 'attributes', 'fields', 'projection', 'omit'];
export const PROJECTION_METHODS: readonly string[] = ['select'];
/**
 * Methods of a loaded entity that return the same record (Sequelize `instance.update()` / `save()`, Mongoose
 * `doc.toObject()`, `toJSON()`, MikroORM `toPOJO()`): the result is still the whole entity.
 */
export const INSTANCE_SELF_METHODS: readonly string[] = ['save', 'update', 'toJSON', 'toObject', 'toPOJO'];
/**
 * Properties of a loaded entity that hold all of its fields (Mongoose `doc._doc`, Sequelize `instance.dataValues`):
 * reading one is still the whole entity.
 */
export const INSTANCE_SELF_PROPERTIES: readonly string[] = ['_doc', 'dataValues'];
/** Chain methods that pass the query result through unchanged (`Model.findById(id).lean().exec()`). */
export const PASS_THROUGH_METHODS: readonly string[] = ['exec', 'lean', 'orFail', 'populate', 'session', 'then'];

export const ormModels: readonly OrmModel[] = [
  {
    id: 'typeorm',
    name: 'TypeORM',
    packages: ['typeorm'],
    docs: 'https://typeorm.io/entities',
    entityDecorators: ['Entity', 'ViewEntity', 'ChildEntity'],
    entityBaseClasses: [['BaseEntity']],
    repositoryTypes: ['Repository', 'TreeRepository', 'MongoRepository'],
    repositoryMethods: ['getRepository', 'getTreeRepository', 'getMongoRepository', 'withRepository'],
  },
  {
    id: 'mikro-orm',
    name: 'MikroORM',
    packages: ['@mikro-orm/core', '@mikro-orm/decorators/legacy', '@mikro-orm/decorators/es', '@mikro-orm/postgresql', '@mikro-orm/mysql', '@mikro-orm/sqlite', '@mikro-orm/mongodb'],
    docs: 'https://mikro-orm.io/docs/defining-entities',
    entityDecorators: ['Entity'],
    entityBaseClasses: [['BaseEntity']],
    repositoryTypes: ['EntityRepository'],
    repositoryMethods: ['getRepository'],
  },
  {
    id: 'sequelize',
    name: 'Sequelize',
    packages: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    docs: 'https://sequelize.org/docs/v6/core-concepts/model-basics/',
    // sequelize-typescript `@Table class User extends Model`
    entityDecorators: ['Table'],
    entityBaseClasses: [['Model']],
    modelFactories: [{ path: ['Sequelize', 'new', 'define'], nameArg: 0, schemaArg: 1 }],
    repositoryTypes: ['ModelStatic', 'ModelCtor'],
    repositoryMethods: ['getRepository'],
  },
  {
    id: 'mongoose',
    name: 'Mongoose',
    packages: ['mongoose', '@nestjs/mongoose', '@typegoose/typegoose'],
    docs: 'https://mongoosejs.com/docs/models.html',
    // @nestjs/mongoose `@Schema() class User`, Typegoose `@modelOptions(...)`
    entityDecorators: ['Schema', 'modelOptions'],
    modelFactories: [
      { path: ['model'], nameArg: 0, schemaArg: 1 },
      { path: ['createConnection', '()', 'model'], nameArg: 0, schemaArg: 1 },
      { path: ['Connection', 'new', 'model'], nameArg: 0, schemaArg: 1 },
      // Typegoose `getModelForClass(User)`
      { path: ['getModelForClass'] },
    ],
    schemaConstructors: [['Schema']],
    repositoryTypes: ['Model'],
  },
  {
    id: 'knex',
    name: 'knex',
    packages: ['knex'],
    docs: 'https://knexjs.org/guide/schema-builder.html#createtable',
    tableBuilders: [
      ['schema', 'createTable'],
      ['schema', 'createTableIfNotExists'],
    ],
    selectLists: [['select'], ['column'], ['columns']],
  },
  {
    id: 'prisma',
    name: 'Prisma',
    packages: ['@prisma/client'],
    docs: 'https://www.prisma.io/docs/orm/prisma-client/queries/crud',
    clientInstances: [['PrismaClient', 'new']],
    namespaceExports: ['Prisma'],
  },
];

const byPackage = new Map<string, OrmModel>();
for (const model of ormModels) for (const specifier of model.packages) byPackage.set(specifier, model);

export function ormForPackage(specifier: string): OrmModel | undefined {
  return byPackage.get(specifier);
}

/** Every decorator name that marks an entity, for decorators whose import cannot be resolved. */
export const ENTITY_DECORATOR_NAMES: ReadonlySet<string> = new Set(ormModels.flatMap((model) => model.entityDecorators ?? []));
