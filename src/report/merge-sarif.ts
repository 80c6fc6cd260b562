import type * as sarif from 'sarif';

/**
 * Combines the SARIF logs of several shards of one scan (`--shard K/N`) into one log with one run, as if
 * the whole tree had been scanned at once: rules are the union (by id), results and notifications are
 * concatenated and re-sorted, `ruleIndex` is recomputed, and the run succeeded only if every shard did.
 */
export function mergeSarif(logs: readonly sarif.Log[]): sarif.Log {
  if (logs.length === 0) throw new Error('merge-sarif needs at least one SARIF log');
  const runs = logs.flatMap((log, i) => {
    if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new Error(`input ${i + 1} is not a SARIF 2.1.0 log`);
    return log.runs;
  });
  const first = runs[0];
  const toolName = first.tool.driver.name;
  for (const run of runs) {
    if (run.tool.driver.name !== toolName || run.tool.driver.version !== first.tool.driver.version) {
      throw new Error(`cannot merge runs of different tools: ${toolName} ${first.tool.driver.version} and ${run.tool.driver.name} ${run.tool.driver.version}`);
    }
    if (JSON.stringify(run.automationDetails ?? null) !== JSON.stringify(first.automationDetails ?? null)) {
      throw new Error('cannot merge runs with different automationDetails categories');
    }
  }
  const rules = new Map<string, sarif.ReportingDescriptor>();
  for (const run of runs) for (const rule of run.tool.driver.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const ruleList = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(ruleList.map((rule, index) => [rule.id, index]));

  const location = (result: sarif.Result) => {
    const physical = result.locations?.[0]?.physicalLocation;
    return [physical?.artifactLocation?.uri ?? '', physical?.region?.startLine ?? 0, physical?.region?.startColumn ?? 0] as const;
  };
  // Project-level findings (package manifests) are reported by every shard that scanned files under them.
  const seen = new Set<string>();
  const results = runs
    .flatMap((run) => run.results ?? [])
    .filter((result) => {
      const key = JSON.stringify([result.ruleId, location(result), result.partialFingerprints ?? null, result.message.text ?? '']);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((result) => ({ ...result, ruleIndex: result.ruleId !== undefined ? ruleIndex.get(result.ruleId) : undefined }))
    .sort((a, b) => {
      const [fa, la, ca] = location(a);
      const [fb, lb, cb] = location(b);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || ((a.ruleId ?? '') < (b.ruleId ?? '') ? -1 : (a.ruleId ?? '') > (b.ruleId ?? '') ? 1 : 0);
    });
  const notificationDescriptors = new Map<string, sarif.ReportingDescriptor>();
  for (const run of runs) for (const d of run.tool.driver.notifications ?? []) if (!notificationDescriptors.has(d.id)) notificationDescriptors.set(d.id, d);
  const descriptorList = [...notificationDescriptors.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const descriptorIndex = new Map(descriptorList.map((d, index) => [d.id, index]));
  // Indexes point into each shard's own tables: re-point them into the merged ones.
  const notifications = runs
    .flatMap((run) => run.invocations?.[0]?.toolExecutionNotifications ?? [])
    .map((n) => ({
      ...n,
      ...(n.descriptor?.id !== undefined ? { descriptor: { ...n.descriptor, index: descriptorIndex.get(n.descriptor.id) } } : {}),
      ...(n.associatedRule?.id !== undefined ? { associatedRule: { ...n.associatedRule, index: ruleIndex.get(n.associatedRule.id) } } : {}),
    }));

  const merged: sarif.Run = {
    ...first,
    tool: {
      ...first.tool,
      driver: {
        ...first.tool.driver,
        rules: ruleList,
        ...(descriptorList.length > 0 ? { notifications: descriptorList } : {}),
      },
    },
    invocations: [
      {
        executionSuccessful: runs.every((run) => run.invocations?.[0]?.executionSuccessful !== false),
        toolExecutionNotifications: notifications,
      },
    ],
    results,
  };
  return { ...logs[0], runs: [merged] };
}
