import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { singleKeyRing } from '../src/config/secret-keys';
import { createLogger } from '../src/logging/logger';
import { runGateway } from '../src/run-gateway';
import { startSandbox } from '../src/sandbox/sandbox-server';

// The gateway under test, in a process of its own so the load generator does not share its event loop.
// Prints one JSON line with its URL, like `npm run dev` but without the database ladder.
async function main(): Promise<void> {
  const mongodbUri = process.env.BENCH_MONGODB_URI;
  if (!mongodbUri) throw new Error('BENCH_MONGODB_URI is required');
  const sandbox = await startSandbox();
  const url = await runGateway({
    settings: {
      cardFingerprintKeys: singleKeyRing(randomBytes(32)),
      personalDataKeys: singleKeyRing(Buffer.from(process.env.BENCH_PERSONAL_DATA_KEY ?? '', 'hex')),
      donateEnabled: false,
      enrollmentJournalPath: path.join(tmpdir(), `cce-bench-journal-${process.pid}.jsonl`),
      introspection: false,
      landingPage: false,
      exposeStackTraces: false,
      maintenanceIntervalMs: 3600_000,
    },
    mongodbUri,
    cce: {
      baseUrl: sandbox.baseUrl,
      credentials: sandbox.clientCredentials,
      timeoutMs: 10_000,
      maxConnections: 64,
    },
    supportedAccountRangeOverride: undefined,
    accountRangeRefreshMs: 3600_000,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('warn'),
    onShutdown: () => sandbox.close(),
  });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
