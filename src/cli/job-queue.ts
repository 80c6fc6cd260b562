/**
 * Which files a --jobs child scans next. The sorted file list starts split into one contiguous region per child
 * (about equal bytes each); a child is handed small chunks from the front of its own region, and when its region
 * is used up it takes the back half of the largest region left. Contiguous regions keep a module and the
 * modules it imports in one process (each process parses and summarises them once); taking work over at the
 * end keeps every child busy until the last chunk, whatever the files cost (on an application tree most files
 * are dropped by the prefilter in microseconds while a few auth modules take seconds, so bytes or file counts
 * do not predict the work).
 */

/** Files [start, end) of the sorted file list. */
export interface Range {
  start: number;
  end: number;
}

/** Files handed to a child at a time: small enough for an even end, large enough that messages cost nothing. */
const CHUNK_FILES = 16;

export class JobQueue {
  /** Per child, the files of its region not handed out yet; children that failed leave theirs to the others. */
  private readonly regions: (Range | undefined)[];
  /** Regions left by failed children (and their unfinished chunks). */
  private readonly orphans: Range[] = [];

  /** @param runs the initial regions, contiguous and in order (their lengths) */
  constructor(
    runLengths: readonly number[],
    private readonly chunkFiles = CHUNK_FILES,
  ) {
    let start = 0;
    this.regions = runLengths.map((length) => {
      const region = { start, end: start + length };
      start += length;
      return region;
    });
  }

  /** The next chunk for child `job`, or undefined when nothing is left to hand out. */
  next(job: number): Range | undefined {
    let region = this.regions[job];
    if (region === undefined || region.start >= region.end) region = this.regions[job] = this.takeOver();
    if (region === undefined) return undefined;
    const chunk = { start: region.start, end: Math.min(region.end, region.start + this.chunkFiles) };
    region.start = chunk.end;
    return chunk;
  }

  /** Child `job` failed: its region and the chunks it had not finished go to the others. Returns their file count. */
  fail(job: number, unfinished: readonly Range[]): number {
    const region = this.regions[job];
    const left = [...(region !== undefined && region.start < region.end ? [region] : []), ...unfinished];
    this.orphans.push(...left);
    this.regions[job] = undefined;
    return left.reduce((sum, range) => sum + range.end - range.start, 0);
  }

  /** Every range not handed out yet, in file order (scanned in the main process when no child is left). */
  drain(): Range[] {
    const left = [...this.regions, ...this.orphans].filter((r): r is Range => r !== undefined && r.start < r.end).map((r) => ({ ...r }));
    for (const region of this.regions) if (region) region.start = region.end;
    this.orphans.length = 0;
    return left.sort((a, b) => a.start - b.start);
  }

  /** A new region for a child whose own is used up: a failed child's region, else the back half of the largest. */
  private takeOver(): Range | undefined {
    const orphan = this.orphans.shift();
    if (orphan) return orphan;
    let largest: Range | undefined;
    for (const region of this.regions) if (region && region.end - region.start > (largest ? largest.end - largest.start : 0)) largest = region;
    if (largest === undefined) return undefined;
    const left = largest.end - largest.start;
    if (left < 2) return undefined; // a last file stays with its owner, which takes it next anyway
    const middle = largest.start + Math.ceil(left / 2);
    const taken = { start: middle, end: largest.end };
    largest.end = middle;
    return taken;
  }
}
