import type { AccessPath, LibraryModel, OptionLocation } from './types.js';

/**
 * aws-jwt-verify (https://github.com/awslabs/aws-jwt-verify): verifies Amazon Cognito and other OIDC JWTs against the
 * issuer's JWKS. ESM and CommonJS, named exports.
 * - `CognitoJwtVerifier.create({ userPoolId, tokenUse, clientId, graceSeconds })` returns a verifier;
 *   `await verifier.verify(token, props?)` / `verifier.verifySync(token, props?)` check it. The issuer is derived from
 *   `userPoolId` and always checked; `clientId` (the audience: `aud` of ID tokens, `client_id` of access tokens) is
 *   required but may be `null`, which turns the check off: a token issued to ANY app client of the pool is accepted.
 *   Properties given to `verify` override the ones given to `create`.
 * - `JwtRsaVerifier.create({ issuer, audience, jwksUri })`: any OIDC issuer; `issuer` and `audience` may both be `null`.
 * - Keys come from the issuer's JWKS and algorithms from the JWK (RS256/RS384/RS512, ES*, EdDSA): no key or algorithm option.
 * - `exp` is always enforced; `graceSeconds` (default 0) is the clock tolerance in seconds.
 * - `decomposeUnverifiedJwt(token)` (aws-jwt-verify/jwt) returns header and payload WITHOUT verification.
 * Docs: https://github.com/awslabs/aws-jwt-verify#readme
 */
const verifierMethods = (factory: string): AccessPath[] => [
  [factory, 'create', '()', 'verify'],
  [factory, 'create', '()', 'verifySync'],
  // the verifier itself (a factory operation without token): a verifier that is only exported is still checked
  [factory, 'create', '()'],
];
/** Set at `create(...)` or overridden at `verify(token, props)`. */
const property = (name: string, unit?: OptionLocation['unit']): OptionLocation => ({
  arg: 1,
  path: [name],
  unit,
  alternatives: [{ arg: 0, path: [name], fromFactory: true, unit }],
});

export const awsJwtVerify: LibraryModel = {
  id: 'aws-jwt-verify',
  packages: ['aws-jwt-verify', 'aws-jwt-verify/jwt', 'aws-jwt-verify/cognito-verifier', 'aws-jwt-verify/jwt-rsa'],
  defaultIsNamespace: false,
  docs: 'https://github.com/awslabs/aws-jwt-verify#readme',
  identityProvider: true,
  keySetFetches: [{ callee: [['JwtRsaVerifier', 'create']], urlArg: 0, urlPath: ['jwksUri'], returnsKeySet: false }],
  operations: [
    {
      kind: 'verify',
      api: 'CognitoJwtVerifier.verify',
      callee: verifierMethods('CognitoJwtVerifier'),
      form: { kind: 'factory' },
      tokenArg: 0,
      async: true,
      options: { audience: property('clientId'), clockTolerance: property('graceSeconds', 'seconds') },
      defaults: { ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://github.com/awslabs/aws-jwt-verify#verifying-jwts-from-amazon-cognito',
    },
    {
      kind: 'verify',
      api: 'JwtRsaVerifier.verify',
      callee: verifierMethods('JwtRsaVerifier'),
      form: { kind: 'factory' },
      tokenArg: 0,
      async: true,
      options: { audience: property('audience'), issuer: property('issuer'), clockTolerance: property('graceSeconds', 'seconds') },
      defaults: { ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://github.com/awslabs/aws-jwt-verify#verifying-jwts-from-any-oidc-compatible-idp',
    },
    {
      kind: 'decode',
      api: 'decomposeUnverifiedJwt',
      callee: [['decomposeUnverifiedJwt']],
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://github.com/awslabs/aws-jwt-verify#peeking-inside-unverified-jwts',
    },
  ],
};
