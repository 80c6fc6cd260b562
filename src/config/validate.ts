/**
 * Validates a configuration against `jwtlint.schema.json` (ajv), the one description of its shape. The schema
 * is generic over rule ids and options, so at run time it is narrowed to the rules that exist: their ids and
 * the names and types of their options. Ajv's first error becomes a message naming the key and, where there is
 * a choice, the valid values.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { UsageError } from '../errors.js';
import type { RuleDescriptor, RuleOptionDescriptor } from '../report/types.js';

export type RuleSetting = 'off' | 'note' | 'warning' | 'error';

export interface RuleConfig {
  /** Undefined: the rule's default level. */
  level?: RuleSetting;
  options: Record<string, unknown>;
}

export interface JwtlintConfig {
  rules: Record<string, RuleConfig>;
  /** Gitignore-style patterns, relative to `baseDir`. */
  ignore: string[];
  includeTests?: boolean;
}

/** A configuration problem: exit 2, the message names the file and the key. */
export class ConfigError extends UsageError {
  constructor(file: string, key: string | undefined, problem: string) {
    super(`invalid configuration in ${file}${key === undefined ? '' : `: ${key}`}: ${problem}`);
  }
}

/** The parts of the schema that are narrowed to the rules (see jwtlint.schema.json). */
interface SchemaNode {
  type?: string;
  enum?: string[];
  $ref?: string;
  oneOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | false;
  propertyNames?: SchemaNode;
  [other: string]: unknown;
}

const baseSchema = JSON.parse(readFileSync(new URL('./jwtlint.schema.json', import.meta.url), 'utf8')) as SchemaNode & {
  properties: { rules: SchemaNode & { additionalProperties: SchemaNode } };
  definitions: Record<string, SchemaNode>;
};

const OPTION_SCHEMAS: Record<RuleOptionDescriptor['type'], SchemaNode> = {
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  string: { type: 'string' },
  'string[]': { type: 'array', items: { type: 'string' } },
};

/**
 * The schema with rule ids limited to these rules and each rule's `options` to its own options and their types.
 * The rule entry stays one shared schema; the per-rule part is only the options (an expanded copy of the entry
 * per rule took ajv several times longer to compile, on every run with a configuration file).
 */
function ruleSchema(rules: readonly RuleDescriptor[]): SchemaNode {
  const schema = structuredClone(baseSchema);
  const rulesNode: SchemaNode = schema.properties.rules;
  const optionsByRule: Record<string, SchemaNode> = {};
  for (const rule of rules) {
    const names = Object.keys(rule.options).sort();
    const options = { properties: Object.fromEntries(names.map((name) => [name, OPTION_SCHEMAS[rule.options[name].type]])), additionalProperties: false as const };
    optionsByRule[rule.id] = { properties: { options } };
  }
  rulesNode.propertyNames = { enum: rules.map((rule) => rule.id).sort() };
  rulesNode.allOf = [{ properties: optionsByRule }];
  return schema;
}

/**
 * Ajv is loaded on first use: most scans have no configuration file, and loading it takes longer than the rest
 * of the validation. The schema itself is checked against the JSON Schema meta-schema by test/config.test.ts, not
 * on every run; the per-rule parts carry no `type` (they apply to the object form of an entry only).
 */
function compile(schema: SchemaNode): ValidateFunction {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv({ allErrors: false, verbose: true, strictTypes: false, validateSchema: false }).compile(schema);
}

const validators = new WeakMap<readonly RuleDescriptor[], ValidateFunction>();

function validatorFor(rules: readonly RuleDescriptor[]): ValidateFunction {
  let validate = validators.get(rules);
  if (validate === undefined) {
    validate = compile(ruleSchema(rules));
    validators.set(rules, validate);
  }
  return validate;
}

/**
 * Validates a raw configuration object against the rules that exist. `display` is how the file is named in
 * messages; `keyPrefix` is prepended to keys (e.g. `jwtlint.` for package.json).
 */
export function validateConfig(raw: unknown, rules: readonly RuleDescriptor[], display: string, keyPrefix = ''): JwtlintConfig {
  const validate = validatorFor(rules);
  if (!validate(raw)) {
    const { path, problem } = explain(validate.errors ?? []);
    const key = path.length === 0 ? keyPrefix.replace(/\.$/, '') || '(top level)' : `${keyPrefix}${formatKey(path)}`;
    throw new ConfigError(display, key, problem);
  }
  const valid = raw as { rules?: Record<string, RuleSetting | { level?: RuleSetting; options?: Record<string, unknown> }>; ignore?: string[]; includeTests?: boolean };
  const config: JwtlintConfig = { rules: {}, ignore: valid.ignore ?? [] };
  if (valid.includeTests !== undefined) config.includeTests = valid.includeTests;
  for (const [id, value] of Object.entries(valid.rules ?? {})) {
    config.rules[id] = typeof value === 'string' ? { level: value, options: {} } : { ...(value.level === undefined ? {} : { level: value.level }), options: { ...value.options } };
  }
  return config;
}

