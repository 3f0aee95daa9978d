import { request } from 'undici';
import { EnrollUserDocument, ListUsersDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { jsonLines, runCommand, waitUntil } from '../support/commands';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { testMongoUri } from '../support/test-database';

describe('enrollUser when CCE or the database fail', () => {
  let fixture: GatewayFixture;
  let commandEnv: Record<string, string>;

  beforeEach(async () => {
    fixture = await startGatewayFixture({ cceTimeoutMs: 300 });
    commandEnv = {
      MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/${fixture.connection.name}`,
      ...fixture.keyEnvironment,
    };
  });

  afterEach(async () => {
    await fixture.close();
  });

  async function reopenDatabase(): Promise<void> {
    const hosts = fixture.connection.getClient().options.hosts.join(',');
    await fixture.connection.openUri(`mongodb://${hosts}/`, {
      dbName: fixture.connection.name,
      bufferCommands: false,
    });
  }

  it('keeps a timed-out enrollment CCE went on to accept as OUTCOME_UNKNOWN, listed for operators and resolvable', async () => {
    const input = anEnrollment();
    fixture.sandbox.faults.latencyMs = 1000;

    const response = await fixture.graphql(EnrollUserDocument, { input });

    expect(response.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(response.errors![0]!.message).toMatch(/kept as OUTCOME_UNKNOWN/);
    const intent = await fixture.users.findOne({ cardLast4: input.cardNumber.slice(-4) }).lean();
    expect(intent).toMatchObject({ status: 'OUTCOME_UNKNOWN' });
    // CCE finishes the enrollment after the gateway stopped waiting.
    await waitUntil(() => fixture.sandbox.state.userCount === 1, 5_000, 'CCE enrolled the card');
    fixture.sandbox.faults.latencyMs = 0;
    const callsBefore = fixture.sandbox.callCount('POST /issuers/users');
    const retried = await fixture.graphql(EnrollUserDocument, { input });
    expect(retried.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(retried.errors![0]!.message).toMatch(/unknown outcome/);
    expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(callsBefore);
    expect((await fixture.graphql(ListUsersDocument, {})).data!.users.totalCount).toBe(0);
    const metrics = await (await request(`${fixture.url}/metrics`)).body.text();
    expect(metrics).toContain('enrollment_outcome_unknown_total{source="request"} 1');

    const listed = await runCommand('outcomes.ts', ['list'], commandEnv);
    expect(listed.code).toBe(0);
    expect(jsonLines(listed.stdout)).toEqual([
      expect.objectContaining({ intentId: intent!._id, cardLast4: input.cardNumber.slice(-4) }),
    ]);
    expect(listed.stdout).not.toContain(input.cardNumber);

    // The operator learns the userid from Mastercard and attaches it.
    const [held] = fixture.sandbox.state.list();
    const resolved = await runCommand(
      'outcomes.ts',
      ['resolve', intent!._id, '--user-id', held!.userId],
      commandEnv,
    );
    expect(resolved.code).toBe(0);
    const users = await fixture.graphql(ListUsersDocument, {});
    expect(users.data!.users.edges.map((edge) => edge.node.id)).toEqual([held!.userId]);
    expect((await runCommand('outcomes.ts', ['list'], commandEnv)).stdout.trim()).toBe('');
  });

  it('lets an operator release the card of an unknown outcome CCE never received', async () => {
    const input = anEnrollment();
    fixture.sandbox.faults.failNext(1, { kind: 'drop' });

    const response = await fixture.graphql(EnrollUserDocument, { input });
    const intent = await fixture.users.findOne({ status: 'OUTCOME_UNKNOWN' }).lean();
    const released = await runCommand('outcomes.ts', ['release', intent!._id], commandEnv);
    const retried = await fixture.graphql(EnrollUserDocument, { input });

    expect(response.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(released.code).toBe(0);
    expect(retried.errors).toBeUndefined();
    expect(fixture.sandbox.state.has(retried.data!.enrollUser.user.id)).toBe(true);
  });

  it('removes the intent when CCE certainly did not enroll (a refusal), freeing the card at once', async () => {
    const input = anEnrollment();
    fixture.sandbox.issuer.status = 'SUSPENDED';
    let failed;
    try {
      failed = await fixture.graphql(EnrollUserDocument, { input });
    } finally {
      fixture.sandbox.issuer.status = 'ACTIVE';
    }
    const retried = await fixture.graphql(EnrollUserDocument, { input });

    expect(failed.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      outcome: 'SENT_REJECTED',
    });
    expect(retried.errors).toBeUndefined();
  });

  it('keeps the card for operators when CCE says it already holds it: a user the cache does not know', async () => {
    const input = anEnrollment();
    const heldElsewhere = await fixture.cce.enrollUser(input);

    const refused = await fixture.graphql(EnrollUserDocument, { input });

    expect(refused.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    const listed = await runCommand('outcomes.ts', ['list'], commandEnv);
    expect(jsonLines(listed.stdout)).toEqual([
      expect.objectContaining({ cardLast4: input.cardNumber.slice(-4) }),
    ]);
    const resolved = await runCommand(
      'outcomes.ts',
      ['resolve', String(jsonLines(listed.stdout)[0]!.intentId), '--user-id', heldElsewhere.userid],
      commandEnv,
    );
    expect(resolved.code).toBe(0);
  });

  it('journals the completion before the database write: a database failure after CCE accepted loses nothing', async () => {
    const input = anEnrollment();
    // CCE answers after 200 ms; the database goes away while the gateway waits for it.
    fixture.sandbox.faults.latencyMs = 200;
    const pending = fixture.graphql(EnrollUserDocument, { input });
    await waitUntil(() => fixture.sandbox.callCount('POST /issuers/users') === 1, 5_000, 'CCE is called');
    await fixture.connection.close();

    const response = await pending;

    expect(response.errors).toBeUndefined();
    const userId = response.data!.enrollUser.user.id;
    expect(fixture.sandbox.state.has(userId)).toBe(true);
    expect(await fixture.journal.entries()).toEqual([expect.objectContaining({ userId })]);
    expect(JSON.stringify(await fixture.journal.entries())).not.toContain(input.cardNumber);

    await reopenDatabase();
    const report = await fixture.gateway.maintenance.run();

    expect(report).toMatchObject({ completed: 1, stillPending: 0 });
    expect(await fixture.journal.entries()).toEqual([]);
    const listed = await fixture.graphql(ListUsersDocument, {});
    expect(listed.data!.users.edges.map((edge) => edge.node.id)).toEqual([userId]);
  });

  it('never removes an abandoned intent: the sweep makes it OUTCOME_UNKNOWN, which drops personal data after the retention', async () => {
    const input = anEnrollment({ email: { type: 'home', value: 'kept.a.while@example.com' } });
    fixture.clock.now = new Date('2026-05-01T10:00:00.000Z');
    fixture.sandbox.faults.latencyMs = 1000;
    // The intent is written, then the database disappears before the failed call can update it.
    const pending = fixture.graphql(EnrollUserDocument, { input });
    await waitUntil(() => fixture.sandbox.callCount('POST /issuers/users') === 1, 5_000, 'CCE is called');
    await fixture.connection.close();
    expect((await pending).errors![0]!.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    await reopenDatabase();
    fixture.sandbox.faults.latencyMs = 0;
    expect(await fixture.users.countDocuments({ status: 'ENROLLING' })).toBe(1);

    fixture.clock.now = new Date('2026-05-01T10:20:00.000Z');
    const report = await fixture.gateway.maintenance.run();
    const retried = await fixture.graphql(EnrollUserDocument, { input });
    fixture.clock.now = new Date('2026-06-01T10:20:00.000Z');
    const later = await fixture.gateway.maintenance.run();
    const intent = await fixture.users.collection.findOne({ status: 'OUTCOME_UNKNOWN' });

    expect(report).toMatchObject({ markedUnknown: 1, unknownOutcomes: 1 });
    expect(retried.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(later).toMatchObject({ unknownOutcomesErased: 1, unknownOutcomes: 1 });
    expect(intent).toMatchObject({ cardLast4: input.cardNumber.slice(-4) });
    expect(intent).not.toHaveProperty('personalData');
    expect(intent).not.toHaveProperty('emailIndex');
  });
});
