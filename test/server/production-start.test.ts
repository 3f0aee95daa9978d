import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import mongoose from 'mongoose';
import { request } from 'undici';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { anEnrollment } from '../support/builders';
import { collect, productionEnvironment, startMain, startReady, waitFor } from '../support/gateway-process';

describe('npm start (production mode)', () => {
  let sandbox: RunningSandbox;
  let env: Record<string, string>;
  let authorization: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ env, authorization } = await productionEnvironment(sandbox, 'production_start'));
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
      'CARD_FINGERPRINT_KEY must be hex digits, or base64 with a "base64:" prefix',
      'PERSONAL_DATA_KEY or PERSONAL_DATA_KEYS is required',
      'authentication is required: set one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY_FILE, AUTH_SHARED_SECRET',
      'AUTH_ISSUER is required',
      'AUTH_AUDIENCE is required',
    ]) {
      expect(output()).toContain(variable);
    }
  });

  describe('refuses a weak or badly encoded key, naming the variable and printing no secret', () => {
    const cases: [string, string, string][] = [
      ['64 zeros', '0'.repeat(64), 'CARD_FINGERPRINT_KEY is one byte value repeated'],
      [
        '"password" six times, as hex',
        Buffer.from('password'.repeat(6)).toString('hex'),
        'is a short pattern',
      ],
      [
        'a typed-in passphrase',
        Buffer.from('correct horse battery staple ok!').toString('hex'),
        'printable text',
      ],
      ['a short key', randomBytes(16).toString('hex'), 'must be at least 64 hex digits'],
      ['base64 without its prefix', randomBytes(32).toString('base64'), 'must be hex digits, or base64'],
      [
        'a short base64 key',
        `base64:${randomBytes(16).toString('base64')}`,
        'must decode to at least 32 bytes',
      ],
    ];

    it.each(cases)('%s', async (_case, key, problem) => {
      const { output, exit } = collect(startMain({ ...env, CARD_FINGERPRINT_KEY: key }));

      expect(await exit).toBe(1);
      expect(output()).toContain('CARD_FINGERPRINT_KEY');
      expect(output()).toContain(problem);
      expect(output()).not.toContain(key);
      expect(output()).not.toContain(key.replace(/^base64:/, ''));
    });

    it('in a key ring too, naming the key id', async () => {
      const weak = 'abcd'.repeat(16);
      const { output, exit } = collect(
        startMain({
          ...env,
          PERSONAL_DATA_KEY: '',
          PERSONAL_DATA_KEYS: `new:${randomBytes(32).toString('hex')},old:${weak}`,
        }),
      );

      expect(await exit).toBe(1);
      expect(output()).toContain('PERSONAL_DATA_KEYS key "old" is a short pattern repeated');
      expect(output()).not.toContain(weak);
    });
  });

  it('refuses plain http to a CCE that is not on this machine', async () => {
    const { output, exit } = collect(startMain({ ...env, CCE_BASE_URL: 'http://cce.example.com/cts' }));

    expect(await exit).toBe(1);
    expect(output()).toContain('CCE_BASE_URL must use https://');
  });

  it('names MONGODB_URI when it cannot be parsed or reached, without its password', async () => {
    const unparsable = collect(startMain({ ...env, MONGODB_URI: 'mongodb://' }));
    expect(await unparsable.exit).toBe(1);
    expect(unparsable.output()).toContain('MONGODB_URI is not a valid connection string');

    const unreachable = collect(startMain({ ...env, MONGODB_URI: 'mongodb://gw:s3cret-pw@127.0.0.1:1/db' }));
    expect(await unreachable.exit).toBe(1);
    expect(unreachable.output()).toContain('MONGODB_URI: cannot connect to the database');
    expect(unreachable.output()).not.toContain('s3cret-pw');
  }, 20_000);

  it('starts while CCE cannot be reached, and its log names CCE_BASE_URL', async () => {
    const { child, output, exit } = await startReady({ ...env, CCE_BASE_URL: 'http://127.0.0.1:1/cts' });
    child.kill('SIGTERM');
    await exit;

    expect(output()).toContain('issuer profile refresh failed: is CCE_BASE_URL reachable?');
  });

  it('refuses another key under a key id the database was written with, naming the variable', async () => {
    const first = await startReady(env);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    const otherKey = randomBytes(32).toString('hex');

    const { output, exit } = collect(startMain({ ...env, CARD_FINGERPRINT_KEY: otherKey }));

    expect(await exit).toBe(1);
    // The message is inside a JSON log line, its quotes escaped.
    expect(output()).toMatch(
      /CARD_FINGERPRINT_KEY\(S\): key \\"default\\" is not the key this database was written with/,
    );
    expect(output()).not.toContain(otherKey);
    const renamed = await startReady({
      ...env,
      CARD_FINGERPRINT_KEY: '',
      CARD_FINGERPRINT_KEYS: `next:${otherKey},default:${env.CARD_FINGERPRINT_KEY}`,
    });
    renamed.child.kill('SIGTERM');
    expect(await renamed.exit).toBe(0);
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
