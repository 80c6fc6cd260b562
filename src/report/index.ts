export type * from './types.js';
export { FORMATS, formatReport, isFormatName, type FormatName, type FormatOptions } from './format.js';
export { computeFingerprint, normalizeSnippet } from './fingerprint.js';
export { redactInText, redactSecret } from './redact.js';
export { toSarif, type SarifOptions } from './sarif.js';
export { formatText, shouldUseColor } from './text.js';
export { formatCompact } from './compact.js';
export { formatJson } from './json.js';
export { sortFindings, sortNotifications } from './sort.js';
