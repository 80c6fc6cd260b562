import { PROOF_OF_POSSESSION_TYPES } from '../models/token-claims.js';
import type { JwtOperation } from './operations.js';

/**
 * Does a verification accept only proof-of-possession tokens (`jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' })`)?
 * The library rejects any other `typ`, so what it checks is a proof signed by the key it carries, by design.
 */
export function verifiesProofOfPossession(operation: JwtOperation): boolean {
  const typ = operation.option('typ');
  return typ.state === 'present' && typ.value.kind === 'string' && PROOF_OF_POSSESSION_TYPES.has(typ.value.value.toLowerCase());
}
