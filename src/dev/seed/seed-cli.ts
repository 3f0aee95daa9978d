import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { defaultSandboxIssuer } from '../../sandbox/sandbox-issuer';
import { devState, readDevGateway } from '../dev-state';
import { gatewayEnroller } from './gateway-enroller';
import { seedEnrollment } from './seed-profiles';
import { describeSummary, seedUsers } from './seed-run';

// `npm run seed -- N`: enrolls N made-up users through a running gateway's enrollUser, as a client
// would, so that pagination and filters have something to show. Card numbers are random (never
// printed); the BINs are the sandbox issuer's.

const USAGE = `usage: npm run seed -- <count> [--url URL] [--token TOKEN] [--concurrency 1-16]

Enrolls <count> made-up users through the gateway's enrollUser (GraphQL over HTTP).
  --url          the GraphQL endpoint (GATEWAY_URL); by default the running npm run dev's, else
                 http://127.0.0.1:4000/graphql
  --token        a bearer token with the users:enroll scope (GATEWAY_TOKEN); by default the running
                 npm run dev's, which it writes to dev-gateway.json in DEV_DATA_DIR or ~/.cache/cce-gateway
  --concurrency  enrollments in flight at once (default 4)
`;

const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const count = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(count) || count < 1 || count > 1_000_000) {
    fail(`the number of users must be an integer from 1 to 1000000\n\n${USAGE}`);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    fail(`--concurrency must be an integer from 1 to 16\n\n${USAGE}`);
  }

  const dev = await readDevGateway(devState(process.env));
  const url = values.url ?? process.env.GATEWAY_URL ?? dev?.url ?? DEFAULT_URL;
  const token = values.token ?? process.env.GATEWAY_TOKEN;
  const authorization = token ? `Bearer ${token.replace(/^Bearer\s+/i, '')}` : dev?.authorization;
  if (!authorization) {
    fail(
      'no token: start `npm run dev` (it leaves its token for this command), or pass --token / GATEWAY_TOKEN',
    );
  }

  const accountRanges = defaultSandboxIssuer().supportedAccountRange.split(',');
  const report = (line: string) => process.stdout.write(`seed: ${line}\n`);
  report(`enrolling ${count} users through ${url}, ${concurrency} at a time`);
  const started = Date.now();
  const summary = await seedUsers({
    count,
    concurrency,
    nextEnrollment: () => seedEnrollment(accountRanges, new Date()),
    enroll: gatewayEnroller(url, authorization),
    sleep: (ms) => sleep(ms),
    now: () => Date.now(),
    report,
  });
  report(`${describeSummary(summary, count)} (${Math.round((Date.now() - started) / 1000)} s)`);
  process.exitCode = summary.fatal ? 1 : 0;
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
