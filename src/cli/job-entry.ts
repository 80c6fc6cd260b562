/**
 * The script a --jobs child runs (src/cli/jobs.ts): it starts as the CLI does, its modules from the one-script bundle
 * and the TypeScript compiler through their code caches (./load-modules.ts, ./code-cache.ts), then becomes the child
 * (./job.ts), which waits for its work on the IPC channel.
 */
import { loadModule } from './load-modules.js';

const { useCodeCache } = await loadModule<typeof import('./code-cache.js')>('src/cli/code-cache.js');
useCodeCache(process.env);
await loadModule('src/cli/job.js');
