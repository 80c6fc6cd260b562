import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { keyImportAt, modelForPackage, normalizePath } from '../models/index.js';
import { BYTES, NODE_CRYPTO, NUMERIC_CONVERSIONS, nodeCryptoFunction } from '../models/runtime.js';
import type { KeyKind } from '../models/types.js';
import { stripWrappers, type Value } from './values.js';

/**
 * Values made by the runtime and by modeled key imports, for the value resolver (./values.ts): bytes
 * (`Buffer.from(text)`, `new TextEncoder().encode(text)`, an empty typed array) and key objects (node's
 * `createSecretKey(bytes)`, jose `importPKCS8(pem, alg)`). The names are data in src/models/runtime.ts and the
 * library models' `keyImports`.
 */

type Resolve = (expression: ts.Expression) => Value;

/** `new Uint8Array()`, `new Uint8Array(0)`, `new Uint8Array([])`, `new ArrayBuffer(0)` (the globals): no bytes. */
export function isEmptyTypedArray(node: ts.NewExpression): boolean {
  const callee = stripWrappers(node.expression);
  if (!ts.isIdentifier(callee) || !BYTES.arrays.has(callee.text) || findDeclaration(callee.text, callee)) return false;
  const args = node.arguments ?? [];
  if (args.length === 0) return true;
  if (args.length !== 1) return false;
  const only = stripWrappers(args[0]);
  if (ts.isNumericLiteral(only)) return Number(only.text) === 0;
  return ts.isArrayLiteralExpression(only) && only.elements.length === 0;
}

/** `process.env` (the global). */
export function isProcessEnv(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isIdentifier(node.expression) && node.expression.text === 'process';
}

/** `parseInt(process.env.TTL, 10)`, `Number(process.env.TTL)` (the globals): the environment value itself. */
export function convertedEnv(call: ts.CallExpression, resolve: Resolve): Value | undefined {
  const callee = stripWrappers(call.expression);
  const [first] = call.arguments;
  if (!ts.isIdentifier(callee) || !NUMERIC_CONVERSIONS.has(callee.text) || !first || ts.isSpreadElement(first) || findDeclaration(callee.text, callee)) return undefined;
  const value = resolve(first);
  return value.kind === 'env' ? { ...value, node: call } : undefined;
}

const isNewTextEncoder = (node: ts.Expression): boolean => ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === BYTES.textEncoder.global;

/**
 * What a call of `callee` with material makes: bytes (`Buffer.from`, `encoder.encode`) or, for node's
 * `createSecretKey`, a secret key; undefined for any other callee.
 */
export function bytesConstructorOf(callee: ts.Expression, resolve: Resolve): { keyKind?: KeyKind } | undefined {
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiver = stripWrappers(callee.expression);
    if (method === BYTES.buffer.from && ts.isIdentifier(receiver) && receiver.text === BYTES.buffer.global) return {};
    if (method === BYTES.textEncoder.encode && isNewTextEncoder(receiver)) return {};
    if (method === BYTES.textEncoder.encode && ts.isIdentifier(receiver) && resolve(receiver).kind === 'unknown') {
      // `const encoder = new TextEncoder()`: the resolver knows no value for the instance
      const declaration = findDeclaration(receiver.text, receiver);
      if (declaration?.kind === 'variable' && declaration.node.initializer && isNewTextEncoder(stripWrappers(declaration.node.initializer))) return {};
    }
  }
  const value = resolve(callee);
  const cryptoFunction = value.kind === 'library' ? nodeCryptoFunction(value.module, value.path) : undefined;
  if (cryptoFunction !== NODE_CRYPTO.secretKeyFunction) return undefined;
  return ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? { keyKind: 'secret' } : {};
}

/** A modeled key-import call (jose `importPKCS8(pem, alg)`) → bytes of its material, with the key kind. */
export function importedKey(node: ts.CallExpression, module: string, path: readonly string[], resolve: Resolve): Value | undefined {
  const library = modelForPackage(module);
  if (!library?.keyImports) return undefined;
  const model = keyImportAt(library, normalizePath(library, path));
  if (!model) return undefined;
  const material = node.arguments[model.materialArg];
  if (!material || ts.isSpreadElement(material)) return undefined;
  const source = resolve(material);
  const algorithmNode = model.algorithmArg === undefined ? undefined : node.arguments[model.algorithmArg];
  const algorithm = algorithmNode && !ts.isSpreadElement(algorithmNode) ? resolve(algorithmNode) : undefined;
  let keyKind: KeyKind | undefined;
  if (model.kind !== 'jwk') keyKind = model.kind;
  else if (source.kind === 'object') {
    const kty = source.props.get('kty')?.value;
    if (source.props.has('d')) keyKind = 'private';
    else if (kty?.kind === 'string') keyKind = kty.value === 'oct' ? 'secret' : 'public';
  }
  return { kind: 'bytes', node, source, ...(keyKind ? { keyKind } : {}), ...(algorithm ? { algorithm } : {}) };
}
