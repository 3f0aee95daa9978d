import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { anEnrollment } from '../support/builders';
import { runCommand, waitUntil } from '../support/commands';
import {
  childGatewayEnvironment,
  ENROLL_MUTATION,
  startChildGateway,
  type ChildGateway,
  CHILD_KEYS,
} from '../support/child-gateway';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testMongoUri } from '../support/test-database';

jest.setTimeout(90_000);

/** Quick heartbeats, sweeps and deadlines, so that the scenario plays out in seconds. */
const FAST = {
  MAINTENANCE_INTERVAL_MS: '1000',
  INSTANCE_HEARTBEAT_MS: '200',
  INSTANCE_STALE_AFTER_MS: '1500',
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
  MONGODB_SOCKET_TIMEOUT_MS: '2000',
};

describe('several gateway instances on one database', () => {
  let sandbox: RunningSandbox;
  let proxy: TcpProxy;
  let database: Connection;
  let dbName: string;
  const children: ChildGateway[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    const target = new URL(testMongoUri());
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    dbName = `instances_${randomUUID().slice(0, 8)}`;
    database = await mongoose.createConnection(`${testMongoUri().replace(/\/$/, '')}/${dbName}`).asPromise();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill9();
    await proxy.close();
    await database.dropDatabase();
    await database.close();
    await sandbox.close();
  });

  async function instance(mongodbUri: string): Promise<ChildGateway> {
    const env = childGatewayEnvironment({
      sandbox,
      mongodbUri,
      dataDir: mkdtempSync(path.join(tmpdir(), 'cce-instance-')),
      extra: FAST,
    });
    const child = await startChildGateway(env);
    children.push(child);
    return child;
  }

  it("keeps an enrollment A journaled during its database outage while B sweeps: A's replay makes it ACTIVE", async () => {
    const b = await instance(`${testMongoUri().replace(/\/$/, '')}/${dbName}`);
    const a = await instance(`mongodb://${proxy.address}/${dbName}`);
    sandbox.faults.latencyMs = 800;

    const answer = a.graphql(ENROLL_MUTATION, { input: anEnrollment() });
    await waitUntil(() => sandbox.callCount('POST /issuers/users') === 1, 20_000, 'A calls CCE');
    proxy.cut(); // A loses the database while CCE enrolls the card
    const enrolled = await answer;
    const userId = (enrolled.data!.enrollUser as { user: { id: string } }).user.id;
    // B takes A for dead (no heartbeat), takes over the sweep lease and sweeps A's intent.
    await waitUntil(
      async () => (await database.collection('users').countDocuments({ status: 'OUTCOME_UNKNOWN' })) === 1,
      20_000,
      "B's sweep marks A's intent OUTCOME_UNKNOWN",
    );
    expect(await database.collection('users').countDocuments()).toBe(1);
    proxy.restore();

    await waitUntil(
      async () => (await database.collection('users').findOne({ userId }))?.status === 'ACTIVE',
      20_000,
      "A's journal replay completes the intent",
    );
    expect(sandbox.state.has(userId)).toBe(true);
    expect(b.output()).toContain('abandoned enrollment');
  });

  it('sends a journaled completion without an intent to the dead-letter file, and reconcile exits non-zero', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cce-reconcile-'));
    mkdirSync(dataDir, { recursive: true });
    const journal = path.join(dataDir, 'journal.jsonl');
    const orphan = { intentId: randomUUID(), userId: randomUUID(), enrolledAt: new Date().toISOString() };
    appendFileSync(journal, `${JSON.stringify(orphan)}\n`);
    const env = {
      MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/${dbName}`,
      ENROLLMENT_JOURNAL_PATH: journal,
      ...CHILD_KEYS,
    };

    const first = await runCommand('reconcile.ts', [], env);
    const second = await runCommand('reconcile.ts', [], env);

    expect(first.code).toBe(3);
    expect(first.stderr).toContain('have no intent in the cache');
    expect(JSON.parse(readFileSync(`${journal}.dead-letter`, 'utf8'))).toEqual(orphan);
    // Until an operator deals with the dead letter, every run says so.
    expect(second.code).toBe(3);
  });
});
