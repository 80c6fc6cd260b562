import { ADVISORY_SNAPSHOT_DATE, defineRule, matchAdvisories, type AdvisoryMatch, type PackageManifest, type ProjectRuleContext, type TextPosition } from '../src/engine/ruleApi.js';

export default defineRule({
  meta: {
    id: 'vulnerable-library',
    title: 'Dependency on a JWT library version with a known verification bypass',
    description: 'package.json (or its lock file) resolves a JWT library to a version with a published signature-verification bypass.',
    rationale:
      'Several JWT libraries shipped versions in which a forged or unsigned token passes verification under common configurations: ' +
      'the `none` algorithm with a falsy key, HS256 tokens signed with the public RSA key (algorithm confusion), or algorithm allowlists ' +
      'that were not enforced. The fix is in the library, so code that looks correct is still exposed until the dependency is upgraded. ' +
      'When a lock file is present the locked version is checked; otherwise the lowest version the declared range admits.\n\n' +
      'Lock files: `package-lock.json` / `npm-shrinkwrap.json`, `pnpm-lock.yaml` and `yarn.lock` (classic and berry), next to the ' +
      'package.json or in a parent directory up to the scan root (the workspace root of a monorepo). With a lock file, a JWT library ' +
      'that a dependency pulls in (express-jwt → jsonwebtoken) is checked at its locked version too and reported at the line of the ' +
      'direct dependency that pulls it.\n\n' +
      'Levels: a shipped dependency is an error. A `devDependencies` entry that no scanned application file imports (test and fixture ' +
      'code do not count) is reported as a note: it is not shipped, but tests and dev servers run it. JWT libraries pulled in by such a ' +
      'development-only dependency are not reported (tooling). A devDependency that application code does import is bundled and shipped, ' +
      "so it is an error. When every matched advisory concerns one feature of a framework (hono's JWT or JWK middleware), the message " +
      'says whether a scanned file imports that feature, and the finding is a note when none does.\n\n' +
      `The advisory data (the \`advisories\` of each library model in src/models/) was last checked against the GitHub Advisory Database on ${ADVISORY_SNAPSHOT_DATE}; ` +
      '`npm run advisories` rebuilds the list of advisories from the GitHub Advisory Database for review (it needs network access). ' +
      'Only advisories that let a forged or unsigned token pass verification are listed; denial of service, claim-shape and cache issues are not.',
    remediation:
      'Upgrade to the fixed version named in the message and regenerate the lock file, e.g. `npm install jsonwebtoken@^9`. ' +
      'Tighten the declared range so that an install cannot resolve to an affected version (`"jsonwebtoken": "^9.0.2"` rather than `">=8"`). ' +
      'Until you can upgrade, pin the accepted algorithms at every verification call and never let the token choose the key.',
    level: 'error',
    precision: 'high',
    securitySeverity: 8.1,
    cwe: [1395, 347],
    references: [
      'https://github.com/advisories/GHSA-qwph-4952-7xr6',
      'https://github.com/advisories/GHSA-6g6m-m6h5-w9gf',
      'https://github.com/advisories/GHSA-c2ff-88x2-x9pg',
      'https://github.com/advisories/GHSA-f67f-6cw9-8mq4',
      'https://github.com/advisories/GHSA-869p-cjfg-cm3x',
      'https://github.com/advisories/GHSA-ww5h-9m49-7xx4',
      'https://github.com/advisories/GHSA-v64w-49xw-qq89',
      'https://nvd.nist.gov/vuln/detail/CVE-2016-10555',
    ],
    messages: {
      vulnerable: '{{name}} {{version}} ({{basis}}) is affected by {{ids}}: {{summary}}. {{fix}}.',
      featureUsed: '{{name}} {{version}} ({{basis}}) is affected by {{ids}} in {{feature}}, which {{user}} uses: {{summary}}. {{fix}}.',
      featureUnused: '{{name}} {{version}} ({{basis}}) is affected by {{ids}} in {{feature}}, which no scanned file imports: {{summary}}. {{fix}} before using it.',
      devOnly:
        '{{name}} {{version}} ({{basis}}) is affected by {{ids}}: {{summary}}. It is a devDependency that no scanned application code imports, so it is not shipped, but tests and tools that run it are exposed. {{fix}}.',
    },
    examples: {
      bad: { fileName: 'package.json', code: '{\n  "name": "api",\n  "dependencies": {\n    "jsonwebtoken": "^8.5.1"\n  }\n}\n' },
      good: { fileName: 'package.json', code: '{\n  "name": "api",\n  "dependencies": {\n    "jsonwebtoken": "^9.0.2"\n  }\n}\n' },
    },
  },
  create() {
    return {};
  },
  createProject(context) {
    return {
      manifest(manifest) {
        const lockfile = manifest.lockfile ?? 'the lock file';
        const direct = new Set(manifest.dependencies.filter((d) => d.section !== 'peerDependencies').map((d) => `${d.name}@${d.locked ?? ''}`));
        for (const dependency of manifest.dependencies) {
          if (dependency.section === 'peerDependencies') continue; // a peer range is the consumer's choice, not an install
          const at = { file: manifest.path, line: dependency.line, column: dependency.column, length: dependency.name.length + 2 };
          const match = matchAdvisories(dependency);
          if (!match && dependency.transitive.length === 0) continue;
          // a devDependency that application code imports is bundled and shipped all the same (asked only here: it reads files)
          const devOnly = dependency.section === 'devDependencies' && manifest.importers([dependency.name]).length === 0;
          if (match) {
            const pinned = dependency.range.trim().replace(/^[=v]+/, '') === match.check.version;
            const basis = match.check.basis === 'lock' ? `locked in ${lockfile}` : pinned ? 'pinned in package.json' : `lowest version allowed by "${dependency.range}"`;
            report(context, at, dependency.name, match, basis, devOnly ? 'devOnly' : undefined, manifest);
          }
          // packages it pulls in, as locked: tooling that is only installed for development is not reported
          if (devOnly) continue;
          for (const pulled of dependency.transitive) {
            if (direct.has(`${pulled.name}@${pulled.version}`)) continue; // reported at its own line
            const inner = matchAdvisories({ name: pulled.name, range: pulled.version, locked: pulled.version });
            if (!inner) continue;
            const chain = [dependency.name, ...pulled.via].join(' → ');
            report(context, at, pulled.name, inner, `locked in ${lockfile}, pulled in by ${chain}`, undefined, manifest, dependency.name);
          }
        }
      },
    };
  },
});

