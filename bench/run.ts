/* eslint-disable no-console -- the benchmark reports on the console */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { startDatabase } from '../src/database/database-ladder';
import { SINGLE_KEY_ID, singleKeyRing } from '../src/config/secret-keys';
import { PersonalDataCipher } from '../src/users/personal-data-cipher';
import { userModel } from '../src/users/user-document';
import { buildForBench } from './compiled-build';
import { ask, startBenchProcess, type BenchProcess } from './bench-processes';
import { processCpuMicros } from './process-cpu';
import { percentile, report, type Measurement } from './report';
import { scenarios, type BenchTarget, type Scenario } from './scenarios';

// `npm run bench`: the CPU time each request costs the process that serves it, read from /proc
// around a fixed number of requests after a warm-up, for the gateway (sandbox and database in other
// processes), a plain node:http + driver baseline serving the same users page, and a bare enrollment
// loop (the floor). Each scenario runs BENCH_ROUNDS times; the report gives the medians.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const READ_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const ENROLLMENTS = Number(process.env.BENCH_ENROLLMENTS ?? 100);
// 2000: after 300 reads the baseline's CPU per page still fell for minutes (1880 to 1180 µs over six rounds),
// which made each run's first ratios look better than the steady state (BENCHMARKS.md, fourth round).
const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SEEDED_USERS = 200;
/**
 * BENCH_CPU_PROF=<dir>: the gateway, the baseline and the floor run with `node --cpu-prof` and each writes
 * its profile on exit into a folder of its own there (`<dir>/gateway`, ...), to be compared side by side.
 */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;
/** BENCH_ONLY=<regular expression>: only the scenarios whose name matches it (to profile one of them). */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
// Shared with the gateway process, which must open the seeded users' personal data.
const PERSONAL_DATA_KEY = randomBytes(32);

type Processes = Record<BenchTarget, BenchProcess<{ url?: string; token?: string }>>;

