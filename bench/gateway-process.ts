import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devGatewayConfig } from '../src/dev/dev-config';
import { createLogger } from '../src/logging/logger';
import { runGateway, runOptionsFrom } from '../src/run-gateway';
import { sandboxFromEnvironment } from './bench-environment';

// The gateway under test, in a process of its own so that the load generator and the sandbox do not
// share its event loop or its CPU time. Configured like `npm run dev` (the same parser as `npm start`),
// authentication and limits on; prints one JSON line with its URL and a token with every scope.
async function main(): Promise<void> {
  const mongodbUri = process.env.BENCH_MONGODB_URI;
  if (!mongodbUri) throw new Error('BENCH_MONGODB_URI is required');
  const { config, tokens } = devGatewayConfig({
    sandbox: sandboxFromEnvironment(),
    mongodbUri,
    keys: {
      CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
      // bench/run.ts seals the seeded users' personal data with this key.
      PERSONAL_DATA_KEY: process.env.BENCH_PERSONAL_DATA_KEY ?? '',
    },
    environment: {
      PORT: '0',
      LOG_LEVEL: 'warn',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_LANDING_PAGE: 'false',
      METRICS_ON_GRAPHQL_PORT: 'false',
      ENROLLMENT_JOURNAL_PATH: path.join(tmpdir(), `cce-bench-journal-${process.pid}.jsonl`),
      MAINTENANCE_INTERVAL_MS: '3600000',
      CCE_MAX_CONNECTIONS: '64',
      // The `20 x user(id)` scenario needs 20 aliases; budgets high enough that the load is measured,
      // not refused, while the limiter still spends a unit in MongoDB on every request.
      GRAPHQL_MAX_ALIASES: '20',
      RATE_LIMIT_QUERIES_PER_MINUTE: '1000000',
      RATE_LIMIT_ENROLLMENTS_PER_MINUTE: '1000000',
    },
  });
  const url = await runGateway(runOptionsFrom(config, createLogger(config.logLevel)));
  process.stdout.write(`${JSON.stringify({ url, token: await tokens.mint({ sub: 'bench' }, '2h') })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
