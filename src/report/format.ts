import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { toSarif } from './sarif.js';
import { formatText } from './text.js';
import type { ScanReport } from './types.js';

export const FORMATS = ['text', 'compact', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormatName(value: string): value is FormatName {
  return (FORMATS as readonly string[]).includes(value);
}

export interface FormatOptions {
  /** Only the text format uses colour. */
  color: boolean;
  /** Only SARIF uses the category (runs[0].automationDetails.id). */
  category?: string;
}

/** The report rendered in `format`. Deterministic: the same report gives the same string. */
export function formatReport(report: ScanReport, format: FormatName, opts: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(report, { color: opts.color });
    case 'compact':
      return formatCompact(report);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return JSON.stringify(toSarif(report, { category: opts.category }), null, 2) + '\n';
    case 'github':
      return formatGithub(report);
    default: {
      const never: never = format;
      throw new Error(`unknown format ${JSON.stringify(never)}; valid formats: ${FORMATS.join(', ')}`);
    }
  }
}
