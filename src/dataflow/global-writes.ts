import type { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { GLOBAL_OBJECTS } from '../models/sinks.js';
import { globalPropertyDefinitions, type Definition } from './definitions.js';

/**
 * Assignments to a property of the global object in the other modules of a package (`window.authToken = t` in the
 * script that logs in, read as `window.authToken` by another). Candidates are the package's files whose text
 * assigns the property; each is parsed and its assignments read by the def-use layer.
 */

/** Candidate files parsed per property: a property assigned in many files is state, not one token. */
const MAX_WRITER_FILES = 16;

export interface TextSearch {
  /** The files of the package of `fromFile` whose text has one of `words` and matches `pattern` (src/facts/package-files.ts). */
  filesMentioning(fromFile: string, words: readonly string[], components?: boolean, pattern?: RegExp): readonly string[];
}

export function globalWritesElsewhere(search: TextSearch, project: Pick<Project, 'load'>, fromFile: string, name: string): Definition[] {
  if (!/^[\w$]+$/.test(name)) return [];
  const holders = [...GLOBAL_OBJECTS].join('|');
  const assignment = new RegExp(`\\b(?:${holders})\\.${name.replace(/\$/g, '\\$')}\\s*=(?!=)`);
  const files = search.filesMentioning(fromFile, [`.${name}`], false, assignment).filter((file) => file !== fromFile);
  return files.slice(0, MAX_WRITER_FILES).flatMap((file) => {
    const sourceFile: ts.SourceFile | undefined = project.load(file)?.sourceFile;
    return sourceFile ? globalPropertyDefinitions(sourceFile, name) : [];
  });
}
