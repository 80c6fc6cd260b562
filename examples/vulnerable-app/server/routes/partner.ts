import { Router } from 'express';
import { decodeProtectedHeader } from 'jose';
import { verifyPartnerToken } from '../services/partner-tokens.js';

export const partnerRouter = Router();

partnerRouter.post('/webhook', async (req, res) => {
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  // Only the header is decoded, to log which key signed it; the token is verified before use.
  const { kid } = decodeProtectedHeader(token);
  try {
    const claims = await verifyPartnerToken(token);
    console.log('partner event', { kid, partner: claims.sub, hasAuthorization: Boolean(req.headers.authorization) });
    res.sendStatus(204);
  } catch {
    res.sendStatus(401);
  }
});
