import { ts } from 'ts-morph';
import { KEYED_READ_METHODS, REDIRECT_METHODS, URL_HREF_MEMBER, URL_TEXT_MARKS, URL_VALUE_NAME } from '../../models/sinks.js';
import { LOCATION_GLOBAL } from '../../models/page-url.js';
import { stripWrappers } from '../../dataflow/values.js';
import { accessName } from '../../dataflow/access-chain.js';
import { PLACEHOLDER, partsText, type TextPart } from './text.js';

/** Where in a URL a value placed in a text lands: read from the text around it, before any use of the text. */

/** `?name=` / `&name=` / `#name=` right before a value. */
const QUERY_PARAMETER_BEFORE = /[?&#]([A-Za-z0-9_.\-[\]]+)=$/;

/** Does text end where a URL's query parameter value or fragment begins (or, `pathToo`, a path segment)? */
const endsAtUrlValue = (text: string, pathToo: boolean): boolean => text.endsWith('=') || text.endsWith('#') || (pathToo && text.endsWith('/'));

/**
 * Does the text of the first `count` pieces, read from the last one back, end in '=' or '#' (or '/')? Each piece's
 * parts are asked for only as far back as needed (an empty constant defers to the piece before it).
 */
export function endsBeforeUrlValue(count: number, partsAt: (piece: number) => TextPart[], pathToo: boolean): boolean {
  for (let i = count - 1; i >= 0; i -= 1) {
    const text = partsText(partsAt(i));
    if (text !== '') return endsAtUrlValue(text, pathToo);
  }
  return false;
}

/**
 * Does a text start as a URL: an absolute `http(s)://` one, or (when it starts with a value) a value named as a
 * URL (`${ROOT_URL}/...`, `baseUrl + '/'`)? A path segment is a URL's only then, or where the text is sent as one.
 */
export function startsAsUrl(head: string, firstValue?: ts.Expression): boolean {
  if (/^https?:\/\//i.test(head)) return true;
  if (head !== '' || !firstValue) return false;
  const name = nameOf(stripWrappers(firstValue));
  return name !== undefined && URL_VALUE_NAME.test(name);
}

/** Does a template name a query parameter right before one of its values (`&key=${v}`)? A cheap test before reading text. */
export const namesParameterBeforeValue = (t: ts.TemplateExpression): boolean =>
  [t.head, ...t.templateSpans.slice(0, -1).map((s) => s.literal)].some((p) => QUERY_PARAMETER_BEFORE.test(p.text));

/**
 * Where a value placed right after `before` lands in a URL, if it does; `values` are the value expressions in
 * `before`, in order (each a PLACEHOLDER there).
 */
export function urlPlace(before: string, values: readonly ts.Expression[], built: ts.Node): { name?: string; part: 'query' | 'fragment' | 'path' } | undefined {
  const match = QUERY_PARAMETER_BEFORE.exec(before);
  const fragment = before.includes('#');
  if (match) {
    if (!fragment && !before.includes('?')) return undefined;
    return { name: match[1], part: fragment ? 'fragment' : 'query' };
  }
  if (before.endsWith('#') && (readsAsUrl(before.slice(0, -1), values) || isNavigationTarget(built))) return { part: 'fragment' };
  // `${ROOT_URL}/auth/${jwt}`: a path segment, of a text that is a URL by its start or where it is sent; in a longer
  // text (an e-mail's `<a href="${ROOT_URL}/activate/${jwt}">`), of the URL that starts after the last delimiter
  if (!before.endsWith('/')) return undefined;
  const url = embeddedUrl(before, values);
  if (url.text.includes('#') || url.text.includes('?')) return undefined;
  if (startsAsUrl(url.text.startsWith(PLACEHOLDER) ? '' : url.text, url.firstValue) || (url.text === before && isNavigationTarget(built))) return { part: 'path' };
  return undefined;
}

/** Characters a URL written in a text or markup does not contain: its start is after the last of them. */
const URL_DELIMITER = /[\s"'<>()`]/;

/** The URL a text ends in (`Open <a href="${base}/x/` → `${base}/x/`), with the value it starts with, if it does. */
function embeddedUrl(before: string, values: readonly ts.Expression[]): { text: string; firstValue?: ts.Expression } {
  let start = before.length;
  while (start > 0 && !URL_DELIMITER.test(before[start - 1])) start -= 1;
  const text = before.slice(start);
  if (!text.startsWith(PLACEHOLDER)) return { text };
  let index = 0;
  for (let i = 0; i < start; i += 1) if (before[i] === PLACEHOLDER) index += 1;
  return { text, firstValue: values[index] };
}

/** Does a template's text hold a place where a URL may start after a delimiter (markup, a sentence)? A cheap test. */
export const mayEmbedUrl = (t: ts.TemplateExpression): boolean => [t.head, ...t.templateSpans.map((s) => s.literal)].some((p) => mayStartUrl(p.text));
export const mayStartUrl = (text: string): boolean => /https?:\/\/|[\s"'(=]$/.test(text);

/** Is the built text where the browser is sent: a redirect's argument (`res.redirect(...)`) or a location assigned? */
export function isNavigationTarget(built: ts.Node): boolean {
  let current = built;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isCallExpression(parent) && parent.arguments.some((argument) => argument === current)) {
    const callee = stripWrappers(parent.expression);
    return ts.isPropertyAccessExpression(callee) && REDIRECT_METHODS.has(callee.name.text);
  }
  if (!ts.isBinaryExpression(parent) || parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || parent.right !== current) return false;
  const target = stripWrappers(parent.left);
  const name = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : undefined;
  return name === URL_HREF_MEMBER || name === LOCATION_GLOBAL;
}

/** Text before a bare `#` that is a URL: URL characters in its literal text, or a value named as a URL. */
function readsAsUrl(text: string, values: readonly ts.Expression[]): boolean {
  if (URL_TEXT_MARKS.some((mark) => text.includes(mark))) return true;
  return values.some((value) => {
    const name = nameOf(stripWrappers(value));
    return name !== undefined && URL_VALUE_NAME.test(name);
  });
}

/** The name a value is read by: an identifier, or the last member of an access (`state.redirectTo`). */
function nameOf(node: ts.Expression): string | undefined {
  if (ts.isCallExpression(node)) {
    const callee = stripWrappers(node.expression);
    const key = node.arguments[0];
    const keyed = ts.isPropertyAccessExpression(callee) && KEYED_READ_METHODS.has(callee.name.text) && key !== undefined && ts.isStringLiteralLike(key);
    return keyed ? key.text.split(/[.:]/).pop() : nameOf(callee);
  }
  return accessName(node);
}
