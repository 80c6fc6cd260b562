// Writes the list of files jwtlint scans under a folder with default excludes off (JSON array of absolute paths).
import { writeFileSync } from 'node:fs';
import { discoverFiles } from '../dist/src/discovery/index.js';

const [target, out] = process.argv.slice(2);
const result = await discoverFiles({ cwd: target, paths: [target], includeTests: true, noDefaultExcludes: true });
writeFileSync(out, JSON.stringify(result.files));
