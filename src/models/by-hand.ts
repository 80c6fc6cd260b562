import type { LibraryModel, OperationModel } from './types.js';

/**
 * Decoding a JWT without a library: `JSON.parse(base64decode(token.split('.')[1]))`. The facts layer
 * recognises the shape; this model names it and lists the base64 decoders it accepts.
 */
export const BASE64_DECODER_FUNCTIONS: ReadonlySet<string> = new Set(['atob', 'base64UrlDecode', 'base64urlDecode', 'b64decode', 'decodeBase64', 'base64Decode']);
/** `X.decode(s)` where X is one of these. */
export const BASE64_DECODER_OBJECTS: ReadonlySet<string> = new Set(['base64url', 'Base64', 'base64', 'b64']);
export const BASE64_ENCODINGS: ReadonlySet<string> = new Set(['base64', 'base64url']);

const decodePayload: OperationModel = { kind: 'decode', api: 'JSON.parse of the base64-decoded payload', callee: [], tokenArg: 0, decodes: 'payload' };
const decodeHeader: OperationModel = { kind: 'decode', api: 'JSON.parse of the base64-decoded header', callee: [], tokenArg: 0, decodes: 'header' };

export const byHand: LibraryModel = {
  id: 'by-hand',
  packages: [],
  defaultIsNamespace: false,
  docs: 'https://datatracker.ietf.org/doc/html/rfc7519#section-7.2',
  operations: [decodePayload, decodeHeader],
};

export const BY_HAND_DECODE = { payload: decodePayload, header: decodeHeader } as const;

/** The call that completes a decode by hand: `JSON.parse(...)` (object and method name). */
export const BY_HAND_PARSE_CALL = { object: 'JSON', method: 'parse' } as const;
