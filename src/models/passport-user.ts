/**
 * The user passport puts on the request, as data: an authentication strategy hands passport a user value, and every
 * handler of a route guarded by that strategy reads it back as `req.user` (https://www.passportjs.org/concepts/authentication/strategies/,
 * https://docs.nestjs.com/recipes/passport). Token provenance follows `req.user.x` in such a handler to the strategy's
 * user (src/facts/passport-users.ts), so a token a strategy signs and hands over is a token when the handler uses it.
 *
 * - `strategyClasses`: NestJS `class S extends PassportStrategy(Strategy, 'name')`; its `validate` method's return value
 *   is the user, and so is the user argument of the `done` callback passport appends as its last parameter;
 * - `registrations`: Express `passport.use(['name',] new Strategy([options,] verify))`; the verify function's last
 *   parameter is `done`, called `done(null, user)`;
 * - `routeGuards`: what names the strategy a route runs: @nestjs/passport `AuthGuard('name')` (in `@UseGuards()` or
 *   as a guard class's base), passport's `passport.authenticate('name', ...)` as a route middleware;
 * - `defaultNames`: the name a strategy package registers under when none is given.
 */
export const PASSPORT_USER = {
  requestMember: 'user',
  strategyClasses: [{ module: '@nestjs/passport', path: ['PassportStrategy'], baseArg: 0, nameArg: 1 }],
  userMethod: 'validate',
  registrations: [{ module: 'passport', path: ['use'] }],
  routeGuards: [
    { module: '@nestjs/passport', path: ['AuthGuard'], nameArg: 0 },
    { module: 'passport', path: ['authenticate'], nameArg: 0 },
  ],
  /** `done(error, user)`: the user argument. */
  doneUserArg: 1,
  defaultNames: new Map([
    ['passport-jwt', 'jwt'],
    ['passport-local', 'local'],
    ['passport-http-bearer', 'bearer'],
    ['passport-github', 'github'],
    ['passport-github2', 'github'],
    ['passport-google-oauth20', 'google'],
    ['passport-google-oauth2', 'google'],
    ['passport-facebook', 'facebook'],
    ['passport-twitter', 'twitter'],
    ['passport-oauth2', 'oauth2'],
    ['passport-microsoft', 'microsoft'],
    ['passport-discord', 'discord'],
    ['passport-apple', 'apple'],
    ['passport-magic-login', 'magiclogin'],
    ['passport-headerapikey', 'headerapikey'],
  ]) as ReadonlyMap<string, string>,
} as const;
