import path from 'node:path';
import { ts } from 'ts-morph';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';
import { ormForPackage, ormModels } from '../models/orm.js';
import type { RecordType } from './entities.js';
import type { RecordMember } from './type-declarations.js';
import { samePath } from '../models/access-paths.js';

/**
 * Tables a project module defines with a query-builder schema call (src/models/orm.ts `tableBuilders`, knex
 * `db.schema.createTable('users', (table) => { table.string('password') })`): such a module's query functions
 * (`users.find(filter)`) return rows of that table, records with its columns.
 */

/** Method names of every ORM's table builders and select lists: a cheap test before resolving a callee. */
const QUERY_CALL_NAMES = {
  tableBuilders: new Set(ormModels.flatMap((model) => (model.tableBuilders ?? []).map((suffix) => suffix[suffix.length - 1]))),
  selectLists: new Set(ormModels.flatMap((model) => (model.selectLists ?? []).map((suffix) => suffix[suffix.length - 1]))),
};

export class QueryTables {
  private readonly tables = new Map<string, RecordType | null>();

  constructor(private readonly resolver: ValueResolver) {}

  /** The one table a project module defines with a query-builder schema call (src/models/orm.ts `tableBuilders`), as a record. */
  tableOfModule(fileName: string): RecordType | undefined {
    const known = this.tables.get(fileName);
    if (known !== undefined) return known ?? undefined;
    this.tables.set(fileName, null);
    const sourceFile = this.resolver.project.load(fileName)?.sourceFile;
    const builders: ts.CallExpression[] = [];
    const selects: ts.CallExpression[] = [];
    const stack: ts.Node[] = sourceFile ? [sourceFile] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        if (this.matches(node, 'tableBuilders')) builders.push(node);
        else if (node.arguments.length === 1 && this.matches(node, 'selectLists')) selects.push(node);
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    const lists = selects.filter((select) => this.resolver.resolve(select.arguments[0]).kind === 'array');
    if (builders.length === 0 && lists.length === 1) return this.remember(fileName, this.selectedColumns(fileName, lists[0]));
    const builder = builders.length === 1 ? builders[0] : undefined;
    const callback = builder?.arguments[1] ? stripWrappers(builder.arguments[1]) : undefined;
    if (!builder || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const table = callback.parameters[0]?.name;
    if (!table || !ts.isIdentifier(table)) return undefined;
    const members: RecordMember[] = [];
    const columns: ts.Node[] = [callback.body];
    while (columns.length > 0) {
      const node = columns.pop()!;
      const callee = ts.isCallExpression(node) ? stripWrappers(node.expression) : undefined;
      if (callee && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === table.text) {
        const column = (node as ts.CallExpression).arguments[0];
        if (column && ts.isStringLiteralLike(column)) members.push({ name: column.text, node: column });
      }
      node.forEachChild((child) => {
        columns.push(child);
      });
    }
    const name = builder.arguments[0] ? this.resolver.resolve(builder.arguments[0]) : undefined;
    const tableName = name?.kind === 'string' ? name.value : path.basename(fileName).replace(/\.[^.]+$/, '');
    return this.remember(fileName, { name: tableName, node: builder, members, entity: `a row of the \`${tableName}\` table` });
  }

  private remember(fileName: string, record: RecordType | undefined): RecordType | undefined {
    this.tables.set(fileName, record ?? null);
    return record;
  }

  /** The columns a select list reads (`users.password` read as `password`): a record with those fields, not a whole entity. */
  private selectedColumns(fileName: string, select: ts.CallExpression): RecordType | undefined {
    const list = this.resolver.resolve(select.arguments[0]);
    if (list.kind !== 'array') return undefined;
    const members: RecordMember[] = [];
    for (const element of list.elements) {
      if (element.kind !== 'string') continue;
      const column = element.value
        .split(/\s+as\s+/i)
        .pop()!
        .split('.')
        .pop()!
        .trim();
      if (column) members.push({ name: column, node: element.node });
    }
    return members.length > 0 ? { name: path.basename(fileName).replace(/\.[^.]+$/, ''), node: select, members } : undefined;
  }

  /** Is this call a modeled query-builder call of the given kind (by the end of its access path)? */
  private matches(call: ts.CallExpression, kind: 'tableBuilders' | 'selectLists'): boolean {
    const name = (call.expression as ts.PropertyAccessExpression).name.text;
    if (!QUERY_CALL_NAMES[kind].has(name)) return false;
    const value = this.resolver.resolve(call.expression);
    if (value.kind !== 'library') return false;
    const paths = ormForPackage(value.module)?.[kind] ?? [];
    return paths.some((suffix) => suffix.length <= value.path.length && samePath(value.path.slice(value.path.length - suffix.length), suffix));
  }
}
