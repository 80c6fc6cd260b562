/** TypeScript declaration files (`x.d.ts`, `x.d.mts`, `x.d.cts`, `x.d.css.ts`): types only, no code that runs. */
const DECLARATION = /\.d\.(?:[^./]+\.)?[mc]?ts$/i;

export function isDeclarationFile(file: string): boolean {
  return DECLARATION.test(file);
}
