import { createHash } from 'node:crypto';

export interface ShardSpec {
  /** 1-based shard index. */
  index: number;
  count: number;
}

/** Parses `K/N` (1 ≤ K ≤ N); undefined when malformed. */
export function parseShard(text: string): ShardSpec | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * The files of one shard. A file's shard depends only on its path relative to the root (a hash), so the
 * split is deterministic, independent of file order and of which machine runs it, and stays stable when
 * files are added elsewhere.
 */
export function selectShard(relativePaths: readonly string[], shard: ShardSpec): string[] {
  if (shard.count === 1) return [...relativePaths];
  return relativePaths.filter((file) => {
    const digest = createHash('sha1').update(file).digest();
    return digest.readUInt32BE(0) % shard.count === shard.index - 1;
  });
}
