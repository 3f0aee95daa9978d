import { DeleteUsersDocument, EnrollUserDocument, UserDeletionStateDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { waitUntil } from '../support/commands';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('deleteUsers when CCE does not answer in time', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ cceTimeoutMs: 300 });
  });

  afterAll(() => fixture.close());

  it('reports the ids with outcome UNKNOWN, and the reconcile step re-checks them until the cache agrees with CCE', async () => {
    const enrolled = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });
    const id = enrolled.data!.enrollUser.user.id;
    fixture.sandbox.faults.latencyMs = 1000;

    const response = await fixture.graphql(DeleteUsersDocument, { ids: [id] });

    expect(response.data!.deleteUsers).toEqual({
      acceptedIds: [],
      notFoundIds: [],
      failures: [{ id, code: 'UPSTREAM_UNAVAILABLE', reasonCode: null, outcome: 'UNKNOWN' }],
    });
    // CCE deleted the user after the gateway stopped waiting.
    await waitUntil(() => !fixture.sandbox.state.has(id), 10_000, 'CCE deleted the user');
    expect((await fixture.graphql(UserDeletionStateDocument, { id })).data!.user).toMatchObject({
      status: 'ACTIVE',
    });
    fixture.sandbox.faults.latencyMs = 0;

    const report = await fixture.gateway.maintenance.run();

    expect(report).toMatchObject({ deletionsRechecked: 1 });
    expect((await fixture.graphql(UserDeletionStateDocument, { id })).data!.user).toMatchObject({
      status: 'DELETED',
    });
    expect(await fixture.gateway.maintenance.run()).toMatchObject({ deletionsRechecked: 0 });
  });
});
