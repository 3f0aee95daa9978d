import { EnrollUserDocument, ListUsersDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('enrollUser when CCE or the database fail', () => {
  let fixture: GatewayFixture;

  beforeEach(async () => {
    fixture = await startGatewayFixture({ cceTimeoutMs: 300 });
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('answers UPSTREAM_UNAVAILABLE with an unknown outcome after the CCE deadline, and stores nothing', async () => {
    const input = anEnrollment();
    fixture.sandbox.faults.latencyMs = 1000;

    const response = await fixture.graphql(EnrollUserDocument, { input });

    expect(response.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(response.errors![0]!.message).toMatch(/whether it acted is unknown/);
    expect(await fixture.users.countDocuments()).toBe(0);
    // Why the outcome is "unknown": CCE finished the enrollment after the gateway stopped waiting,
    // so a retry is refused as a duplicate rather than enrolled twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    fixture.sandbox.faults.latencyMs = 0;
    const retried = await fixture.graphql(EnrollUserDocument, { input });
    expect(retried.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
  });

  it('loses no enrollment when the database fails after CCE accepted it: the reconcile step completes it', async () => {
    const input = anEnrollment();
    const uri = fixture.connection.getClient().options.hosts.join(',');
    const dbName = fixture.connection.name;
    // CCE answers after 200 ms; the database goes away while the gateway waits for it.
    fixture.sandbox.faults.latencyMs = 200;
    const pending = fixture.graphql(EnrollUserDocument, { input });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await fixture.connection.close();

    const response = await pending;

    expect(response.errors).toBeUndefined();
    const userId = response.data!.enrollUser.user.id;
    expect(fixture.sandbox.state.has(userId)).toBe(true);
    expect(await fixture.journal.entries()).toEqual([expect.objectContaining({ userId })]);
    expect(JSON.stringify(await fixture.journal.entries())).not.toContain(input.cardNumber);

    await fixture.connection.openUri(`mongodb://${uri}/`, { dbName, bufferCommands: false });
    const report = await fixture.gateway.maintenance.run();

    expect(report).toMatchObject({ completed: 1, stillPending: 0 });
    expect(await fixture.journal.entries()).toEqual([]);
    const listed = await fixture.graphql(ListUsersDocument, {});
    expect(listed.data!.users.edges.map((edge) => edge.node.id)).toEqual([userId]);
  });

  it('removes an abandoned enrollment intent, freeing its card', async () => {
    const input = anEnrollment();
    fixture.clock.now = new Date('2026-05-01T10:00:00.000Z');
    fixture.sandbox.faults.latencyMs = 1000;
    const uri = fixture.connection.getClient().options.hosts.join(',');
    const dbName = fixture.connection.name;
    // The intent is written, then the database disappears before the failed call can remove it.
    const pending = fixture.graphql(EnrollUserDocument, { input });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fixture.connection.close();
    expect((await pending).errors![0]!.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    await fixture.connection.openUri(`mongodb://${uri}/`, { dbName, bufferCommands: false });
    fixture.sandbox.faults.latencyMs = 0;
    expect(await fixture.users.countDocuments({ status: 'ENROLLING' })).toBe(1);

    const refused = await fixture.graphql(EnrollUserDocument, { input });
    fixture.clock.now = new Date('2026-05-01T10:20:00.000Z');
    const report = await fixture.gateway.maintenance.run();
    const retried = await fixture.graphql(EnrollUserDocument, { input });

    expect(refused.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(report).toMatchObject({ abandoned: 1 });
    expect(retried.errors).toBeUndefined();
  });
});
