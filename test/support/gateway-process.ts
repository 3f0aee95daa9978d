import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, DevTokenIssuer } from '../../src/auth/dev-token-issuer';
import type { RunningSandbox } from '../../src/sandbox/sandbox-server';
import { testMongoUri } from './test-database';

const MAIN = path.resolve(__dirname, '../../src/main.ts');

/** Runs the production entry point (`npm start` runs the same file compiled) with only `env`. */
export function startMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // One process (node --import tsx), so that signals reach the gateway itself.
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

export function collect(child: ChildProcessWithoutNullStreams): {
  output: () => string;
  exit: Promise<number | null>;
} {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, exit: new Promise((resolve) => child.once('exit', resolve)) };
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the gateway:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the gateway and waits for its "ready" log line, which carries its GraphQL URL. */
export async function startReady(env: Record<string, string>) {
  const child = startMain(env);
  const { output, exit } = collect(child);
  await waitFor(() => output().includes('cce-gateway ready'), 20_000, output);
  const readyLine = output()
    .split('\n')
    .find((line) => line.includes('cce-gateway ready'))!;
  return { child, output, exit, url: (JSON.parse(readyLine) as { url: string }).url };
}

/**
 * A complete production configuration against `sandbox`, on database `dbName` of the run's server,
 * trusting a throw-away token issuer; `authorization` holds a token with every scope.
 */
export async function productionEnvironment(
  sandbox: RunningSandbox,
  dbName: string,
): Promise<{ env: Record<string, string>; authorization: string }> {
  const tokens = DevTokenIssuer.create();
  const dir = mkdtempSync(path.join(tmpdir(), 'cce-start-'));
  writeFileSync(path.join(dir, 'signing.pem'), sandbox.keys.clientSigningKeyPem);
  writeFileSync(path.join(dir, 'encryption.pem'), sandbox.keys.encryptionCertificatePem);
  writeFileSync(path.join(dir, 'auth-public.pem'), tokens.publicKeyPem());
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    // Of this run only: a database kept from an earlier run (MONGODB_URI) holds checks of other keys.
    MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/${dbName}_${randomBytes(4).toString('hex')}`,
    CCE_BASE_URL: sandbox.baseUrl,
    CCE_CONSUMER_KEY: sandbox.keys.consumerKey,
    CCE_SIGNING_KEY_FILE: path.join(dir, 'signing.pem'),
    CCE_ENCRYPTION_CERT_FILE: path.join(dir, 'encryption.pem'),
    CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
    PERSONAL_DATA_KEY: `base64:${randomBytes(32).toString('base64')}`,
    ENROLLMENT_JOURNAL_PATH: path.join(dir, 'journal.jsonl'),
    AUTH_PUBLIC_KEY_FILE: path.join(dir, 'auth-public.pem'),
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    METRICS_PORT: '0',
  };
  return { env, authorization: `Bearer ${await tokens.mint()}` };
}
