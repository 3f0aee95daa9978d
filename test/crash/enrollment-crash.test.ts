import { mkdtempSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { startFerretDb, type RunningFerretDb } from '../../src/database/embedded/ferretdb-process';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import type { EnrollmentStep } from '../../src/users/enrollment-service';
import { anEnrollment } from '../support/builders';
import { jsonLines, runCommand, waitUntil } from '../support/commands';
import {
  childGatewayEnvironment,
  ENROLL_MUTATION,
  startChildGateway,
  type ChildGateway,
  CHILD_KEYS,
} from '../support/child-gateway';
import { testMongoUri } from '../support/test-database';

const ENROLLMENTS = 'POST /issuers/users';
jest.setTimeout(90_000);

/**
 * kill -9 of a real gateway process at each step of an enrollment. After a restart (whose start-up
 * maintenance run replays the journal and sweeps), every card CCE holds is ACTIVE with CCE's userid
 * or OUTCOME_UNKNOWN and listed for operators; nothing vanishes.
 */
describe('a gateway killed (-9) in the middle of an enrollment', () => {
  let sandbox: RunningSandbox;
  let database: Connection;
  let mongodbUri: string;
  let env: Record<string, string>;
  const children: ChildGateway[] = [];

  async function start(options: { pauseAt?: EnrollmentStep } = {}): Promise<ChildGateway> {
    const child = await startChildGateway(env, options);
    children.push(child);
    return child;
  }

  function setUp(uri: string, extra: Record<string, string> = {}) {
    mongodbUri = uri;
    env = childGatewayEnvironment({
      sandbox,
      mongodbUri,
      dataDir: mkdtempSync(path.join(tmpdir(), 'cce-crash-')),
      extra,
    });
  }

  beforeEach(async () => {
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill9();
    await database?.dropDatabase().catch(() => undefined);
    await database?.close();
    await sandbox.close();
  });

  async function openDatabase(): Promise<void> {
    database = await mongoose.createConnection(mongodbUri).asPromise();
  }

  /** The invariant: compare who CCE holds with what the cache and the operators' list show. */
  async function expectEveryCardCceHoldsAccountedFor(): Promise<{ active: number; unknown: number }> {
    const documents = await database.collection('users').find({}).toArray();
    const listed = await runCommand('outcomes.ts', ['list'], { MONGODB_URI: mongodbUri, ...CHILD_KEYS });
    expect(listed.code).toBe(0);
    const outcomes = jsonLines(listed.stdout);
    let active = 0;
    let unknown = 0;
    for (const held of sandbox.state.list()) {
      const user = documents.find((document) => document.userId === held.userId);
      if (user?.status === 'ACTIVE') active += 1;
      else {
        expect(outcomes).toContainEqual(expect.objectContaining({ cardLast4: held.cardLast4 }));
        unknown += 1;
      }
    }
    expect(documents.filter((document) => document.status === 'ENROLLING')).toEqual([]);
    return { active, unknown };
  }

  async function enrollAndKillAt(step: EnrollmentStep): Promise<void> {
    const gateway = await start({ pauseAt: step });
    void gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() }).catch(() => undefined);
    await waitUntil(
      () => gateway.output().includes(`TEST_ONLY paused at ${step}`),
      20_000,
      `paused at ${step}`,
    );
    await gateway.kill9();
  }

  describe('on the shared test database', () => {
    beforeEach(async () => {
      setUp(`${testMongoUri().replace(/\/$/, '')}/crash_${randomUUID().slice(0, 8)}`);
      await openDatabase();
    });

    it('before the CCE call: CCE holds nothing, the intent waits for an operator as OUTCOME_UNKNOWN', async () => {
      await enrollAndKillAt('before-cce-call');
      await start();

      expect(sandbox.callCount(ENROLLMENTS)).toBe(0);
      expect(await database.collection('users').countDocuments({ status: 'OUTCOME_UNKNOWN' })).toBe(1);
      expect(await expectEveryCardCceHoldsAccountedFor()).toEqual({ active: 0, unknown: 0 });
    });

    it('during the CCE call (CCE enrolls after the gateway died): OUTCOME_UNKNOWN, listed', async () => {
      const gateway = await start();
      sandbox.faults.latencyMs = 1500;
      void gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() }).catch(() => undefined);
      await waitUntil(() => sandbox.callCount(ENROLLMENTS) === 1, 20_000, 'CCE is called');
      await gateway.kill9();
      await waitUntil(() => sandbox.state.userCount === 1, 10_000, 'CCE enrolled the card');
      sandbox.faults.latencyMs = 0;

      await start();

      expect(await expectEveryCardCceHoldsAccountedFor()).toEqual({ active: 0, unknown: 1 });
    });

    it('after CCE answered, before the journal append: OUTCOME_UNKNOWN, listed', async () => {
      await enrollAndKillAt('cce-answered');
      await start();

      expect(sandbox.state.userCount).toBe(1);
      expect(await expectEveryCardCceHoldsAccountedFor()).toEqual({ active: 0, unknown: 1 });
    });

    it("after the journal append, before the database write: the restart's replay makes the user ACTIVE", async () => {
      await enrollAndKillAt('completion-journaled');
      await start();

      expect(sandbox.state.userCount).toBe(1);
      expect(await expectEveryCardCceHoldsAccountedFor()).toEqual({ active: 1, unknown: 0 });
    });
  });

  describe('on a database that stops answering', () => {
    let ferret: RunningFerretDb;

    beforeAll(async () => {
      ferret = await startFerretDb(() => undefined);
    });

    afterAll(async () => {
      await ferret.stop();
    });

    it('during the completion retries (database stalled): the restart replays the journal, the user is ACTIVE', async () => {
      setUp(`${ferret.uri.replace(/\/$/, '')}/crash_retries`, {
        MONGODB_SOCKET_TIMEOUT_MS: '1000',
        MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      });
      await openDatabase();
      const gateway = await start();
      sandbox.faults.latencyMs = 800;
      void gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() }).catch(() => undefined);
      await waitUntil(() => sandbox.callCount(ENROLLMENTS) === 1, 20_000, 'CCE is called');
      process.kill(ferret.pid, 'SIGSTOP');
      try {
        await waitUntil(
          () =>
            readFileSync(env.ENROLLMENT_JOURNAL_PATH!, { encoding: 'utf8', flag: 'a+' }).includes('userId'),
          20_000,
          'the completion is journaled while the database write is retried',
        );
        await gateway.kill9();
      } finally {
        process.kill(ferret.pid, 'SIGCONT');
      }
      sandbox.faults.latencyMs = 0;

      await start();

      expect(sandbox.state.userCount).toBe(1);
      expect(await expectEveryCardCceHoldsAccountedFor()).toEqual({ active: 1, unknown: 0 });
    });
  });
});
