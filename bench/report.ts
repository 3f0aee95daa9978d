/* eslint-disable no-console -- the benchmark reports on the console */
import { TARGETS } from './scenarios';

/** One measured run of a scenario: `requests` after the warm-up. */
export interface Measurement {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that are not a success: non-2xx, GraphQL errors in a 200, connection errors, timeouts. */
  failures: number;
  /** CPU time of the serving process (gateway, baseline or floor) over the run, per request. */
  cpuMicrosPerRequest: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

interface Summary {
  name: string;
  requests: number;
  reqPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  cpuMicros: number;
  cpuRuns: number[];
}

/** The median of each column over the runs of each scenario, with the targets as ratios. */
export function report(runs: ReadonlyMap<string, Measurement[]>, header: string): void {
  const summaries: Summary[] = [...runs].map(([name, measurements]) => ({
    name,
    requests: measurements[0]?.requests ?? 0,
    reqPerSecond: median(measurements.map((m) => m.requests / m.seconds)),
    p50Ms: median(measurements.map((m) => m.p50Ms)),
    p99Ms: median(measurements.map((m) => m.p99Ms)),
    failures: measurements.reduce((sum, m) => sum + m.failures, 0),
    cpuMicros: median(measurements.map((m) => m.cpuMicrosPerRequest)),
    cpuRuns: measurements.map((m) => m.cpuMicrosPerRequest),
  }));
  const byName = new Map(summaries.map((summary) => [summary.name, summary]));
  console.log(`${header}\n`);
  console.log(
    '| scenario | requests/run | req/s | p50 ms | p99 ms | CPU µs/request (median) | CPU µs/request (each run) | failed answers |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|');
  for (const s of summaries) {
    console.log(
      `| ${s.name} | ${s.requests} | ${s.reqPerSecond.toFixed(0)} | ${s.p50Ms.toFixed(0)} | ${s.p99Ms.toFixed(0)} | ` +
        `${s.cpuMicros.toFixed(0)} | ${s.cpuRuns.map((c) => c.toFixed(0)).join(', ')} | ${s.failures} |`,
    );
  }
  // Each round measures every scenario one after the other, so the scenario and its reference of one round
  // ran under the same load on this shared machine: the ratio is taken within each round, then the median.
  console.log('\n| target | CPU ratio (median of rounds) | each round | at most | met |');
  console.log('|---|---:|---|---:|---|');
  for (const target of TARGETS) {
    const scenario = byName.get(target.scenario);
    const reference = byName.get(target.reference);
    if (!scenario || !reference) continue;
    const ratios = scenario.cpuRuns.map((cpu, round) => cpu / reference.cpuRuns[round]!);
    const ratio = median(ratios);
    // A failed answer (a refused enrollment, a GraphQL error) costs less than a served one: a run with any
    // cannot show a target met.
    const failed = scenario.failures + reference.failures > 0;
    const met = failed ? 'not measured: answers failed' : ratio <= target.max ? 'yes' : 'no';
    console.log(
      `| ${target.scenario} / ${target.reference} | ${ratio.toFixed(2)}x | ` +
        `${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')} | ${target.max}x | ${met} |`,
    );
  }
}
