import type { KeyResolverModel, LibraryModel } from './types.js';

/**
 * jose v4+ (https://github.com/panva/jose). ESM with named exports only.
 * - `jwtVerify(jwt, key, options)` / `compactVerify(jws, key, options)` accept any algorithm that fits
 *   the key unless `algorithms` is given.
 * - `decodeJwt(jwt)` returns claims without verification; `decodeProtectedHeader(token)` the header only.
 * - `new SignJWT(payload).setProtectedHeader({ alg }).setExpirationTime('2h').sign(key)` signs;
 *   `new CompactSign(bytes).setProtectedHeader({ alg }).sign(key)` signs raw payloads.
 * - `new UnsecuredJWT(payload).encode()` issues an UNSIGNED token (alg 'none'); `UnsecuredJWT.decode(jwt)`
 *   reads one without any signature (reported as a decode).
 * - Keys: `importPKCS8(pem, alg)` (private), `importSPKI(pem, alg)` / `importX509(pem, alg)` (public),
 *   `importJWK(jwk, alg)` (depends on the JWK), `createSecretKey` is node's. `createRemoteJWKSet(url)` /
 *   `createLocalJWKSet(jwks)` return key-resolving functions (asymmetric keys from a key set).
 * - Claims: `exp` is always enforced (no option to turn it off); `clockTolerance` and `maxTokenAge` are
 *   seconds when numbers, and jose time spans ('5 minutes', '2h') when strings.
 *
 * jose 1.x / 2.x (CommonJS, still run by many services; https://github.com/panva/jose/tree/v2.x/docs) has a different
 * API, so the API used tells the versions apart (they share the package name; ≥ 3 has no `JWT`/`JWK`/`JWS` objects):
 * - `JWT.verify(token, keyOrStore, { algorithms, audience, issuer, subject, clockTolerance, maxTokenAge, ignoreExp,
 *   complete })` (synchronous; durations are time-span strings like '1 min'); without `algorithms` any algorithm the
 *   key supports is accepted. `ignoreExp: true` turns the expiry check off. `JWT.IdToken.verify`,
 *   `JWT.LogoutToken.verify`, `JWT.AccessToken.verify` are profiles that REQUIRE issuer and audience.
 * - `JWT.sign(payload, key, { algorithm, expiresIn, audience, issuer, subject })`, `JWT.decode(token, { complete })`.
 * - `JWS.sign(payload, key, protectedHeader)`, `JWS.verify(jws, key, { algorithms, complete })`, `JWS.decode`.
 * - `JWK.None` is the "no key" of unsecured JWS: `JWT.sign(payload, JWK.None)` issues alg 'none' tokens and
 *   `JWT.verify(token, JWK.None)` accepts them. `JWK.asKey(pem | jwk | secret)` imports a key; `JWKS.KeyStore` /
 *   `JWKS.asKeyStore(jwks)` are key sets picked from by `kid`.
 */
