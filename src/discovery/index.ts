export {
  discoverFiles,
  findScanRoot,
  hasSourceExtension,
  SKIP_REASONS,
  SOURCE_EXTENSIONS,
  walkExcludeReason,
  type DiscoveryResult,
} from './discover.js';
