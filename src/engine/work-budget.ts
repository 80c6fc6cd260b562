/**
 * The work one file may cost, counted in units (a node visited by the fact walk, one rule listening to one fact)
 * rather than timed: a loaded machine, `--jobs` or a warm cache cannot change what is analysed. The dataflow
 * questions a file asks have step budgets of their own, so the count bounds the file's total work. The default
 * is far above any real file (the largest the size limit admits walks well under a million nodes); it stops
 * generated or hostile input that would otherwise take minutes.
 */
export const DEFAULT_FILE_WORK_UNITS = 20_000_000;

/** Thrown inside a file's analysis when its work budget is spent. */
export class WorkBudgetExceeded extends Error {
  constructor(readonly phase: string) {
    super(`work budget exceeded during ${phase}`);
  }
}

export class WorkBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts `units` of work; throws WorkBudgetExceeded once the budget is spent. */
  spend(units: number, phase: string): void {
    this.used += units;
    if (this.used > this.limit) throw new WorkBudgetExceeded(phase);
  }

  /** Would `units` more overrun the budget? (For a step that is skipped rather than interrupted.) */
  wouldExceed(units: number): boolean {
    return this.used + units > this.limit;
  }
}
