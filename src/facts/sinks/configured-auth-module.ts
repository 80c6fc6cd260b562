import { ts } from 'ts-morph';
import { CONFIGURED_AUTH_MODULES, type ConfiguredAuthModuleModel } from '../../models/stores.js';
import { stripWrappers, type PropertyValue, type Value, type ValueResolver } from '../../dataflow/values.js';
import type { TokenSink } from './types.js';

/**
 * Authentication modules configured in a framework's configuration file (src/models/stores.ts
 * CONFIGURED_AUTH_MODULES): each storage the module keeps its token in, and that the configuration does not turn
 * off, is a sink known to hold a token. Reported at the storage's option when written, else at the module's options.
 */
export function configuredAuthModuleSinks(sourceFile: ts.SourceFile, resolver: ValueResolver): TokenSink[] {
  const models = CONFIGURED_AUTH_MODULES.filter((model) => model.configFile.test(sourceFile.fileName));
  if (models.length === 0) return [];
  const config = configurationObject(sourceFile, resolver);
  if (config?.kind !== 'object') return [];
  return models.flatMap((model) => moduleSinks(model, config));
}

/** The exported configuration: `export default {...}`, `module.exports = {...}`, or either through `defineXConfig({...})`. */
function configurationObject(sourceFile: ts.SourceFile, resolver: ValueResolver): Value | undefined {
  for (const statement of sourceFile.statements) {
    let exported: ts.Expression | undefined;
    if (ts.isExportAssignment(statement)) exported = statement.expression;
    else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText() === 'module.exports'
    )
      exported = statement.expression.right;
    if (!exported) continue;
    let expression = stripWrappers(exported);
    // a config helper such as defineNuxtConfig returns its argument
    if (ts.isCallExpression(expression) && expression.arguments.length === 1 && !ts.isSpreadElement(expression.arguments[0])) expression = stripWrappers(expression.arguments[0]);
    return resolver.resolve(expression);
  }
  return undefined;
}

interface ModuleOptions {
  options: Value | undefined;
  /** The module's options (top-level key or `['name', options]` entry), or its entry in the module list. */
  at: ts.Node;
}

function listedModule(model: ConfiguredAuthModuleModel, config: Extract<Value, { kind: 'object' }>): ModuleOptions | undefined {
  const topLevel = config.props.get(model.optionsKey);
  for (const list of model.moduleLists) {
    const entries = config.props.get(list)?.value;
    if (entries?.kind !== 'array') continue;
    for (const entry of entries.elements) {
      if (entry.kind === 'string' && model.packages.includes(entry.value)) return { options: topLevel?.value, at: topLevel?.node ?? entry.node };
      const [name, options] = entry.kind === 'array' ? entry.elements : [];
      if (name?.kind === 'string' && model.packages.includes(name.value)) {
        return options?.kind === 'object' ? { options, at: entry.node } : { options: topLevel?.value, at: topLevel?.node ?? entry.node };
      }
    }
  }
  return undefined;
}

/** Names of the configured strategies that keep a token (a scheme that has one, and a token not turned off). */
function tokenStrategies(model: ConfiguredAuthModuleModel, options: Value): string[] {
  const strategies = options.kind === 'object' ? options.props.get(model.strategiesOption)?.value : undefined;
  if (strategies?.kind !== 'object') return [];
  const names: string[] = [];
  for (const [name, { value }] of strategies.props) {
    if (value.kind !== 'object') continue;
    const scheme = value.props.get('scheme')?.value;
    const schemeName = scheme === undefined ? name : scheme.kind === 'string' ? scheme.value : undefined;
    if (schemeName === undefined || model.tokenlessSchemes.includes(schemeName)) continue;
    const token = value.props.get('token')?.value;
    const required = token?.kind === 'object' ? token.props.get('required')?.value : undefined;
    if (token?.kind === 'boolean' && !token.value) continue;
    if (required?.kind === 'boolean' && !required.value) continue;
    names.push(name);
  }
  return names;
}

function moduleSinks(model: ConfiguredAuthModuleModel, config: Extract<Value, { kind: 'object' }>): TokenSink[] {
  const listed = listedModule(model, config);
  if (!listed?.options) return [];
  const options = listed.options;
  const strategies = tokenStrategies(model, options);
  if (strategies.length === 0 || options.kind !== 'object') return [];
  const sinks: TokenSink[] = [];
  for (const storage of model.storages) {
    const option: PropertyValue | undefined = options.props.get(storage.option);
    const value = option?.value;
    // turned off, or set to something that cannot be read: nothing to defend
    if (value && value.kind !== 'object' && !(value.kind === 'boolean' && value.value)) continue;
    const prefix = value?.kind === 'object' ? value.props.get('prefix')?.value : undefined;
    const key = `${prefix?.kind === 'string' ? prefix.value : storage.prefix}${model.tokenKeyInfix}${strategies[0]}`;
    const node = option?.node ?? listed.at;
    const same = sinks.find((sink) => sink.node === node);
    if (same) same.api = `${same.api.replace(` (${model.api})`, '')} and a ${storage.label} written from script (${model.api})`;
    else sinks.push({ kind: storage.kind, node, api: storage.kind === 'script-cookie' ? model.api : `${storage.label} (${model.api})`, values: [], key, tokenKept: true });
  }
  return sinks;
}
