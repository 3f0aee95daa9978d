import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { request } from 'undici';
import { DEV_AUDIENCE, DEV_ISSUER, DevTokenIssuer } from '../../src/auth/dev-token-issuer';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { anEnrollment } from '../support/builders';
import { testMongoUri } from '../support/test-database';

const MAIN = path.resolve(__dirname, '../../src/main.ts');

/** Runs the production entry point (`npm start` runs the same file compiled) with only `env`. */
function startMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // One process (node --import tsx), so that signals reach the gateway itself.
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

function collect(child: ChildProcessWithoutNullStreams): {
  output: () => string;
  exit: Promise<number | null>;
} {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, exit: new Promise((resolve) => child.once('exit', resolve)) };
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the gateway:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the gateway and waits for its "ready" log line, which carries its GraphQL URL. */
async function startReady(env: Record<string, string>) {
  const child = startMain(env);
  const { output, exit } = collect(child);
  await waitFor(() => output().includes('cce-gateway ready'), 20_000, output);
  const readyLine = output()
    .split('\n')
    .find((line) => line.includes('cce-gateway ready'))!;
  return { child, output, exit, url: (JSON.parse(readyLine) as { url: string }).url };
}

describe('npm start (production mode)', () => {
  let sandbox: RunningSandbox;
  let env: Record<string, string>;
  let authorization: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const tokens = DevTokenIssuer.create();
    authorization = `Bearer ${await tokens.mint()}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'cce-start-'));
    writeFileSync(path.join(dir, 'signing.pem'), sandbox.keys.clientSigningKeyPem);
    writeFileSync(path.join(dir, 'encryption.pem'), sandbox.keys.encryptionCertificatePem);
    writeFileSync(path.join(dir, 'auth-public.pem'), tokens.publicKeyPem());
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/production_start`,
      CCE_BASE_URL: sandbox.baseUrl,
      CCE_CONSUMER_KEY: sandbox.keys.consumerKey,
      CCE_SIGNING_KEY_FILE: path.join(dir, 'signing.pem'),
      CCE_ENCRYPTION_CERT_FILE: path.join(dir, 'encryption.pem'),
      CARD_FINGERPRINT_KEY: 'ab'.repeat(32),
      ENROLLMENT_JOURNAL_PATH: path.join(dir, 'journal.jsonl'),
      AUTH_PUBLIC_KEY_FILE: path.join(dir, 'auth-public.pem'),
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEV_AUDIENCE,
      METRICS_PORT: '0',
    };
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('stops with a message naming each missing or malformed variable', async () => {
    const { output, exit } = collect(
      startMain({ MONGODB_URI: 'postgres://nope', CARD_FINGERPRINT_KEY: 'short' }),
    );

    expect(await exit).toBe(1);
    for (const variable of [
      'MONGODB_URI must start with mongodb://',
      'CCE_BASE_URL is required',
      'CCE_CONSUMER_KEY is required',
      'CCE_SIGNING_KEY_FILE is required',
      'CCE_ENCRYPTION_CERT_FILE is required',
      'CARD_FINGERPRINT_KEY must decode to at least 32 bytes',
      'authentication is required: set one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY_FILE, AUTH_SHARED_SECRET',
      'AUTH_ISSUER is required',
      'AUTH_AUDIENCE is required',
    ]) {
      expect(output()).toContain(variable);
    }
  });

  it('serves without authentication only when AUTH_DISABLED=true says so, warning at start', async () => {
    const { AUTH_PUBLIC_KEY_FILE: _file, AUTH_ISSUER: _issuer, AUTH_AUDIENCE: _audience, ...rest } = env;
    const { child, output, exit, url } = await startReady({ ...rest, AUTH_DISABLED: 'true' });

    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ users { totalCount } }' }),
    });
    child.kill('SIGTERM');
    await exit;

    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(output()).toMatch(/"level":40[^\n]*AUTHENTICATION IS DISABLED/);
  });

  it('serves with introspection and the landing page off, and drains on SIGTERM', async () => {
    const { child, output, exit, url } = await startReady(env);

    const health = await request(url.replace('/graphql', '/healthz'));
    const ready = await request(url.replace('/graphql', '/readyz'));
    const landing = await request(url, { headers: { accept: 'text/html' } });
    const metrics = await request(url.replace('/graphql', '/metrics'));
    const badEncoding = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown', authorization },
      body: '{"query":"{ users { totalCount } }"}',
    });
    const introspection = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });

    expect(health.statusCode).toBe(200);
    expect(await ready.body.json()).toEqual({ status: 'ready' });
    expect(landing.statusCode).not.toBe(200);
    await landing.body.dump();
    // /metrics stays off the public port unless METRICS_ON_GRAPHQL_PORT says otherwise.
    expect(metrics.statusCode).toBe(404);
    await metrics.body.dump();
    expect(badEncoding.statusCode).toBe(415);
    expect(badEncoding.headers['content-type']).toMatch(/^application\/json/);
    await badEncoding.body.dump();
    const introspected = (await introspection.body.json()) as { errors?: { extensions: { code: string } }[] };
    expect(introspected.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    child.kill('SIGTERM');
    const code = await exit;
    // Everything, the refused encoding included, went through the JSON logger: no raw stack on stderr.
    for (const line of output().trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(output()).toContain('shutting down');
    expect(code).toBe(0);
    expect(output()).toContain('stopped');
  });

  it('finishes a request in flight when SIGTERM arrives, then exits cleanly', async () => {
    const { child, output, exit, url } = await startReady(env);
    const enrollmentsBefore = sandbox.callCount('POST /issuers/users');
    sandbox.faults.latencyMs = 1500;

    const slow = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query: 'mutation E($input: EnrollUserInput!) { enrollUser(input: $input) { user { id status } } }',
        variables: { input: anEnrollment() },
      }),
    });
    await waitFor(() => sandbox.callCount('POST /issuers/users') > enrollmentsBefore, 5_000, output);
    child.kill('SIGTERM');
    const response = await slow;
    const body = (await response.body.json()) as {
      data: { enrollUser: { user: { id: string; status: string } } };
    };
    sandbox.faults.reset();

    expect(response.statusCode).toBe(200);
    expect(body.data.enrollUser.user.status).toBe('ACTIVE');
    expect(await exit).toBe(0);
    expect(output().indexOf('shutting down')).toBeLessThan(output().indexOf('stopped'));
    // The database closed only after the drain: the enrollment was recorded in it, not only journaled.
    const connection = await mongoose.createConnection(env.MONGODB_URI!).asPromise();
    const stored = await connection.collection('users').findOne({ userId: body.data.enrollUser.user.id });
    await connection.close();
    expect(stored).toMatchObject({ status: 'ACTIVE' });
    // The shutdown replayed the journal (every completion is journaled first): none is left behind.
    expect(existsSync(env.ENROLLMENT_JOURNAL_PATH!)).toBe(false);
  });
});
