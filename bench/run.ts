/* eslint-disable no-console -- the benchmark reports on the console */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon, { type Result } from 'autocannon';
import mongoose from 'mongoose';
import { startDatabase } from '../src/database/database-ladder';
import { userModel } from '../src/users/user-document';
import { scenarios } from './scenarios';

// `npm run bench`: load on the real gateway (sandbox + database on this machine) and, in the same
// run, on a plain node:http + MongoDB driver server serving the same users page.
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SEEDED_USERS = 1000;

async function main(): Promise<void> {
  const database = await startDatabase({ mongodbUri: process.env.MONGODB_URI, log: (m) => console.error(m) });
  const uri = `${database.uri.replace(/\/$/, '')}/bench_${randomUUID().slice(0, 8)}`;
  const connection = await mongoose.createConnection(uri).asPromise();
  const userIds = await seed(connection);
  const gateway = await startProcess('gateway-process.ts', uri);
  const baseline = await startProcess('baseline-process.ts', uri);
  const results: { name: string; result: Result }[] = [];
  try {
    for (const scenario of scenarios(userIds)) {
      const target = scenario.target === 'gateway' ? gateway : baseline;
      console.error(`running ${scenario.name} for ${DURATION_S} s with ${CONNECTIONS} connections`);
      const result = await autocannon({
        ...scenario.options(target.url, target.token),
        duration: DURATION_S,
        connections: CONNECTIONS,
      });
      results.push({ name: scenario.name, result });
    }
  } finally {
    gateway.process.kill('SIGTERM');
    baseline.process.kill('SIGTERM');
    await connection.dropDatabase();
    await connection.close();
    await database.stop();
  }
  report(results, database.description);
}

async function seed(connection: mongoose.Connection): Promise<string[]> {
  const users = userModel(connection);
  await users.init();
  const start = Date.parse('2026-01-01T00:00:00Z');
  const documents = Array.from({ length: SEEDED_USERS }, (_, i) => ({
    _id: randomUUID(),
    status: 'ACTIVE' as const,
    userId: randomUUID(),
    cardFingerprint: randomUUID(),
    cardLast4: String(i % 10000).padStart(4, '0'),
    cardBaseCurrency: 'USD',
    cardholderName: `Seeded User ${i}`,
    email: { type: 'home', value: `user${i}@example.com` },
    emailKey: `user${i}@example.com`,
    createdAt: new Date(start + i * 1000),
    enrolledAt: new Date(start + i * 1000),
  }));
  await users.insertMany(documents);
  return documents.map((document) => document.userId);
}

interface BenchProcess {
  process: ChildProcess;
  url: string;
  /** The gateway's bearer token (the baseline has none). */
  token: string;
}

async function startProcess(file: string, uri: string): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], {
    env: { ...process.env, BENCH_MONGODB_URI: uri },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token?: string };
  return { process: child, url, token: token ?? '' };
}

function report(results: { name: string; result: Result }[], databaseDescription: string): void {
  const row = (name: string, r: Result) =>
    `| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} |`;
  console.log(`Database: ${databaseDescription}; ${CONNECTIONS} connections, ${DURATION_S} s per scenario\n`);
  console.log('| scenario | req/s | p50 ms | p99 ms | non-2xx + errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { name, result } of results) console.log(row(name, result));
  const gatewayPage = results.find((r) => r.name === 'users(first: 20)')?.result;
  const baselinePage = results.find((r) => r.name.startsWith('baseline'))?.result;
  if (gatewayPage && baselinePage) {
    const ratio = gatewayPage.requests.average / baselinePage.requests.average;
    console.log(`\nusers(first: 20) gateway/baseline throughput ratio: ${ratio.toFixed(2)}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
