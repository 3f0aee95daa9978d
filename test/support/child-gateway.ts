import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import type { RunningSandbox } from '../../src/sandbox/sandbox-server';
import type { EnrollmentStep } from '../../src/users/enrollment-service';
import { waitUntil } from './commands';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test/support/gateway-child.ts');

/**
 * The same keys for every child of this test process, so that restarts recognise the cards they
 * enrolled and read the personal data they sealed; operator commands need them too.
 */
export const CHILD_KEYS: Readonly<Record<'CARD_FINGERPRINT_KEY' | 'PERSONAL_DATA_KEY', string>> = {
  CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
  PERSONAL_DATA_KEY: randomBytes(32).toString('hex'),
};

export interface ChildGatewaySettings {
  sandbox: RunningSandbox;
  mongodbUri: string;
  /** A directory of this instance's own: the journal and its instance id live there. */
  dataDir: string;
  /** Anything else `npm start` reads (README configuration table). */
  extra?: Record<string, string>;
}

/**
 * The ONE place that builds a child gateway's environment, as an operator configures `npm start`.
 * Settings that every child needs (authentication, when the gateway has it) belong here.
 */
export function childGatewayEnvironment(settings: ChildGatewaySettings): Record<string, string> {
  const keysDir = mkdtempSync(path.join(tmpdir(), 'cce-child-keys-'));
  writeFileSync(path.join(keysDir, 'signing.pem'), settings.sandbox.keys.clientSigningKeyPem);
  writeFileSync(path.join(keysDir, 'encryption.pem'), settings.sandbox.keys.encryptionCertificatePem);
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MONGODB_URI: settings.mongodbUri,
    CCE_BASE_URL: settings.sandbox.baseUrl,
    CCE_CONSUMER_KEY: settings.sandbox.keys.consumerKey,
    CCE_SIGNING_KEY_FILE: path.join(keysDir, 'signing.pem'),
    CCE_ENCRYPTION_CERT_FILE: path.join(keysDir, 'encryption.pem'),
    ...CHILD_KEYS,
    ENROLLMENT_JOURNAL_PATH: path.join(settings.dataDir, 'journal.jsonl'),
    // These tests are about durability, not callers: authentication is covered by its own tests.
    AUTH_DISABLED: 'true',
    // A free port each: several children run at once.
    METRICS_PORT: '0',
    ...settings.extra,
  };
}

export interface ChildGateway {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  output(): string;
  readonly exited: Promise<number | null>;
  /** Sends an operation and resolves to the parsed JSON body. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<GraphQLBody>;
  /** kill -9, and waits until the process is gone. */
  kill9(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Starts `test/support/gateway-child.ts` (src/main.ts plus the test-only pause) and waits until it is ready. */
export async function startChildGateway(
  env: Record<string, string>,
  options: { pauseAt?: EnrollmentStep } = {},
): Promise<ChildGateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...env, ...(options.pauseAt ? { TEST_ONLY_PAUSE_AT: options.pauseAt } : {}) },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitUntil(
    () => output.includes('cce-gateway ready') || gone,
    30_000,
    'the child gateway is ready',
  ).catch((error: Error) => {
    child.kill('SIGKILL'); // never leave a stuck gateway behind
    throw new Error(`${error.message}:\n${output}`);
  });
  if (gone) throw new Error(`the child gateway exited during start-up:\n${output}`);
  const readyLine = output.split('\n').find((line) => line.includes('cce-gateway ready'))!;
  const url = (JSON.parse(readyLine) as { url: string }).url;
  return {
    child,
    url,
    output: () => output,
    exited,
    async graphql(query, variables) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.body.json()) as GraphQLBody;
    },
    async kill9() {
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export const ENROLL_MUTATION =
  'mutation Enroll($input: EnrollUserInput!) { enrollUser(input: $input) { user { id status } } }';
