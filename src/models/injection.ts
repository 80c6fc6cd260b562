/**
 * Dependency-injection functions that return an INSTANCE of the class they are given, as data: Angular
 * `private cookies = inject(CookieService)` is the same value as a constructor parameter `private cookies:
 * CookieService` (https://angular.dev/api/core/inject). The value resolver treats `fn(Class)` as `new Class()`.
 */
export const INSTANCE_FACTORIES: readonly { module: string; path: readonly string[]; classArg: number }[] = [{ module: '@angular/core', path: ['inject'], classArg: 0 }];

/**
 * Constructor injection by token (inversify and tsyringe `@inject(TYPES.Encoder)`, NestJS `@Inject(TOKEN)`): the
 * parameter is typed with an interface, whose one implementing class runs (src/dataflow/implementations.ts).
 */
export const TOKEN_INJECTION_TEXT = /@[Ii]nject\s*\(/;
