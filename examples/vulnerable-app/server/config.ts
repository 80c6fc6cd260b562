export const config = {
  port: Number(process.env.PORT ?? 3000),
  // Falls back to a well-known value when the variable is missing in production.
  jwtSecret: process.env.JWT_SECRET || 'dev-secret-change-me',
  frontendUrl: process.env.FRONTEND_URL ?? 'http://localhost:5173',
  partnerIssuer: 'https://partner.example.com',
};
