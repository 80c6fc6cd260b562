import { jose } from './jose.js';
import { jsonwebtoken } from './jsonwebtoken.js';
import { jwtDecode } from './jwt-decode.js';
import type { LibraryModel, OperationModel } from './types.js';

/** Every library model, sorted by id. Adding a library = adding it here. */
export const libraryModels: readonly LibraryModel[] = [jose, jsonwebtoken, jwtDecode];

export interface ModelMatch {
  library: LibraryModel;
  operation: OperationModel;
}

const byPackage = new Map<string, LibraryModel>();
for (const model of libraryModels) for (const specifier of model.packages) byPackage.set(specifier, model);

export function modelForPackage(specifier: string): LibraryModel | undefined {
  return byPackage.get(specifier);
}

/** Module specifiers of every modeled library (for the text prefilter). */
export function modeledPackages(): string[] {
  return [...byPackage.keys()];
}

/** The access path as the library defines it: for CommonJS libraries the default import is the namespace. */
export function normalizePath(library: LibraryModel, path: readonly string[]): string[] {
  if (library.defaultIsNamespace && path[0] === 'default') return path.slice(1);
  return [...path];
}

const pathKey = (path: readonly string[]): string => path.join('\u0000');

const operationIndex = new Map<LibraryModel, Map<string, OperationModel[]>>();
for (const model of libraryModels) {
  const index = new Map<string, OperationModel[]>();
  for (const operation of model.operations) {
    for (const callee of operation.callee) {
      const key = pathKey(callee);
      index.set(key, [...(index.get(key) ?? []), operation]);
    }
  }
  operationIndex.set(model, index);
}

/** Operations whose callee is the given access path (already normalized). */
export function operationsAt(library: LibraryModel, path: readonly string[]): OperationModel[] {
  return operationIndex.get(library)?.get(pathKey(path)) ?? [];
}
