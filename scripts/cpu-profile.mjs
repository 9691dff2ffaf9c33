// Reading a DevTools CPU profile (`Profiler.stop`), for the benchmarks.

/** JavaScript time in a CPU profile, in ms: every sample but idle and `(program)` (the
 *  browser's own work: layout, style, paint). Promise reactions count here; `ScriptDuration`
 *  (Performance.getMetrics) leaves them out, so work done in a `then` or after an `await`
 *  is missing from it. Garbage collection counts: script causes it. */
export function jsTime(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let us = 0;
  profile.samples.forEach((id, i) => {
    const name = byId.get(id).callFrame.functionName;
    if (name !== "(idle)" && name !== "(program)") us += profile.timeDeltas[i + 1] ?? 0;
  });
  return us / 1000;
}
