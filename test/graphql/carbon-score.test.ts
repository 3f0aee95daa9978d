import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const SCORES = `query ($first: Int) {
  users(first: $first) { edges { node { id carbonScore { status carbonEmissionInGrams aggregateDate availableAt } } } }
}`;
const SCORE_CALL = 'GET /issuers/users/{userid}/aggregate-carbon-scores';
const HOUR = 3600_000;

type Score = {
  status: 'AVAILABLE' | 'PENDING';
  carbonEmissionInGrams: string | null;
  aggregateDate: string | null;
  availableAt: string | null;
};
type Page = { users: { edges: { node: { id: string; carbonScore: Score | null } }[] } };

const USERS = 6;
const CONCURRENCY = 2;

describe('User.carbonScore', () => {
  let fixture: GatewayFixture;

  const page = () => fixture.graphql<Page>(SCORES, { first: 100 });
  const later = (ms: number) => (fixture.clock.now = new Date(fixture.clock.now.getTime() + ms));

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      cceReadConcurrency: CONCURRENCY,
      carbonScoreCacheMs: HOUR,
      // One failed call is one failed field: no retry hides it here.
      cceResilience: { retryAttempts: 0 },
    });
    for (let i = 0; i < USERS; i += 1) await fixture.graphql(ENROLL, { input: anEnrollment() });
  });

  afterAll(() => fixture.close());

  it('is PENDING until CCE has scored (24 h after enrollment), without asking CCE', async () => {
    const response = await page();

    expect(response.errors).toBeUndefined();
    for (const { node } of response.data!.users.edges) {
      expect(node.carbonScore).toMatchObject({ status: 'PENDING', carbonEmissionInGrams: null });
      expect(Date.parse(node.carbonScore!.availableAt!)).toBeGreaterThan(fixture.clock.now.getTime());
    }
    expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(0);
  });

  it("then answers CCE's decimal grams and period, at most CCE_READ_CONCURRENCY calls at once", async () => {
    later(25 * HOUR);
    fixture.sandbox.faults.latencyFor(SCORE_CALL, 50);
    try {
      const response = await page();

      expect(response.errors).toBeUndefined();
      for (const { node } of response.data!.users.edges) {
        expect(node.carbonScore).toMatchObject({ status: 'AVAILABLE', availableAt: null });
        expect(node.carbonScore!.carbonEmissionInGrams).toMatch(/^\d+(\.\d+)?$/);
        expect(node.carbonScore!.aggregateDate).toMatch(/^[a-z]+-\d{4}$/);
      }
      expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(USERS);
      expect(fixture.sandbox.maxInFlight(SCORE_CALL)).toBeLessThanOrEqual(CONCURRENCY);
      expect(fixture.sandbox.maxInFlight(SCORE_CALL)).toBeGreaterThan(0);
    } finally {
      fixture.sandbox.faults.latencyFor(SCORE_CALL, 0);
    }
  });

  it('serves the same scores from the database within the cache time, with no CCE call', async () => {
    const first = await page();
    const calls = fixture.sandbox.callCount(SCORE_CALL);

    later(HOUR / 2);
    const second = await page();

    expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(calls);
    expect(second.data).toEqual(first.data);
    const stored = await fixture.connection.collection('carbon_scores').countDocuments();
    expect(stored).toBe(USERS);
  });

  it('asks CCE again once the cache time has passed', async () => {
    const calls = fixture.sandbox.callCount(SCORE_CALL);
    later(HOUR);

    await page();

    expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(calls + USERS);
  });

  it("makes one user's CCE failure an error on that user's field, and serves the rest", async () => {
    later(2 * HOUR);
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 }, SCORE_CALL);

    const response = await page();

    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error!.path).toEqual(['users', 'edges', expect.any(Number), 'node', 'carbonScore']);
    const scores = response.data!.users.edges.map(({ node }) => node.carbonScore);
    expect(scores.filter((score) => score === null)).toHaveLength(1);
    expect(scores.filter((score) => score?.status === 'AVAILABLE')).toHaveLength(USERS - 1);
  });
});

describe('User.carbonScore and the CCE-read budget', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ rateLimits: { cceReadsPerMinute: 2 } });
    for (let i = 0; i < 3; i += 1) await fixture.graphql(ENROLL, { input: anEnrollment() });
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 25 * HOUR);
  });

  afterAll(() => fixture.close());

  it('serves the scores the caller’s budget allows, and refuses the rest as RATE_LIMITED field errors, unsent', async () => {
    const response = await fixture.graphql<Page>(SCORES, { first: 3 });

    expect(response.errors!.map((error) => error.extensions!.code)).toEqual(['RATE_LIMITED']);
    expect(response.errors![0]!.extensions).toMatchObject({ budget: 'cceReads' });
    const scores = response.data!.users.edges.map(({ node }) => node.carbonScore?.status ?? null);
    expect(scores.filter((status) => status === 'AVAILABLE')).toHaveLength(2);
    expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(2);

    // The budget is spent: the next page asks CCE for nothing, and the cached two are still served.
    const next = await fixture.graphql<Page>(SCORES, { first: 3 });
    expect(next.errors!.map((error) => error.extensions!.code)).toEqual(['RATE_LIMITED']);
    expect(fixture.sandbox.callCount(SCORE_CALL)).toBe(2);
  });
});
