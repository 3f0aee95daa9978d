/* eslint-disable no-console -- the load test reports on the console */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startFerretDb, type RunningFerretDb } from '../src/database/embedded/ferretdb-process';
import { startSandbox } from '../src/sandbox/sandbox-server';
import { childGatewayEnvironment, startChildGateway, type ChildGateway } from '../test/support/child-gateway';
import { checkConsistency } from './loadtest-consistency';
import { runTraffic, TrafficStats } from './loadtest-traffic';

// `npm run loadtest`: mixed traffic against a gateway process while the sandbox injects latency, 5xx
// and dropped connections and the database is restarted once; then a restart of the gateway and a
// check that every user CCE holds is accounted for in the cache. Not part of `npm test`.
const DURATION_S = Number(process.env.LOADTEST_DURATION_S ?? 60);
const WORKERS = Number(process.env.LOADTEST_WORKERS ?? 8);

async function main(): Promise<void> {
  const log = (message: string) => console.error(message);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cce-loadtest-db-'));
  const listen = `127.0.0.1:${await freePort()}`;
  let ferret: RunningFerretDb = await startFerretDb(log, { dataDir, listen });
  const mongodbUri = `${ferret.uri.replace(/\/$/, '')}/loadtest`;
  const sandbox = await startSandbox();
  const env = childGatewayEnvironment({
    sandbox,
    mongodbUri,
    dataDir: mkdtempSync(path.join(tmpdir(), 'cce-loadtest-gateway-')),
    extra: {
      CCE_TIMEOUT_MS: '1000',
      CCE_BREAKER_HALF_OPEN_AFTER_MS: '2000',
      MAINTENANCE_INTERVAL_MS: '5000',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '2000',
      MONGODB_SOCKET_TIMEOUT_MS: '3000',
      // One caller (authentication off) sends everything: per-caller rate limits would measure themselves.
      RATE_LIMIT_QUERIES_PER_MINUTE: '0',
      RATE_LIMIT_ENROLLMENTS_PER_MINUTE: '0',
      RATE_LIMIT_DELETIONS_PER_MINUTE: '0',
    },
  });
  let gateway: ChildGateway = await startChildGateway(env);
  const rssBefore = rssOf(gateway);
  const stats = new TrafficStats();
  const started = Date.now();
  const at = (fraction: number) => started + fraction * DURATION_S * 1000;
  const faults = sandbox.faults;
  const schedule: [number, string, () => void | Promise<void>][] = [
    [0.1, 'latency 300 ms', () => void (faults.latencyMs = 300)],
    [
      0.2,
      'latency off; next 8 CCE calls answer 503',
      () => ((faults.latencyMs = 0), faults.failNext(8, { kind: 'status', status: 503 })),
    ],
    [0.35, 'next 6 CCE connections dropped', () => faults.failNext(6, { kind: 'drop' })],
    [
      0.5,
      'database restarted',
      async () => {
        const down = Date.now();
        await ferret.stop();
        ferret = await startFerretDb(log, { dataDir, listen });
        console.error(`  database back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
      },
    ],
    [0.7, 'latency 1500 ms, beyond the CCE deadline', () => void (faults.latencyMs = 1500)],
    [0.75, 'faults off', () => faults.reset()],
  ];
  const faultRun = (async () => {
    for (const [fraction, name, inject] of schedule) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at(fraction) - Date.now())));
      console.error(`t=${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
      await inject();
    }
  })();
  await runTraffic(gateway.url, WORKERS, at(1), stats);
  await faultRun;
  faults.reset();
  const rssAfter = rssOf(gateway);

  // Restart: the start-up maintenance replays the journal, sweeps the intents of the old process and
  // re-checks deletions whose answer was lost.
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  gateway = await startChildGateway(env);
  const connection = await mongoose.createConnection(mongodbUri).asPromise();
  const consistency = await checkConsistency(sandbox, connection);
  await connection.close();
  await gateway.kill9();
  await sandbox.close();
  await ferret.stop();

  console.log(
    JSON.stringify(
      {
        durationS: DURATION_S,
        workers: WORKERS,
        requests: stats.total,
        outcomes: Object.fromEntries([...stats.outcomes].sort(([, a], [, b]) => b - a)),
        p50Ms: Math.round(stats.percentile(50)),
        p99Ms: Math.round(stats.percentile(99)),
        rssMiB: { before: rssBefore, after: rssAfter },
        consistency,
      },
      null,
      2,
    ),
  );
  if (consistency.missing > 0) process.exitCode = 1;
}

function rssOf(gateway: ChildGateway): number {
  const status = readFileSync(`/proc/${gateway.child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
