import path from 'node:path';
import { ModuleResolver } from './resolve-module.js';

/**
 * Files whose content decides module resolution wherever they are: TypeScript and JavaScript configs (with the
 * `tsconfig.base.json` style targets of `extends`), package manifests (`exports`, `imports`, workspaces) and pnpm's
 * workspace list. A change to one of them, or to any file an answer was read from, drops the kept answers.
 */
const RESOLUTION_INPUT = /^(?:(?:tsconfig|jsconfig)[\w.-]*\.json|package\.json|pnpm-workspace\.yaml)$/i;

/** A change the file watcher reports. */
export type FileChange = 'created' | 'changed' | 'deleted';

interface Warm {
  resolver: ModuleResolver;
  /** The stand-in texts the resolver sees: refreshed in place on every analysis. */
  sources: Map<string, string>;
  /** The paths of the stand-in files the resolver was made with (it treats them as existing files). */
  paths: string;
}

/**
 * Module resolvers kept between the analyses of a long-lived process (the language server), one per scan root.
 * Their answers hold while the files they were read from keep their content and no file comes or goes: an edit of
 * an ordinary source keeps them; an edit of a config or manifest (an open buffer or on disk), a file created or
 * deleted, or a different set of open buffers (a stand-in file exists for resolution) starts afresh.
 */
export class WarmModuleResolvers {
  private readonly byRoot = new Map<string, Warm>();

  /** The resolver for a scan of `root` with these stand-in texts (absolute path → text). */
  resolverFor(root: string, overlays: ReadonlyMap<string, string>): ModuleResolver {
    const paths = [...overlays.keys()].sort().join('\0');
    const warm = this.byRoot.get(root);
    const stale = (file: string, text: string) => warm !== undefined && warm.sources.get(file) !== text && isResolutionInput(warm.resolver, file);
    if (warm && warm.paths === paths && ![...overlays].some(([file, text]) => stale(file, text))) {
      for (const [file, text] of overlays) warm.sources.set(file, text);
      return warm.resolver;
    }
    const sources = new Map(overlays);
    const resolver = new ModuleResolver(root, sources);
    this.byRoot.set(root, { resolver, sources, paths });
    return resolver;
  }

  /** A file on disk changed (a file-watcher event): the resolvers whose answers it may change are dropped. */
  fileChanged(file: string, change: FileChange): void {
    for (const [root, warm] of this.byRoot) {
      if (change !== 'changed' || isResolutionInput(warm.resolver, file)) this.byRoot.delete(root);
    }
  }

  /** Drops every kept resolver (workspace folders changed). */
  clear(): void {
    this.byRoot.clear();
  }
}

function isResolutionInput(resolver: ModuleResolver, file: string): boolean {
  return RESOLUTION_INPUT.test(path.basename(file)) || resolver.readFrom(file);
}