async function main(): Promise<void> {
  const buildDir = buildForBench();
  const database = await startDatabase({ mongodbUri: process.env.MONGODB_URI, log: (m) => console.error(m) });
  const uri = `${database.uri.replace(/\/$/, '')}/bench_${randomUUID().slice(0, 8)}`;
  const connection = await mongoose.createConnection(uri).asPromise();
  const userIds = await seed(connection);
  const started: BenchProcess<unknown>[] = [];
  const start = async <T>(
    file: string,
    env: Record<string, string>,
    build?: { dir: string; nodeOptions: string[] },
  ) => {
    const child = await startBenchProcess<T>(file, env, build?.dir, build?.nodeOptions);
    started.push(child);
    return child;
  };
  const runs = new Map<string, Measurement[]>();
  const startedAt = Date.now();
  try {
    const sandbox = await start<object>('sandbox-process.ts', {});
    const env = {
      BENCH_MONGODB_URI: uri,
      BENCH_PERSONAL_DATA_KEY: PERSONAL_DATA_KEY.toString('hex'),
      BENCH_SANDBOX: JSON.stringify(sandbox.hello),
    };
    // The measured processes run compiled (the sandbox, not measured, through tsx), profiled if asked.
    const measured = (target: BenchTarget) => ({
      dir: buildDir,
      nodeOptions: CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROFILE_DIR, target)}`]
        : [],
    });
    const processes: Processes = {
      gateway: await start('gateway-process.ts', env, measured('gateway')),
      baseline: await start('baseline-process.ts', env, measured('baseline')),
      floor: await start('floor-process.ts', env, measured('floor')),
    };
    const all = scenarios(userIds).filter((scenario) => !ONLY || ONLY.test(scenario.name));
    for (const phase of ['reads', 'enrollments'] as const) {
      const inPhase = all.filter((scenario) => scenario.phase === phase);
      const requests = phase === 'reads' ? READ_REQUESTS : ENROLLMENTS;
      for (const scenario of inPhase) {
        console.error(`warming up ${scenario.name} (${WARMUP_REQUESTS / (phase === 'reads' ? 1 : 5)})`);
        await measure(scenario, processes, WARMUP_REQUESTS / (phase === 'reads' ? 1 : 5));
      }
      for (let round = 1; round <= ROUNDS; round += 1) {
        // Every other round in the opposite order, so that a drift in the machine's load over a round
        // does not always favour the same scenario of a pair.
        for (const scenario of round % 2 ? inPhase : [...inPhase].reverse()) {
          const measurement = await measure(scenario, processes, requests);
          console.error(
            `round ${round}: ${scenario.name}: ${measurement.cpuMicrosPerRequest.toFixed(0)} µs CPU/request, ` +
              `${(measurement.requests / measurement.seconds).toFixed(0)} req/s`,
          );
          runs.set(scenario.name, [...(runs.get(scenario.name) ?? []), measurement]);
        }
      }
    }
  } finally {
    // The sandbox last: the gateway's shutdown may still call it.
    await Promise.all(started.slice(1).map((child) => child.stop()));
    await started[0]?.stop();
    await connection.dropDatabase();
    await connection.close();
    await database.stop();
  }
  report(
    runs,
    `Database: ${database.description}; ${os.cpus().length} cores, Node ${process.version}, Linux ${os.release()}, ` +
      `load average ${os.loadavg()[0]!.toFixed(2)}; ${SEEDED_USERS} seeded users, ${CONNECTIONS} connections, ` +
      `${READ_REQUESTS} reads / ${ENROLLMENTS} enrollments per run after a warm-up, ${ROUNDS} runs ` +
      `(${Math.round((Date.now() - startedAt) / 1000)} s)`,
  );
}

let serial = Date.now() % 1e8;
const nextSerial = () => (serial += 1);

/** `requests` requests of `scenario`, with the serving process's CPU time read before and after. */
async function measure(scenario: Scenario, processes: Processes, requests: number): Promise<Measurement> {
  const server = processes[scenario.target];
  const cpuBefore = processCpuMicros(server.pid);
  const result =
    scenario.kind === 'floor' ? await floorRun(server, requests) : await httpRun(scenario, server, requests);
  const cpuMicros = processCpuMicros(server.pid) - cpuBefore;
  return { ...result, requests, cpuMicrosPerRequest: cpuMicros / requests };
}

async function httpRun(
  scenario: Extract<Scenario, { kind: 'http' }>,
  server: BenchProcess<{ url?: string; token?: string }>,
  requests: number,
): Promise<Omit<Measurement, 'requests' | 'cpuMicrosPerRequest'>> {
  const result = await autocannon({
    ...scenario.options(server.hello.url!, server.hello.token ?? '', nextSerial),
    amount: requests,
    connections: CONNECTIONS,
    // A 200 can still carry GraphQL errors (a refused enrollment, a limit): those count as failed answers.
    verifyBody: answeredWithoutErrors,
  });
  return {
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + result.mismatches,
  };
}

/** A JSON answer without `errors` (the GraphQL error list; the baseline never has one). */
function answeredWithoutErrors(body: string | Buffer | undefined): boolean {
  try {
    return body !== undefined && !('errors' in (JSON.parse(body.toString()) as object));
  } catch {
    return false;
  }
}

async function floorRun(
  floor: BenchProcess<unknown>,
  requests: number,
): Promise<Omit<Measurement, 'requests' | 'cpuMicrosPerRequest'>> {
  const firstSerial = serial + 1;
  serial += requests;
  const { latenciesMs, elapsedMs } = await ask<{ latenciesMs: number[]; elapsedMs: number }>(floor, {
    enrollments: requests,
    concurrency: CONNECTIONS,
    firstSerial,
  });
  return {
    seconds: elapsedMs / 1000,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    failures: requests - latenciesMs.length,
  };
}

async function seed(connection: mongoose.Connection): Promise<string[]> {
  const users = userModel(connection);
  await users.init();
  const cipher = new PersonalDataCipher(singleKeyRing(PERSONAL_DATA_KEY));
  const start = Date.parse('2026-01-01T00:00:00Z');
  const documents = Array.from({ length: SEEDED_USERS }, (_, i) => {
    const _id = randomUUID();
    const email = { type: 'home', value: `user${i}@example.com` };
    return {
      _id,
      status: 'ACTIVE' as const,
      userId: randomUUID(),
      cardFingerprint: randomUUID(),
      // The gateway process's CARD_FINGERPRINT_KEY (the fingerprints themselves are placeholders).
      cardFingerprintKeyId: SINGLE_KEY_ID,
      cardLast4: String(i % 10000).padStart(4, '0'),
      cardBaseCurrency: 'USD',
      personalData: cipher.seal({ cardholderName: `Seeded User ${i}`, email }, _id),
      personalDataKeyId: cipher.currentKeyId,
      emailIndex: cipher.emailIndex(email.value),
      createdAt: new Date(start + i * 1000),
      enrolledAt: new Date(start + i * 1000),
    };
  });
  await users.insertMany(documents);
  return documents.map((document) => document.userId);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
