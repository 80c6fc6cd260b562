import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { config } from '../config.js';

// Tokens issued by a partner's identity provider: verified against its published keys, with the
// algorithm, issuer and audience pinned. This is the pattern the rest of the app should follow.
const partnerKeys = createRemoteJWKSet(new URL(`${config.partnerIssuer}/.well-known/jwks.json`));

export async function verifyPartnerToken(token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, partnerKeys, {
    algorithms: ['RS256'],
    issuer: config.partnerIssuer,
    audience: 'vulnerable-app',
  });
  return payload;
}
