import { defineRule, matchAdvisories } from '../src/engine/ruleApi.js';

export default defineRule({
  meta: {
    id: 'vulnerable-library',
    title: 'Dependency on a JWT library version with a known verification bypass',
    description: 'package.json (or its lock file) resolves a JWT library to a version with a published signature-verification bypass.',
    rationale:
      'Several JWT libraries shipped versions in which a forged or unsigned token passes verification under common configurations: ' +
      'the `none` algorithm with a falsy key, HS256 tokens signed with the public RSA key (algorithm confusion), or algorithm allowlists ' +
      'that were not enforced. The fix is in the library, so code that looks correct is still exposed until the dependency is upgraded. ' +
      'When a lock file is present the locked version is checked; otherwise the lowest version the declared range admits.',
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
      'https://nvd.nist.gov/vuln/detail/CVE-2016-10555',
    ],
    messages: {
      vulnerable:
        '{{name}} {{version}} ({{basis}}) is affected by {{ids}}: {{summary}}. {{fix}}.',
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
        for (const dependency of manifest.dependencies) {
          if (dependency.section === 'peerDependencies') continue; // a peer range is the consumer's choice, not an install
          const match = matchAdvisories(dependency);
          if (!match) continue;
          const { check, advisories } = match;
          const pinned = dependency.range.trim().replace(/^[=v]+/, '') === check.version;
          const basis = check.basis === 'lock' ? `locked in ${manifest.lockfile ?? 'the lock file'}` : pinned ? 'pinned in package.json' : `lowest version allowed by "${dependency.range}"`;
          context.report({
            at: { file: manifest.path, line: dependency.line, column: dependency.column, length: dependency.name.length + 2 },
            messageId: 'vulnerable',
            data: {
              name: dependency.name,
              version: check.version,
              basis,
              ids: advisories.map((advisory) => [advisory.cve, advisory.ghsa].filter(Boolean).join(' / ')).join(', '),
              summary: advisories.map((advisory) => advisory.summary).join('; '),
              fix: match.fixedIn ? `Upgrade to ${match.fixedIn} or later` : 'Upgrade to a fixed version',
            },
          });
        }
      },
    };
  },
});
