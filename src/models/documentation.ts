/**
 * Where a literal documents a schema rather than being used: Joi `.example(v)` / `.examples(...)`, OpenAPI and
 * Swagger `example:` / `examples:` properties (NestJS `@ApiProperty({ example })`, zod-openapi `.openapi({ example })`).
 * A sample token there that has already expired is the documentation the hardcoded-token rule asks for.
 */
export const DOCUMENTATION_EXAMPLE_NAMES: ReadonlySet<string> = new Set(['example', 'examples']);
