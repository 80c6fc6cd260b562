import path from 'node:path';
import { ts } from 'ts-morph';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';
import { ormForPackage } from '../models/orm.js';
import type { RecordMember, RecordType } from './entities.js';

/**
 * Tables a project module defines with a query-builder schema call (src/models/orm.ts `tableBuilders`, knex
 * `db.schema.createTable('users', (table) => { table.string('password') })`): such a module's query functions
 * (`users.find(filter)`) return rows of that table, records with its columns.
 */

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((step, i) => step === b[i]);

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
    const stack: ts.Node[] = sourceFile ? [sourceFile] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text.startsWith('createTable') && this.isTableBuilder(node)) builders.push(node);
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
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
    const record: RecordType = { name: tableName, node: builder, members, entity: `a row of the \`${tableName}\` table` };
    this.tables.set(fileName, record);
    return record;
  }

  private isTableBuilder(call: ts.CallExpression): boolean {
    const value = this.resolver.resolve(call.expression);
    if (value.kind !== 'library') return false;
    const builders = ormForPackage(value.module)?.tableBuilders ?? [];
    return builders.some((suffix) => suffix.length <= value.path.length && samePath(value.path.slice(value.path.length - suffix.length), suffix));
  }
}
