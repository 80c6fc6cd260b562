import { ts } from 'ts-morph';
import { stripWrappers, type Value } from './values.js';

/**
 * A method of a project class (an arrow or function in a property initialiser counts), by instance or static
 * side, or the value of a static readonly constant; base classes declared in the project are searched too.
 * `resolve` gives the value of an expression (a base class, a constant's initialiser).
 */
export function classMember(declaration: ts.ClassLikeDeclaration, name: string, isStatic: boolean, resolve: (expression: ts.Expression) => Value, depth = 0): Value | undefined {
  for (const member of declaration.members) {
    if (!member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) || member.name.text !== name) continue;
    const memberIsStatic = (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) ?? false;
    if (memberIsStatic !== isStatic) continue;
    if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) return { kind: 'function', node: member };
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const initializer = stripWrappers(member.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return { kind: 'function', node: initializer };
      // `static readonly HEADER = 'authorization'`: a class constant
      const readonly = ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
      if (isStatic && readonly) return resolve(member.initializer);
    }
    return undefined;
  }
  // a base class of the project, in this module or imported
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || depth > 4) return undefined;
  const baseValue = resolve(base);
  return baseValue.kind === 'class' ? classMember(baseValue.node, name, isStatic, resolve, depth + 1) : undefined;
}
