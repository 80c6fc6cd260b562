#!/usr/bin/env node
/**
 * npm run advisories [-- --write]
 *
 * Refreshes the advisory data of vulnerable-library (the `advisories` of each library model,
 * src/models/<library>.ts) from the GitHub Advisory Database (REST API, `GITHUB_TOKEN` raises the rate limit),
 * falling back to OSV (api.osv.dev) when GitHub cannot be reached. It prints, per JWT library: advisories the table does not list (to review: the table keeps only
 * verification bypasses, so a person decides), listed advisories whose affected range or fixed versions changed
 * upstream, and listed advisories that were withdrawn. With --write it also updates, in the model files, the affected
 * range and fixed versions of the entries it lists and the snapshot date shown in the rule docs (then run
 * `npm run docs`). Needs network access; it is not run in CI. When neither source answers it stops with exit
 * code 1 and changes nothing.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MODELS = path.resolve(import.meta.dirname, '..', 'src', 'models');
/** Where the snapshot date is. */
const SNAPSHOT = path.join(MODELS, 'advisories.ts');
/** JWT libraries whose advisories are tracked (models and the manifests of the libraries they wrap). */
const PACKAGES = [
  'jsonwebtoken',
  'jose',
  'fast-jwt',
  'express-jwt',
  'jws',
  'jwt-simple',
  'jwt-decode',
  'hono',
  '@fastify/jwt',
  'koa-jwt',
  'passport-jwt',
  '@nestjs/jwt',
  'next-auth',
  '@auth/core',
  '@hapi/jwt',
  'hapi-auth-jwt2',
  'jsrsasign',
  'node-jose',
  '@tsndr/cloudflare-worker-jwt',
  '@elysiajs/jwt',
  'jwks-rsa',
  'express-oauth2-jwt-bearer',
  'aws-jwt-verify',
];
const TIMEOUT_MS = 20_000;

/** GitHub's `>= 6.2.0, < 6.3.0` / `= 6.2.4` as an npm range (`>=6.2.0 <6.3.0`, `6.2.4`). */
function npmRange(githubRange) {
  return githubRange
    .split(',')
    .map((part) => part.trim().replace(/^(<=|>=|<|>|=)\s*/, (op) => (op.trim() === '=' ? '' : op.trim())))
    .join(' ');
}

/** `fetch failed (ENOTFOUND)`: the message with the network error's code. */
const describe = (error) => `${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}`;

async function getJson(url, init = {}) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return response.json();
}

/** Upstream advisories of one package: { ghsa, cve, ranges: [{ affected, fixed }], summary, withdrawn }. */
async function fromGitHub(name) {
  const headers = { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' };
  if (process.env.GITHUB_TOKEN) headers.Authorization = `Bearer ${process.env.GITHUB_TOKEN}`;
  const list = await getJson(`https://api.github.com/advisories?ecosystem=npm&affects=${encodeURIComponent(name)}&per_page=100`, { headers });
  return list.map((advisory) => ({
    ghsa: advisory.ghsa_id,
    cve: advisory.cve_id ?? undefined,
    summary: advisory.summary,
    withdrawn: Boolean(advisory.withdrawn_at),
    ranges: (advisory.vulnerabilities ?? [])
      .filter((v) => v.package?.ecosystem === 'npm' && v.package?.name === name)
      .map((v) => ({ affected: npmRange(v.vulnerable_version_range ?? ''), fixed: v.first_patched_version ?? undefined })),
  }));
}

async function fromOsv(name) {
  const result = await getJson('https://api.osv.dev/v1/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ package: { name, ecosystem: 'npm' } }),
  });
  return (result.vulns ?? []).map((vuln) => {
    const ghsa = [vuln.id, ...(vuln.aliases ?? [])].find((id) => id.startsWith('GHSA-'));
    const ranges = (vuln.affected ?? [])
      .filter((a) => a.package?.name === name)
      .flatMap((a) =>
        (a.ranges ?? []).map((range) => {
          const introduced = range.events?.find((e) => e.introduced)?.introduced;
          const fixed = range.events?.find((e) => e.fixed)?.fixed;
          const lastAffected = range.events?.find((e) => e.last_affected)?.last_affected;
          const low = introduced && introduced !== '0' ? `>=${introduced}` : '';
          const high = fixed ? `<${fixed}` : lastAffected ? `<=${lastAffected}` : '';
          return { affected: [low, high].filter(Boolean).join(' ') || '*', fixed };
        }),
      );
    return { ghsa: ghsa ?? vuln.id, cve: (vuln.aliases ?? []).find((id) => id.startsWith('CVE-')), summary: vuln.summary ?? '', withdrawn: Boolean(vuln.withdrawn), ranges };
  });
}

