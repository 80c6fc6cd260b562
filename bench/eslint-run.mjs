// Comparison (f): ESLint 9 with eslint-plugin-sonarjs's JWT rules over the same files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [listPath, toolsDir, baseDir] = process.argv.slice(2);
const require = createRequire(path.join(toolsDir, 'package.json'));
const { ESLint } = require('eslint');
const sonarjs = require('eslint-plugin-sonarjs');
const tsParser = require('@typescript-eslint/parser');
const files = JSON.parse(readFileSync(listPath, 'utf8'));
const rules = { 'sonarjs/insecure-jwt-token': 'error', 'sonarjs/hardcoded-secret-signatures': 'error' };
for (const rule of Object.keys(rules)) {
  if (!sonarjs.rules?.[rule.replace('sonarjs/', '')]) throw new Error(`eslint-plugin-sonarjs has no rule ${rule}`);
}
const eslint = new ESLint({
  // ESLint ignores files outside its cwd ("outside of base path"): it must be the corpus root.
  cwd: baseDir,
  ignore: true,
  overrideConfigFile: true,
  overrideConfig: [
    // The corpus is node_modules, which ESLint ignores by default even with `ignore: false`.
    { ignores: ['!**/node_modules/'] },
    { files: ['**/*.{js,mjs,cjs,jsx}'], plugins: { sonarjs }, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.{ts,tsx,mts,cts}'], plugins: { sonarjs }, rules, languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } },
  ],
});
const results = await eslint.lintFiles(files);
const ignored = results.filter((r) => r.messages.some((m) => /^File ignored/.test(m.message))).length;
if (ignored > 0) throw new Error(`ESLint ignored ${ignored} of ${results.length} files: the measurement would be meaningless`);
const messages = results.reduce((sum, r) => sum + r.messages.filter((m) => m.ruleId?.startsWith('sonarjs/')).length, 0);
console.log(`${results.length} files linted, ${messages} sonarjs JWT findings`);
