import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const DASHBOARDS = '{ users(first: 10) { edges { node { id dashboard { url } } } } }';
const DASHBOARD_CALL = 'GET /issuers/users/{userid}/dashboards';

// Reads and writes have connection pools of their own, and a call waits for a connection outside
// its deadline: however many slow reads are in flight, an enrollment is sent at once.
describe('a burst of slow CCE reads', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ cceTimeoutMs: 1_000, cceResilience: { retryAttempts: 0 } });
    for (let i = 0; i < 4; i += 1) await fixture.graphql(ENROLL, { input: anEnrollment() });
  });

  afterAll(() => fixture.close());

  it('never delays an enrollment, nor leaves it with an unknown outcome', async () => {
    fixture.sandbox.faults.latencyFor(DASHBOARD_CALL, 900);
    try {
      const reads = Array.from({ length: 6 }, () => fixture.graphql(DASHBOARDS));
      await waitUntil(() => fixture.sandbox.callCount(DASHBOARD_CALL) >= 8);

      const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
        input: anEnrollment(),
      });

      expect(enrolled.errors).toBeUndefined();
      expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(5);
      const answers = await Promise.all(reads);
      // Reads that found no connection in time were refused unsent, on their own fields.
      const codes = answers.flatMap((answer) => (answer.errors ?? []).map((error) => error.extensions));
      for (const extensions of codes) {
        expect(extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_SENT' });
      }
      expect(await fixture.users.countDocuments({ status: 'OUTCOME_UNKNOWN' })).toBe(0);
    } finally {
      fixture.sandbox.faults.latencyFor(DASHBOARD_CALL, 0);
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
