import path from 'node:path';

/**
 * TypeScript's own lookup of a module at a path (`nodeLoadModuleByRelativeName` under `moduleResolution: bundler`,
 * TypeScript 6), for the cases that need no package.json: the file with the extensions TypeScript adds or swaps
 * in, else the folder's index file. The answers are TypeScript's, found with the same questions to the same
 * host (each a set lookup in a memoised folder listing), without its resolver's bookkeeping: that was most of
 * the cost of resolving a large tree's imports. A folder with a package.json (its `types`/`main`/`typesVersions`)
 * and `moduleSuffixes` are left to TypeScript: 'undecided'.
 */

/** A file, certainly nothing (TypeScript finds nothing either), or a case left to TypeScript itself. */
export type Lookup = { file: string } | 'none' | 'undecided';

export interface LookupHost {
  fileExists(file: string): boolean;
  directoryExists(folder: string): boolean;
}

/** TypeScript's `extensionsToRemove`: the extension it swaps (`./x.js` → `x.ts`), longest forms first. */
const REMOVABLE = ['.d.ts', '.d.mts', '.d.cts', '.mjs', '.mts', '.cjs', '.cts', '.ts', '.js', '.tsx', '.jsx', '.json'];

/** Does the path end in an extension TypeScript swaps (`tryGetExtensionFromPath`)? */
export const hasRemovableExtension = (file: string): boolean => REMOVABLE.some((extension) => file.endsWith(extension));

/** TypeScript's `tryAddingExtensions` with TypeScript, JavaScript and declaration files wanted (not JSON). */
function extensionsFor(original: string): readonly string[] {
  switch (original) {
    case '.mjs':
    case '.mts':
    case '.d.mts':
      return ['.mts', '.d.mts', '.mjs'];
    case '.cjs':
    case '.cts':
    case '.d.cts':
      return ['.cts', '.d.cts', '.cjs'];
    case '.json':
      return ['.d.json.ts'];
    case '.tsx':
    case '.jsx':
      return ['.tsx', '.ts', '.d.ts', '.jsx', '.js'];
    case '.ts':
    case '.d.ts':
    case '.js':
    case '':
      return ['.ts', '.tsx', '.d.ts', '.js', '.jsx'];
    default:
      return [`.d${original}.ts`]; // an arbitrary extension's declaration file (`x.css` → `x.d.css.ts`)
  }
}

function withExtensions(stem: string, original: string, host: LookupHost): string | undefined {
  for (const extension of extensionsFor(original)) if (host.fileExists(stem + extension)) return stem + extension;
  return undefined;
}

/** TypeScript's `loadModuleFromFile`: the extension swapped (`./x.js` → `x.ts`), then one added (`./x` → `x.ts`). */
function moduleFile(candidate: string, host: LookupHost): string | undefined {
  const name = path.basename(candidate);
  if (name.includes('.')) {
    const removable = REMOVABLE.find((extension) => candidate.endsWith(extension));
    const stem = removable ? candidate.slice(0, -removable.length) : candidate.slice(0, candidate.lastIndexOf('.'));
    const swapped = withExtensions(stem, candidate.slice(stem.length), host);
    if (swapped) return swapped;
  }
  return withExtensions(candidate, '', host);
}

/**
 * The module at `candidate` (an absolute, normalized path), as TypeScript looks it up: a file (unless
 * `folderOnly`: the specifier ended in `/`, `.` or `..`), else the folder's index file.
 */
export function lookUpModule(candidate: string, host: LookupHost, folderOnly: boolean): Lookup {
  if (!folderOnly) {
    // TypeScript probes nothing in a folder that does not exist, nor does the host find anything there
    const file = moduleFile(candidate, host);
    if (file) return { file };
  }
  if (!host.directoryExists(candidate)) return 'none';
  if (host.fileExists(path.join(candidate, 'package.json'))) return 'undecided';
  const index = withExtensions(path.join(candidate, 'index'), '', host);
  return index ? { file: index } : 'none';
}

/**
 * The `paths` pattern TypeScript applies to a specifier (`matchPatternOrExact`): an exact key, else the matching
 * `prefix*suffix` key with the longest prefix; keys with more than one `*` are ignored, as TypeScript does. The
 * text the `*` stands for comes with it.
 */
export function matchingPathsKey(paths: Readonly<Record<string, readonly string[]>>, specifier: string): { key: string; star?: string } | undefined {
  if (Object.hasOwn(paths, specifier) && !specifier.includes('*')) return { key: specifier };
  let best: { key: string; star: string } | undefined;
  let bestPrefix = -1;
  for (const key of Object.keys(paths)) {
    const star = key.indexOf('*');
    if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (prefix.length > bestPrefix && specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      bestPrefix = prefix.length;
      best = { key, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
    }
  }
  return best;
}

/** `@scope/name/sub` → `scope__name/sub`, as TypeScript names a scoped package under `@types`. */
const mangled = (specifier: string): string => (specifier.startsWith('@') && specifier.includes('/') ? specifier.slice(1).replace('/', '__') : specifier);

/**
 * Could a `typeRoots` folder hold the module? TypeScript's last resort for a bare name (`resolveFromTypeRoot`) looks
 * for declaration files at `<root>/<name>`: where nothing of that name is there (file or folder), it finds nothing,
 * so a config with `typeRoots` need not leave every package import to TypeScript's resolver.
 */
export function typeRootsMayHold(typeRoots: readonly string[], specifier: string, host: LookupHost): boolean {
  return typeRoots.some((root) => {
    const name = /[\\/]node_modules[\\/]@types[\\/]?$/.test(root) ? mangled(specifier) : specifier;
    return lookUpModule(path.resolve(root, name), host, false) !== 'none';
  });
}
