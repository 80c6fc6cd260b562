export {
  discoverFiles,
  findScanRoot,
  hasSourceExtension,
  DEFAULT_EXCLUDED_DIRS,
  SKIP_REASONS,
  SOURCE_EXTENSIONS,
  TEST_DIRS,
  walkExcludeReason,
  type DiscoveryOptions,
  type DiscoveryResult,
} from './discover.js';