/**
 * One finding: at error level, or at note level when the package is only installed for development or when every
 * matched advisory concerns one feature that no scanned file imports.
 */
function report(
  context: ProjectRuleContext,
  at: TextPosition,
  name: string,
  match: AdvisoryMatch,
  basis: string,
  devOnly: 'devOnly' | undefined,
  manifest: PackageManifest,
  via?: string,
): void {
  const { check } = match;
  // advisories about one feature: keep those whose feature a scanned file imports; a note when none is imported
  const scoped = match.advisories.every((advisory) => advisory.feature !== undefined);
  const used = scoped ? match.advisories.filter((advisory) => manifest.importers(advisory.feature!.specifiers).length > 0) : [];
  const unused = scoped && used.length === 0;
  const advisories = scoped && !unused ? used : match.advisories;
  const users = scoped ? manifest.importers(advisories.flatMap((advisory) => advisory.feature!.specifiers)) : [];
  const featureNames = [...new Set(advisories.map((advisory) => advisory.feature?.name).filter((name) => name !== undefined))].join(' and ');
  const fixed = match.fixedIn ? `${match.fixedIn} or later` : 'a fixed version';
  const fix = via ? `Upgrade ${via} to a version that depends on ${name} ${fixed}, or override ${name}` : `Upgrade to ${fixed}`;
  const messageId = devOnly ?? (unused ? 'featureUnused' : scoped ? 'featureUsed' : 'vulnerable');
  context.report({
    at,
    messageId,
    level: devOnly || unused ? 'note' : undefined,
    data: {
      name,
      version: check.version,
      basis,
      ids: advisories.map((advisory) => [advisory.cve, advisory.ghsa].filter(Boolean).join(' / ')).join(', '),
      summary: advisories.map((advisory) => advisory.summary).join('; '),
      fix,
      feature: featureNames,
      user: users[0] ?? '',
    },
  });
}
