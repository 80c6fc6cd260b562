/** Phases measured inside others (their time is also in those): what `--timing` says after their line. */
export const NESTED_PHASES: Readonly<Record<string, string>> = {
  summaries: 'part of facts and rules: parameter flows of project functions, and finding the functions calls reach',
};

/** Accumulates wall time per phase and per rule (for `--timing`). Cheap enough to stay on. */
export class Timings {
  readonly phases = new Map<string, number>();
  readonly rules = new Map<string, number>();
  /** Phases being measured: a phase entered again from inside itself (a summary of a summary) counts once. */
  private readonly running = new Set<string>();

  time<T>(phase: string, run: () => T): T {
    if (this.running.has(phase)) return run();
    this.running.add(phase);
    const start = performance.now();
    try {
      return run();
    } finally {
      this.running.delete(phase);
      this.phases.set(phase, (this.phases.get(phase) ?? 0) + performance.now() - start);
    }
  }

  addRule(ruleId: string, milliseconds: number): void {
    this.rules.set(ruleId, (this.rules.get(ruleId) ?? 0) + milliseconds);
  }

  /** Adds times measured elsewhere (a --jobs child process). */
  addAll(times: { phases: Record<string, number>; rules: Record<string, number> }): void {
    for (const [phase, ms] of Object.entries(times.phases)) this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
    for (const [rule, ms] of Object.entries(times.rules)) this.addRule(rule, ms);
  }

  toJSON(): { phases: Record<string, number>; rules: Record<string, number> } {
    const round = (map: Map<string, number>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    return { phases: round(this.phases), rules: round(this.rules) };
  }
}