/** `rules.x.options.y`, `ignore[2]` */
function formatKey(path: readonly string[]): string {
  return path.map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

function pathOf(error: ErrorObject): string[] {
  if (error.instancePath === '') return [];
  return error.instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The problem ajv found, as a path and a sentence. A rule entry is a level or an object (`oneOf`): the form whose
 * type the value has explains the problem (validated on its own, as ajv reports every form's errors); when the
 * value has neither type, both forms are named.
 */
function explain(errors: readonly ErrorObject[], base: readonly string[] = []): { path: string[]; problem: string } {
  const choice = errors.find((error) => error.keyword === 'oneOf');
  if (choice === undefined) return describe(errors[0], base);
  const forms = choice.schema as SchemaNode[];
  const form = forms.find((candidate) => resolve(candidate).type === jsonType(choice.data));
  if (form === undefined) return { path: [...base, ...pathOf(choice)], problem: `expected ${forms.map(describeForm).join(' or ')}, got ${kind(choice.data)}` };
  const validate = compile({ ...form, definitions: baseSchema.definitions });
  validate(choice.data);
  return explain(validate.errors ?? [], [...base, ...pathOf(choice)]);
}

function resolve(form: SchemaNode): SchemaNode {
  const name = form.$ref?.split('/').pop();
  return name === undefined ? form : baseSchema.definitions[name];
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function describe(error: ErrorObject, base: readonly string[]): { path: string[]; problem: string } {
  const path = [...base, ...pathOf(error)];
  const params = error.params as Record<string, unknown>;
  // an unknown rule id fails `propertyNames` (the ids), an unknown key `additionalProperties`
  if (error.propertyName !== undefined) return unknownName(path, error.propertyName, (params.allowedValues as string[] | undefined) ?? []);
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownName(path, String(params.additionalProperty), Object.keys(error.parentSchema?.properties ?? {}));
    case 'enum': {
      const definition = /^#\/definitions\/([^/]+)\//.exec(error.schemaPath)?.[1] ?? 'value';
      return { path, problem: `invalid ${definition} ${quote(error.data)}; valid: ${(params.allowedValues as unknown[]).join(', ')}` };
    }
    case 'type':
      return { path, problem: `expected ${describeType(error.parentSchema as SchemaNode)}, got ${kind(error.data)}` };
    case 'minLength':
    case 'pattern':
      return { path, problem: `expected a non-blank string, got ${kind(error.data)}` };
    default:
      return { path, problem: `${error.message ?? 'invalid'}, got ${kind(error.data)}` };
  }
}

/** `name`, found in the object at `path`, is none of `valid`. */
function unknownName(path: readonly string[], name: string, valid: readonly string[]): { path: string[]; problem: string } {
  const container = path[path.length - 1];
  const noun = container === 'rules' ? 'rule id' : container === 'options' ? 'option' : 'key';
  const choices = valid.length > 0 ? `valid: ${valid.join(', ')}` : noun === 'option' ? `rule ${path[path.length - 2]} has no options` : 'none are allowed';
  return { path: [...path, name], problem: `unknown ${noun} ${quote(name)}; ${choices}` };
}

function describeType(schema: SchemaNode): string {
  switch (schema.type) {
    case 'boolean':
      return 'true or false';
    case 'array':
      return schema.items?.type === 'string' ? 'an array of strings' : 'an array';
    case 'object':
      return 'an object';
    default:
      return `a ${String(schema.type)}`;
  }
}

/** One form of a choice: `a level (off, note, warning, error)`, `an object { "level", "options" }`. */
function describeForm(form: SchemaNode): string {
  const resolved = resolve(form);
  if (resolved.enum) return `a ${form.$ref?.split('/').pop() ?? 'value'} (${resolved.enum.join(', ')})`;
  if (resolved.type === 'object' && resolved.properties) return `an object { ${Object.keys(resolved.properties).map(quote).join(', ')} }`;
  return describeType(resolved);
}

function quote(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quote(value)}`;
}
