import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { startFerretDb, type RunningFerretDb } from '../../src/database/embedded/ferretdb-process';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { anEnrollment } from '../support/builders';
import { waitUntil } from '../support/commands';
import {
  childGatewayEnvironment,
  ENROLL_MUTATION,
  startChildGateway,
  type ChildGateway,
} from '../support/child-gateway';

jest.setTimeout(90_000);

/** A generous guard, far above the deadlines configured below: the point is that nothing hangs. */
const GUARD_MS = 15_000;

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

/** A child gateway on a FerretDB of its own (so the test can stop that process), with a sandbox. */
async function startOnOwnDatabase(name: string, extra: Record<string, string>) {
  const ferret = await startFerretDb(() => undefined);
  const sandbox = await startSandbox();
  const gateway = await startChildGateway(
    childGatewayEnvironment({
      sandbox,
      mongodbUri: `${ferret.uri.replace(/\/$/, '')}/${name}`,
      dataDir: mkdtempSync(path.join(tmpdir(), `cce-${name}-`)),
      extra,
    }),
  );
  return {
    ferret,
    sandbox,
    gateway,
    async close() {
      process.kill(ferret.pid, 'SIGCONT');
      await gateway.kill9();
      await sandbox.close();
      await ferret.stop();
    },
  };
}

describe('a stalled database (FerretDB stopped with SIGSTOP)', () => {
  let ferret: RunningFerretDb;
  let sandbox: RunningSandbox;
  let gateway: ChildGateway;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ferret, sandbox, gateway, close } = await startOnOwnDatabase('stalled', {
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      MONGODB_SOCKET_TIMEOUT_MS: '1500',
      MONGODB_MAX_TIME_MS: '1000',
      REQUEST_BUDGET_MS: '5000',
      CCE_TIMEOUT_MS: '2000',
    }));
  });

  afterAll(() => close());

  const readyz = async () => {
    const response = await request(gateway.url.replace('/graphql', '/readyz'));
    await response.body.dump();
    return response.statusCode;
  };

  it('fails requests within their deadlines, is not ready, calls CCE for nothing, and recovers on SIGCONT', async () => {
    expect((await gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() })).errors).toBeUndefined();
    const enrollmentsBefore = sandbox.callCount('POST /issuers/users');

    process.kill(ferret.pid, 'SIGSTOP');
    let enrolled, listed, ready;
    try {
      [enrolled, listed, ready] = await Promise.all([
        timed(gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() })),
        timed(gateway.graphql('{ users(first: 5) { totalCount } }')),
        timed(readyz()),
      ]);
    } finally {
      process.kill(ferret.pid, 'SIGCONT');
    }

    expect(ready.value).toBe(503);
    expect(ready.ms).toBeLessThan(GUARD_MS);
    expect(enrolled.value.errors![0]!.extensions).toEqual({ code: 'DATABASE_UNAVAILABLE' });
    expect(enrolled.ms).toBeLessThan(GUARD_MS);
    expect(listed.value.errors![0]!.extensions).toEqual({ code: 'DATABASE_UNAVAILABLE' });
    expect(listed.ms).toBeLessThan(GUARD_MS);
    expect(sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);

    // The same process, no restart.
    await waitUntil(async () => (await readyz()) === 200, 30_000, 'the gateway is ready again');
    const after = await gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() });
    expect(after.errors).toBeUndefined();
  });
});

describe('an update CCE applied while the database stalled', () => {
  let ferret: RunningFerretDb;
  let sandbox: RunningSandbox;
  let gateway: ChildGateway;
  let close: () => Promise<void>;
  const UPDATE_CALL = 'PUT /issuers/users/{userid}';

  beforeAll(async () => {
    ({ ferret, sandbox, gateway, close } = await startOnOwnDatabase('update', {
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      MONGODB_SOCKET_TIMEOUT_MS: '1500',
      MONGODB_MAX_TIME_MS: '1000',
    }));
    sandbox.issuer.donate = true;
  });

  afterAll(() => close());

  it('tells the client CCE has it (UPDATE_NOT_RECORDED, outcome APPLIED), never a bare failure', async () => {
    const enrolled = await gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() });
    const userId = (enrolled.data as { enrollUser: { user: { id: string } } }).enrollUser.user.id;
    sandbox.faults.latencyFor(UPDATE_CALL, 300);

    let answer;
    try {
      const update = gateway.graphql(
        'mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { user { id } } }',
        { id: userId, input: { name: { firstName: 'New', lastName: 'Name' }, locale: 'en-US' } },
      );
      // CCE has the update in hand; the database stops before the gateway records it.
      await waitUntil(() => sandbox.callCount(UPDATE_CALL) === 1, 10_000, 'the update reached CCE');
      process.kill(ferret.pid, 'SIGSTOP');
      answer = await timed(update);
    } finally {
      process.kill(ferret.pid, 'SIGCONT');
    }

    expect(answer.value.errors![0]!.extensions).toEqual({ code: 'UPDATE_NOT_RECORDED', outcome: 'APPLIED' });
    expect(answer.ms).toBeLessThan(GUARD_MS);
    expect(sandbox.state.profileOf(userId)?.name).toBe(true);
  });
});

describe('a request whose client gave up while the database was stalled', () => {
  let ferret: RunningFerretDb;
  let sandbox: RunningSandbox;
  let gateway: ChildGateway;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // Deadlines longer than the client's patience: the database answers after the client left.
    ({ ferret, sandbox, gateway, close } = await startOnOwnDatabase('abandoned', {
      MONGODB_SOCKET_TIMEOUT_MS: '20000',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '20000',
    }));
  });

  afterAll(() => close());

  it('never enrolls the card: the budget check before the CCE call sees the client gone', async () => {
    const input = anEnrollment();
    process.kill(ferret.pid, 'SIGSTOP');
    try {
      const gaveUp = await request(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ENROLL_MUTATION, variables: { input } }),
        signal: AbortSignal.timeout(500),
      }).catch((error: { name: string }) => error.name);
      expect(gaveUp).toBe('TimeoutError');
    } finally {
      process.kill(ferret.pid, 'SIGCONT');
    }

    await waitUntil(
      () => gateway.output().includes('"outcome":"REQUEST_TIMEOUT"'),
      30_000,
      'the request ends',
    );

    expect(sandbox.callCount('POST /issuers/users')).toBe(0);
    expect(sandbox.state.userCount).toBe(0);
    expect((await gateway.graphql(ENROLL_MUTATION, { input })).errors).toBeUndefined();
  });
});
