// Baseline (a): read every file once.
import { readFileSync } from 'node:fs';

const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let bytes = 0;
for (const file of files) bytes += readFileSync(file, 'utf8').length;
console.log(`${files.length} files, ${bytes} chars`);
