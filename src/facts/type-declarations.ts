import { ts } from 'ts-morph';
import { fileScope } from '../binding/scope.js';

/** The declarations a record type is read from, and their members: what sensitive-claims looks for in a payload. */

export interface RecordMember {
  name: string;
  node: ts.Node;
}

export type TypeDeclaration = ts.ClassLikeDeclaration | ts.InterfaceDeclaration | ts.TypeLiteralNode;

/** An interface, type literal alias or class declared at the top level of a file, by name. */
export function localTypeDeclaration(sourceFile: ts.SourceFile, name: string): TypeDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) return statement;
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name && ts.isTypeLiteralNode(statement.type)) return statement.type;
  }
  const scope = fileScope(sourceFile).get(name);
  return scope?.kind === 'class' ? scope.node : undefined;
}

/** The properties of a declaration, including constructor parameter properties (`constructor(private email)`). */
export function membersOf(type: TypeDeclaration): RecordMember[] {
  const members: RecordMember[] = [];
  for (const member of type.members) {
    if ((ts.isPropertyDeclaration(member) || ts.isPropertySignature(member)) && member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
      members.push({ name: member.name.text, node: member });
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if ((ts.getModifiers(parameter)?.length ?? 0) > 0 && ts.isIdentifier(parameter.name)) members.push({ name: parameter.name.text, node: parameter });
      }
    }
  }
  return members;
}
