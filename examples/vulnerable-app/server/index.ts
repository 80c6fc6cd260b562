import cookieParser from 'cookie-parser';
import express from 'express';
import { config } from './config.js';
import { attachUser, requireAuth } from './middleware/auth.js';
import { adminRouter } from './routes/admin.js';
import { authRouter } from './routes/auth.js';
import { partnerRouter } from './routes/partner.js';

const app = express();
app.use(express.json());
app.use(cookieParser());
app.use(attachUser);

app.use('/auth', authRouter);
app.use('/admin', adminRouter);
app.use('/partner', partnerRouter);

app.get('/me', requireAuth, (req, res) => {
  res.json({ user: res.locals.user });
});

app.listen(config.port, () => {
  console.log(`API listening on http://localhost:${config.port}`);
});
