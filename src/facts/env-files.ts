import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ENV_FILE } from '../models/identity-providers.js';

/** An env file (dotenv format) and the variables it defines. */
export interface EnvFile {
  path: string;
  values: ReadonlyMap<string, string>;
}

/** Env files larger than this are not configuration anyone writes by hand: not read. */
const MAX_ENV_FILE_BYTES = 256_000;
const LINE = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;

/**
 * The env files of the project (`.env`, `.env.example`, `.env.production`, ...: the configuration a deployment
 * fills in), read on demand, once per folder for one scan. Only what a file literally says is used.
 */
export class EnvFiles {
  private readonly byFolder = new Map<string, EnvFile[]>();

  /** @param onRead called with each env file read (a cached result depends on it). */
  constructor(
    private readonly root: string,
    private readonly onRead: (file: string) => void = () => {},
  ) {}

  /** The env files that define `name`, in the folder of `fromFile` and above it up to the scan root, nearest first. */
  defining(name: string, fromFile: string): EnvFile[] {
    const found: EnvFile[] = [];
    // the folders from the scan root down to the file's, nearest first; none for a file outside the root
    const steps = path.relative(this.root, path.dirname(fromFile)).split(path.sep).filter(Boolean);
    if (steps[0] === '..' || path.isAbsolute(steps.join(path.sep))) return found;
    for (let depth = steps.length; depth >= 0; depth -= 1) {
      for (const file of this.filesIn(path.join(this.root, ...steps.slice(0, depth)))) {
        if (!file.values.has(name)) continue;
        this.onRead(file.path);
        found.push(file);
      }
    }
    return found;
  }

  private filesIn(folder: string): EnvFile[] {
    let files = this.byFolder.get(folder);
    if (!files) {
      files = [];
      for (const name of listing(folder)
        .filter((entry) => ENV_FILE.test(entry))
        .sort()) {
        const file = readEnvFile(path.join(folder, name));
        if (file) files.push(file);
      }
      this.byFolder.set(folder, files);
    }
    return files;
  }
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    // a folder we cannot list has no env files for the analysis; anything but a file-system error is a bug
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return [];
  }
}

function readEnvFile(file: string): EnvFile | undefined {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_ENV_FILE_BYTES) return undefined;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return undefined;
  }
  return { path: file, values: parseEnv(text) };
}

/** `NAME=value` lines (an `export` in front, quotes and a trailing ` # comment` of an unquoted value dropped). */
function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const raw = match[2];
    const quoted = /^(['"`])(.*)\1$/.exec(raw);
    values.set(match[1], quoted ? quoted[2] : raw.replace(/\s+#.*$/, ''));
  }
  return values;
}
