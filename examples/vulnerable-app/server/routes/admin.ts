import { Router, type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';

export const adminRouter = Router();

function requireAdmin(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization?.split(' ')[1] ?? '';
  const claims = jwt.decode(token) as { role?: string } | null;
  if (claims?.role !== 'admin') {
    return res.status(403).json({ error: 'admins only' });
  }
  next();
}

adminRouter.delete('/users/:id', requireAdmin, (req, res) => {
  res.json({ deleted: req.params.id });
});
