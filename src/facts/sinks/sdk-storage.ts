import { ts } from 'ts-morph';
import { SDK_STORAGE_OPTIONS, type SdkStorageOptionModel } from '../../models/stores.js';
import { stripWrappers, type PropertyValue, type ValueResolver } from '../../dataflow/values.js';
import { propertyAtPath } from '../../dataflow/object-literals.js';
import { withoutDefault } from './common.js';
import type { TokenSink } from './types.js';

/**
 * An identity-provider SDK told to keep its tokens in web storage (src/models/stores.ts SDK_STORAGE_OPTIONS):
 * `createAuth0Client({ cacheLocation: 'localstorage' })`, `<Auth0Provider cacheLocation="localstorage">`,
 * `new PublicClientApplication({ cache: { cacheLocation: BrowserCacheLocation.LocalStorage } })`. Reported at the
 * option as a web-storage sink that holds tokens.
 */
export function sdkStorageSinks(node: ts.Node, resolver: ValueResolver): TokenSink[] {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return callSinks(node, resolver);
  if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) return jsxSinks(node, resolver);
  return [];
}

function modelsOf(callee: ts.Expression, form: SdkStorageOptionModel['form'], resolver: ValueResolver): SdkStorageOptionModel[] {
  const value = resolver.resolve(callee);
  if (value.kind !== 'library') return [];
  const path = withoutDefault(value.path);
  return SDK_STORAGE_OPTIONS.filter((model) => model.form === form && model.modules.includes(value.module) && path.length === 1 && path[0] === model.name);
}

function callSinks(node: ts.CallExpression | ts.NewExpression, resolver: ValueResolver): TokenSink[] {
  const callee = stripWrappers(node.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return [];
  return modelsOf(callee, ts.isNewExpression(node) ? 'new' : 'call', resolver).flatMap((model) => {
    const options = node.arguments?.[model.optionsArg];
    if (!options || ts.isSpreadElement(options)) return [];
    const option = propertyAtPath(resolver.resolve(options), model.option);
    return option ? sinkAt(model, option) : [];
  });
}

function jsxSinks(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement, resolver: ValueResolver): TokenSink[] {
  if (!ts.isIdentifier(node.tagName) && !ts.isPropertyAccessExpression(node.tagName)) return [];
  return modelsOf(node.tagName, 'jsx', resolver).flatMap((model) => {
    const [attributeName, ...inner] = model.option;
    for (const attribute of node.attributes.properties) {
      // `<Auth0Provider {...providerConfig}>`: the option inside the spread object
      if (ts.isJsxSpreadAttribute(attribute)) {
        const spread = propertyAtPath(resolver.resolve(attribute.expression), model.option);
        if (spread) return sinkAt(model, spread);
        continue;
      }
      if (!ts.isJsxAttribute(attribute) || attribute.name.getText() !== attributeName || !attribute.initializer) continue;
      const initializer = attribute.initializer;
      const expression = ts.isJsxExpression(initializer) ? initializer.expression : initializer;
      if (!expression) return [];
      const value = resolver.resolve(expression);
      const option = inner.length === 0 ? { value, node: attribute } : propertyAtPath(value, inner);
      return option ? sinkAt(model, option) : [];
    }
    return [];
  });
}

function sinkAt(model: SdkStorageOptionModel, option: PropertyValue): TokenSink[] {
  const value = option.value;
  // `'localstorage'`, or an enum member named so (`BrowserCacheLocation.LocalStorage`)
  const written = value.kind === 'string' ? value.value : value.kind === 'library' ? value.path[value.path.length - 1] : undefined;
  const storage = written === undefined ? undefined : model.values[written.toLowerCase()];
  if (!storage) return [];
  return [{ kind: 'web-storage', node: option.node, api: `${storage}.setItem`, values: [], key: model.option.join('.'), tokenKept: true, keptBy: model.sdk }];
}
