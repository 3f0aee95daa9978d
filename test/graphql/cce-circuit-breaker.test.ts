import { request } from 'undici';
import { DeleteUsersDocument, EnrollUserDocument } from '../generated/operations';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLLMENTS = 'POST /issuers/users';
const DELETIONS = 'POST /issuers/user-deletions';

describe('the CCE circuit breaker and retries', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      cceResilience: { breakerFailures: 3, breakerHalfOpenAfterMs: 300 },
    });
  });

  afterEach(() => fixture.sandbox.faults.reset());

  afterAll(() => fixture.close());

  async function breakerState(endpoint: string): Promise<number> {
    const text = await (await request(`${fixture.url}/metrics`)).body.text();
    const line = text
      .split('\n')
      .find((each) => each.startsWith(`cce_circuit_breaker_state{endpoint="${endpoint}"}`));
    return Number(line?.split(' ').at(-1));
  }

  it('opens after repeated CCE failures, answers NOT_SENT without calling CCE, then half-opens and closes', async () => {
    fixture.sandbox.faults.failNext(3, { kind: 'status', status: 503 });
    for (let failure = 0; failure < 3; failure += 1) {
      const failed = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });
      expect(failed.errors![0]!.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'UNKNOWN',
      });
    }
    const callsWhenOpened = fixture.sandbox.callCount(ENROLLMENTS);
    const usersWhenOpened = await fixture.users.countDocuments();

    const refused = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });

    expect(refused.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_SENT' });
    expect(refused.errors![0]!.message).toMatch(/not sent and nothing changed/);
    expect(fixture.sandbox.callCount(ENROLLMENTS)).toBe(callsWhenOpened);
    expect(await fixture.users.countDocuments()).toBe(usersWhenOpened);
    expect(await breakerState('enrollUser')).toBe(2);
    // One breaker per endpoint: deletions still reach CCE.
    expect(await breakerState('deleteUsers')).toBe(0);

    // Once the break is over, the next enrollment is let through as a test call, and succeeds.
    let enrolled;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      enrolled = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });
    } while (fixture.sandbox.callCount(ENROLLMENTS) === callsWhenOpened);

    expect(enrolled.errors).toBeUndefined();
    expect(fixture.sandbox.state.has(enrolled.data!.enrollUser.user.id)).toBe(true);
    expect(await breakerState('enrollUser')).toBe(0);
  });

  it('retries a failed deletion batch with backoff (deletion is idempotent), but never an enrollment', async () => {
    const enrolled = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });
    const id = enrolled.data!.enrollUser.user.id;
    const deletionsBefore = fixture.sandbox.callCount(DELETIONS);
    fixture.sandbox.faults.failNext(2, { kind: 'status', status: 503 });

    const deleted = await fixture.graphql(DeleteUsersDocument, { ids: [id] });

    expect(deleted.data!.deleteUsers).toEqual({ acceptedIds: [id], notFoundIds: [], failures: [] });
    expect(fixture.sandbox.callCount(DELETIONS) - deletionsBefore).toBe(3);

    const enrollmentsBefore = fixture.sandbox.callCount(ENROLLMENTS);
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 });
    const failed = await fixture.graphql(EnrollUserDocument, { input: anEnrollment() });

    expect(failed.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(fixture.sandbox.callCount(ENROLLMENTS) - enrollmentsBefore).toBe(1);
  });
});
