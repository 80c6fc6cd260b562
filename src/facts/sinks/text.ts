import { ts } from 'ts-morph';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { yieldsNoText } from '../../parsing/operators.js';

/**
 * Strings built from literal text and values (templates, concatenations): URLs and Set-Cookie headers are read
 * through their parts, the constant ones resolved and the others kept as expressions.
 */

/** A piece of a built string: literal (or constant) text, or a value expression. */
export interface TextPart {
  text?: string;
  expression?: ts.Expression;
}

/** Stands for a value expression in the text of parts. */
export const PLACEHOLDER = '\u0000';

/** The text of parts, each value expression as one PLACEHOLDER. */
export function partsText(parts: TextPart[]): string {
  return parts.map((part) => (part.expression ? PLACEHOLDER : (part.text ?? ''))).join('');
}

/** Literal text and value expressions of a string built by a template or concatenation; undefined when it is not one. */
export function textParts(resolver: ValueResolver, expression: ts.Expression, depth = 0): TextPart[] | undefined {
  const node = stripWrappers(expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text }];
  if (ts.isTemplateExpression(node)) {
    const parts: TextPart[] = [{ text: node.head.text }];
    for (const span of node.templateSpans) {
      const resolved = yieldsNoText(stripWrappers(span.expression)) ? undefined : resolver.resolve(span.expression);
      parts.push(resolved?.kind === 'string' ? { text: resolved.value } : { expression: span.expression });
      parts.push({ text: span.literal.text });
    }
    return parts;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && depth < 20) {
    const left = textParts(resolver, node.left, depth + 1) ?? [{ expression: node.left }];
    const right = textParts(resolver, node.right, depth + 1) ?? [{ expression: node.right }];
    return [...left, ...right];
  }
  if (yieldsNoText(node)) return undefined;
  const resolved = resolver.resolve(node);
  if (resolved.kind === 'string') return [{ text: resolved.value }];
  return undefined;
}
