/** Accumulates wall time per phase and per rule (for `--timing`). Cheap enough to stay on. */
export class Timings {
  readonly phases = new Map<string, number>();
  readonly rules = new Map<string, number>();

  time<T>(phase: string, run: () => T): T {
    const start = performance.now();
    try {
      return run();
    } finally {
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