const legacyVerifyOptions = {
  algorithms: { arg: 2, path: ['algorithms'] },
  audience: { arg: 2, path: ['audience'] },
  issuer: { arg: 2, path: ['issuer'] },
  subject: { arg: 2, path: ['subject'] },
  ignoreExpiration: { arg: 2, path: ['ignoreExp'] },
  clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'timespan' },
  maxAge: { arg: 2, path: ['maxTokenAge'], unit: 'timespan' },
  complete: { arg: 2, path: ['complete'] },
} as const;
const NONE_KEY = [['JWK', 'None']];
/** `(protectedHeader, token) => key`: https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md */
const KEY_RESOLVER: KeyResolverModel = { headerParam: 0, headerPath: [], returnsKey: true };
export const jose: LibraryModel = {
  id: 'jose',
  packages: [
    'jose',
    'jose/jwt/verify',
    'jose/jwt/decode',
    'jose/jwt/sign',
    'jose/jwt/unsecured',
    'jose/jws/compact/verify',
    'jose/jws/compact/sign',
    'jose/key/import',
    'jose/util/decode_jwt',
    'jose/util/decode_protected_header',
  ],
  // jose ≥ 3 has no default export; 1.x/2.x is CommonJS, so a default import is its namespace
  defaultIsNamespace: true,
  docs: 'https://github.com/panva/jose/tree/main/docs',
  operations: [
    {
      kind: 'verify',
      api: 'jwtVerify',
      callee: [['jwtVerify']],
      tokenArg: 0,
      keyArg: 1,
      keyResolver: KEY_RESOLVER,
      // jose takes a Uint8Array only as a symmetric (HS*) secret; asymmetric keys are key objects or JWKs
      bytesKeyIsSecret: true,
      // https://github.com/panva/jose/blob/main/docs/jwt/verify/interfaces/JWTVerifyOptions.md#algorithms: without the
      // option, the algorithms the key's type supports (a JWK's `alg` when it has one)
      algorithmsFollowKeyType: true,
      async: true,
      defaults: { ignoreExpiration: false },
      options: {
        algorithms: { arg: 2, path: ['algorithms'] },
        clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'timespan' },
        maxAge: { arg: 2, path: ['maxTokenAge'], unit: 'timespan' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
        typ: { arg: 2, path: ['typ'] },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md',
    },
    {
      kind: 'verify',
      api: 'compactVerify',
      callee: [['compactVerify']],
      tokenArg: 0,
      keyArg: 1,
      keyResolver: KEY_RESOLVER,
      // jose takes a Uint8Array only as a symmetric (HS*) secret; asymmetric keys are key objects or JWKs
      bytesKeyIsSecret: true,
      // https://github.com/panva/jose/blob/main/docs/jwt/verify/interfaces/JWTVerifyOptions.md#algorithms: without the
      // option, the algorithms the key's type supports (a JWK's `alg` when it has one)
      algorithmsFollowKeyType: true,
      async: true,
      options: { algorithms: { arg: 2, path: ['algorithms'] } },
      docs: 'https://github.com/panva/jose/blob/main/docs/jws/compact/verify/functions/compactVerify.md',
    },
    {
      kind: 'decode',
      api: 'decodeJwt',
      callee: [['decodeJwt']],
      tokenArg: 0,
      docs: 'https://github.com/panva/jose/blob/main/docs/util/decode_jwt/functions/decodeJwt.md',
    },
    {
      kind: 'decode',
      api: 'decodeProtectedHeader',
      callee: [['decodeProtectedHeader']],
      tokenArg: 0,
      decodes: 'header',
      docs: 'https://github.com/panva/jose/blob/main/docs/util/decode_protected_header/functions/decodeProtectedHeader.md',
    },
    {
      kind: 'sign',
      api: 'SignJWT',
      callee: [['SignJWT']],
      form: { kind: 'builder', terminal: 'sign', keyArgOfTerminal: 0, payloadArgOfConstructor: 0 },
      async: true,
      options: {
        algorithm: { method: 'setProtectedHeader', path: ['alg'] },
        expiresIn: { method: 'setExpirationTime', unit: 'jose-time' },
        audience: { method: 'setAudience' },
        issuer: { method: 'setIssuer' },
        subject: { method: 'setSubject' },
        typ: { method: 'setProtectedHeader', path: ['typ'] },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/sign/classes/SignJWT.md',
    },
    {
      kind: 'sign',
      api: 'CompactSign',
      callee: [['CompactSign']],
      form: { kind: 'builder', terminal: 'sign', keyArgOfTerminal: 0, payloadArgOfConstructor: 0 },
      async: true,
      options: { algorithm: { method: 'setProtectedHeader', path: ['alg'] } },
      docs: 'https://github.com/panva/jose/blob/main/docs/jws/compact/sign/classes/CompactSign.md',
    },
    {
      kind: 'sign',
      api: 'UnsecuredJWT',
      callee: [['UnsecuredJWT']],
      unsigned: true,
      form: { kind: 'builder', terminal: 'encode', payloadArgOfConstructor: 0 },
      options: {
        expiresIn: { method: 'setExpirationTime', unit: 'jose-time' },
        audience: { method: 'setAudience' },
        issuer: { method: 'setIssuer' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/unsecured/classes/UnsecuredJWT.md',
    },
    {
      kind: 'decode',
      api: 'UnsecuredJWT.decode',
      callee: [['UnsecuredJWT', 'decode']],
      tokenArg: 0,
      verifiesSignature: false,
      // it accepts exactly the tokens whose header says alg 'none' (and checks the claims given as options)
      defaults: { algorithms: ['none'] },
      options: {
        audience: { arg: 1, path: ['audience'] },
        issuer: { arg: 1, path: ['issuer'] },
        subject: { arg: 1, path: ['subject'] },
        clockTolerance: { arg: 1, path: ['clockTolerance'], unit: 'timespan' },
        maxAge: { arg: 1, path: ['maxTokenAge'], unit: 'timespan' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/unsecured/classes/UnsecuredJWT.md',
    },
    {
      kind: 'verify',
      api: 'JWT.verify',
      callee: [['JWT', 'verify']],
      tokenArg: 0,
      keyArg: 1,
      unsignedKeys: NONE_KEY,
      options: legacyVerifyOptions,
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwtverifytoken-keyorstore-options',
    },
    {
      kind: 'verify',
      api: 'JWT.IdToken.verify',
      callee: [
        ['JWT', 'IdToken', 'verify'],
        ['JWT', 'LogoutToken', 'verify'],
        ['JWT', 'AccessToken', 'verify'],
      ],
      tokenArg: 0,
      keyArg: 1,
      unsignedKeys: NONE_KEY,
      // the profiles throw without issuer and audience, so only the allowlist and expiry options are modeled
      options: {
        algorithms: legacyVerifyOptions.algorithms,
        ignoreExpiration: legacyVerifyOptions.ignoreExpiration,
        clockTolerance: legacyVerifyOptions.clockTolerance,
        maxAge: legacyVerifyOptions.maxAge,
      },
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#idtoken-verifytoken-keyorstore-options',
    },
    {
      kind: 'decode',
      api: 'JWT.decode',
      callee: [['JWT', 'decode']],
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'] } },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwtdecodetoken-options',
    },
    {
      kind: 'sign',
      api: 'JWT.sign',
      callee: [['JWT', 'sign']],
      payloadArg: 0,
      keyArg: 1,
      unsignedKeys: NONE_KEY,
      options: {
        algorithm: { arg: 2, path: ['algorithm'] },
        expiresIn: { arg: 2, path: ['expiresIn'], unit: 'timespan' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwtsignpayload-key-options',
    },
    {
      kind: 'verify',
      api: 'JWS.verify',
      callee: [['JWS', 'verify']],
      tokenArg: 0,
      keyArg: 1,
      unsignedKeys: NONE_KEY,
      options: { algorithms: { arg: 2, path: ['algorithms'] }, complete: { arg: 2, path: ['complete'] } },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwsverifyjws-keyorstore-options',
    },
    {
      kind: 'decode',
      api: 'JWS.decode',
      callee: [['JWS', 'decode']],
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'] } },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwsdecodejws-options',
    },
    {
      kind: 'sign',
      api: 'JWS.sign',
      callee: [['JWS', 'sign']],
      payloadArg: 0,
      keyArg: 1,
      unsignedKeys: NONE_KEY,
      options: { algorithm: { arg: 2, path: ['alg'] } },
      docs: 'https://github.com/panva/jose/blob/v2.x/docs/README.md#jwssignpayload-key-protected',
    },
  ],
  keyImports: [
    // jose 1.x/2.x: a PEM, a JWK or a secret (string/Buffer) becomes a key object
    { callee: [['JWK', 'asKey']], materialArg: 0, kind: 'jwk' },
    { callee: [['importPKCS8']], materialArg: 0, kind: 'private', algorithmArg: 1 },
    { callee: [['importSPKI']], materialArg: 0, kind: 'public', algorithmArg: 1 },
    { callee: [['importX509']], materialArg: 0, kind: 'public', algorithmArg: 1 },
    { callee: [['importJWK']], materialArg: 0, kind: 'jwk', algorithmArg: 1 },
  ],
  // `jwtVerify(token, EmbeddedJWK)` verifies with the key the token carries in its own `jwk` header:
  // https://github.com/panva/jose/blob/main/docs/jwk/embedded/functions/EmbeddedJWK.md
  embeddedHeaderKeys: [{ path: ['EmbeddedJWK'], field: 'jwk' }],
  // https://github.com/panva/jose/blob/main/docs/jwks/remote/functions/createRemoteJWKSet.md
  keySetFetches: [{ callee: [['createRemoteJWKSet']], urlArg: 0, returnsKeySet: true }],
};