/** The advisory entries of one model file, added to `entries`: ghsa → { file, package, affected, fixed }. */
function readTable(file, text, entries) {
  for (const match of text.matchAll(/ghsa: '(GHSA-[^']+)'[\s\S]*?package: '([^']+)'[\s\S]*?affected: '([^']+)'[\s\S]*?fixed: \[([^\]]*)\]/g)) {
    entries.set(match[1], { file, package: match[2], affected: match[3], fixed: [...match[4].matchAll(/'([^']+)'/g)].map((m) => m[1]) });
  }
}

async function main() {
  const write = process.argv.includes('--write');
  /** Model file → its text (updated in place with --write), and ghsa → its entry. */
  const texts = new Map(
    readdirSync(MODELS)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => [path.join(MODELS, name), readFileSync(path.join(MODELS, name), 'utf8')]),
  );
  const table = new Map();
  for (const [file, text] of texts) readTable(file, text, table);
  const upstream = new Map();
  let source = 'GitHub Advisory Database';
  const failures = [];
  for (const name of PACKAGES) {
    try {
      upstream.set(name, await fromGitHub(name));
    } catch (githubError) {
      try {
        upstream.set(name, await fromOsv(name));
        source = 'GitHub Advisory Database and OSV';
      } catch (osvError) {
        failures.push(`${name}: GitHub: ${describe(githubError)}; OSV: ${describe(osvError)}`);
        if (upstream.size === 0) break; // the first package already failed on both: no network, no point in waiting for the rest
      }
    }
  }
  if (failures.length > 0) {
    console.error(`npm run advisories: could not fetch advisories (nothing was changed):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  let changes = 0;
  for (const [name, advisories] of upstream) {
    for (const advisory of advisories) {
      const listed = table.get(advisory.ghsa);
      if (!listed) {
        if (!advisory.withdrawn)
          console.log(`review  ${name}  ${advisory.ghsa}${advisory.cve ? ` (${advisory.cve})` : ''}  ${advisory.ranges.map((r) => r.affected).join(' || ')}  ${advisory.summary}`);
        continue;
      }
      if (advisory.withdrawn) console.log(`withdrawn  ${name}  ${advisory.ghsa}: remove it from ${path.relative(process.cwd(), listed.file)}`);
      const affected = advisory.ranges
        .map((r) => r.affected)
        .filter(Boolean)
        .join(' || ');
      const fixed = advisory.ranges.map((r) => r.fixed).filter(Boolean);
      const sameFixed = fixed.length === listed.fixed.length && fixed.every((f) => listed.fixed.includes(f));
      if (!affected || (affected === listed.affected && sameFixed)) continue;
      changes += 1;
      console.log(`changed  ${name}  ${advisory.ghsa}: affected '${listed.affected}' → '${affected}', fixed [${listed.fixed}] → [${fixed}]`);
      if (write) {
        const text = texts.get(listed.file);
        const start = text.indexOf(`ghsa: '${advisory.ghsa}'`);
        const end = start + text.slice(start).search(/\n\s*\},/);
        const block = text
          .slice(start, end)
          .replace(/affected: '[^']+'/, `affected: '${affected}'`)
          .replace(/fixed: \[[^\]]*\]/, `fixed: [${fixed.map((f) => `'${f}'`).join(', ')}]`);
        texts.set(listed.file, text.slice(0, start) + block + text.slice(end));
      }
    }
  }
  if (write) {
    const today = new Date().toISOString().slice(0, 10);
    texts.set(SNAPSHOT, texts.get(SNAPSHOT).replace(/ADVISORY_SNAPSHOT_DATE = '[^']*'/, `ADVISORY_SNAPSHOT_DATE = '${today}'`));
    for (const [file, text] of texts) if (text !== readFileSync(file, 'utf8')) writeFileSync(file, text);
    console.log(`updated the advisories of the library models from the ${source} (${changes} changed entries, snapshot ${today}); run npm run docs and npm test`);
  } else {
    console.log(`${changes} listed advisories changed upstream (${source}); run with -- --write to apply them and the snapshot date`);
  }
}

await main();
