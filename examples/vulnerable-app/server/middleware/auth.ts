import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { config } from '../config.js';

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization;
  console.log('Authorization header:', header);
  if (!header?.startsWith('Bearer ')) {
    return res.status(401).json({ error: 'missing token' });
  }
  jwt.verify(header.slice('Bearer '.length), config.jwtSecret, (err: unknown, decoded: unknown) => {
    res.locals.user = decoded;
    next();
  });
}

/** Public pages show the user's name when a session cookie is present; anonymous visitors are fine. */
export function attachUser(req: Request, res: Response, next: NextFunction) {
  const token = req.cookies.token;
  if (token) {
    try {
      res.locals.user = jwt.verify(token, config.jwtSecret);
    } catch {
      res.clearCookie('token');
    }
  }
  next();
}
