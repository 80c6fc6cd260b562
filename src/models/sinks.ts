/**
 * Where a token must not go: browser storage and logging APIs, as data. The facts layer turns calls and
 * assignments matching these into token sinks; rules decide whether the value written is a token.
 */

/** Browser storage objects (also reached as `window.localStorage`, `globalThis.sessionStorage`). */
export const WEB_STORAGE_OBJECTS: ReadonlySet<string> = new Set(['localStorage', 'sessionStorage']);
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self']);
export const WEB_STORAGE_WRITE_METHOD = 'setItem';

/** Logging methods shared by console and the common loggers. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'dir', 'table', 'notice', 'critical', 'http',
]);

/** Logger packages: any value made from these modules (factory result, instance) is a logger. */
export const LOGGER_PACKAGES: ReadonlySet<string> = new Set([
  'pino', 'winston', 'bunyan', 'log4js', 'debug', 'signale', 'consola', 'loglevel', 'roarr', 'npmlog', 'tslog', 'pino-http', 'morgan',
]);

/** Logger classes of frameworks: module → exported class names. */
export const LOGGER_CLASSES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['@nestjs/common', new Set(['Logger', 'ConsoleLogger'])],
]);

/** Packages whose default export, once called, is itself a log function (`const log = debug('app'); log(x)`). */
export const CALLABLE_LOGGER_PACKAGES: ReadonlySet<string> = new Set(['debug']);

/** Conventional names of logger objects (injected loggers, `req.log` of pino-http / fastify). */
export const LOGGER_NAMES: ReadonlySet<string> = new Set(['logger', 'log', 'LOGGER', 'Logger', 'console']);
