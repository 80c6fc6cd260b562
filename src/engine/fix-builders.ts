/**
 * Text edits rules attach to findings (fixes as data, like ESLint's fixer): offsets are in the source file of
 * the finding's primary location. Only mechanical edits whose result is known to parse: a rule offers no fix
 * where none is safe.
 */
import { ts } from 'ts-morph';

export interface TextEdit {
  /** Offsets in the file's text (UTF-16 code units, as the parser counts). */
  start: number;
  end: number;
  text: string;
}

export interface RuleFix {
  /** Imperative, shown in editors and SARIF: "Remove `ignoreExpiration: true`". */
  description: string;
  edits: TextEdit[];
}

export function replaceNode(node: ts.Node, text: string): TextEdit {
  return { start: node.getStart(), end: node.getEnd(), text };
}

/**
 * Removes one element of a comma-separated list (an object literal property, an array element, an argument)
 * with the comma that separates it from its neighbour, so the rest of the list stays as written.
 */
export function removeListElement(element: ts.Node): TextEdit | undefined {
  const list = listOf(element);
  if (list === undefined) return undefined;
  const index = list.indexOf(element);
  const text = element.getSourceFile().text;
  if (index < list.length - 1) {
    // Up to the start of the next element: the comma and the whitespace after it go too.
    return { start: element.getStart(), end: list[index + 1].getStart(), text: '' };
  }
  if (index > 0) {
    // The last one: from the end of the previous element (its comma goes), keeping a trailing comma if any.
    const end = list.hasTrailingComma ? text.indexOf(',', element.getEnd()) + 1 : element.getEnd();
    return { start: list[index - 1].getEnd(), end: list.hasTrailingComma ? end - 1 : end, text: '' };
  }
  // The only element: the list becomes empty (`{}`, `[]`, `()`), with whatever stood between the brackets.
  return { start: list.pos, end: list.end, text: '' };
}

function listOf(element: ts.Node): ts.NodeArray<ts.Node> | undefined {
  const parent = element.parent;
  if (ts.isObjectLiteralExpression(parent)) return parent.properties;
  if (ts.isArrayLiteralExpression(parent)) return parent.elements;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(element as ts.Expression)) return parent.arguments;
  return undefined;
}

/** Adds properties (source text such as `httpOnly: true`) at the end of an object literal. */
export function insertProperties(object: ts.ObjectLiteralExpression, properties: readonly string[]): TextEdit {
  const list = object.properties;
  if (list.length === 0) return replaceNode(object, `{ ${properties.join(', ')} }`);
  const last = list[list.length - 1];
  if (list.hasTrailingComma) {
    const comma = object.getSourceFile().text.indexOf(',', last.getEnd());
    return { start: comma + 1, end: comma + 1, text: ` ${properties.join(', ')},` };
  }
  return { start: last.getEnd(), end: last.getEnd(), text: `, ${properties.join(', ')}` };
}

/**
 * Adds an argument: after the given one (which must be the call's last argument), or as the only argument of a
 * call written without any (`request.jwtVerify()`).
 */
export function appendArgument(target: { after: ts.Expression } | { call: ts.CallExpression | ts.NewExpression }, text: string): TextEdit | undefined {
  if ('call' in target) {
    const args = target.call.arguments;
    return args !== undefined && args.length === 0 ? { start: args.pos, end: args.pos, text } : undefined;
  }
  const last = target.after;
  const call = last.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.arguments === undefined) return undefined;
  if (call.arguments[call.arguments.length - 1] !== last) return undefined;
  return { start: last.getEnd(), end: last.getEnd(), text: `, ${text}` };
}
