import bcrypt from 'bcryptjs';
import crypto from 'node:crypto';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { config } from '../config.js';
import { findUserByEmail, findUserById } from '../db.js';

export const authRouter = Router();

authRouter.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const user = await findUserByEmail(email);
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const accessToken = jwt.sign({ sub: user.id, role: user.role }, config.jwtSecret);
  const refreshToken = jwt.sign({ sub: user.id, typ: 'refresh' }, config.jwtSecret, { algorithm: 'HS256', expiresIn: '7d' });
  res.cookie('token', accessToken);
  res.cookie('refresh_token', refreshToken, { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth/refresh' });
  res.cookie('XSRF-TOKEN', crypto.randomBytes(16).toString('hex'), { sameSite: 'strict' });
  console.log(`login ok for user ${user.id}`);
  res.json({ accessToken });
});

authRouter.post('/refresh', async (req, res) => {
  try {
    // Expired refresh tokens are accepted "so that users are not logged out".
    const claims = jwt.verify(req.cookies.refresh_token, config.jwtSecret, { algorithms: ['HS256'], ignoreExpiration: true }) as jwt.JwtPayload;
    const user = await findUserById(String(claims.sub));
    if (!user) return res.sendStatus(401);
    const accessToken = jwt.sign({ sub: user.id, role: user.role }, config.jwtSecret, { algorithm: 'HS256', expiresIn: '15m' });
    res.json({ accessToken });
  } catch {
    res.sendStatus(401);
  }
});

/** Single sign-on: the identity provider redirects here; the app hands the session to the frontend. */
authRouter.get('/sso/callback', async (req, res) => {
  const user = await findUserByEmail(String(req.query.email));
  if (!user) return res.redirect(`${config.frontendUrl}/login?error=unknown_user`);
  const token = jwt.sign({ ...user }, config.jwtSecret, { algorithm: 'HS256', expiresIn: '1h' });
  res.redirect(`${config.frontendUrl}/auth/callback?token=${token}`);
});
