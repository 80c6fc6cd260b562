import path from 'node:path';
import type { FileView } from './file-view.js';

/**
 * A copy of a package kept inside the project (`server/libs/jsonwebtoken/index.js`, required as
 * `require('../libs/jsonwebtoken')`): a folder named like the package, holding its entry file and the package's
 * own files (a `package.json` that names it, or its LICENSE). Code importing it calls that library, so it is
 * modelled as the library. A project module merely named like a package (`lib/jsonwebtoken.js`, a wrapper with
 * its own signature) is not a copy.
 */
const ENTRY = /^index\.(?:js|cjs|mjs|ts)$/;
const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'];

export function vendoredPackageOf(view: FileView, file: string, isPackage: (name: string) => boolean): string | undefined {
  if (!ENTRY.test(path.basename(file))) return undefined;
  const folder = path.dirname(file);
  const name = path.basename(folder);
  if (!isPackage(name) || folder.split(path.sep).includes('node_modules')) return undefined;
  const manifest = view.readJson(path.join(folder, 'package.json')) as { name?: unknown } | undefined;
  if (manifest) return manifest.name === name ? name : undefined;
  return LICENSE_FILES.some((license) => view.fileExists(path.join(folder, license))) ? name : undefined;
}
