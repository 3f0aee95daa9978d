import { Writable } from 'node:stream';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const DASHBOARD = 'query ($id: ID!) { user(id: $id) { dashboard(lang: SV) { url expiresAt } } }';
const DASHBOARD_CALL = 'GET /issuers/users/{userid}/dashboards';

type Answer = { user: { dashboard: { url: string; expiresAt: string } | null } };

describe('User.dashboard', () => {
  let fixture: GatewayFixture;
  let userId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
      input: anEnrollment(),
    });
    userId = enrolled.data!.enrollUser.user.id;
  });

  afterAll(() => fixture.close());

  it("answers CCE's short-lived URL, decrypted, in the language asked, and an expiry", async () => {
    const asked = fixture.clock.now.getTime();
    const response = await fixture.graphql<Answer>(DASHBOARD, { id: userId });

    expect(response.errors).toBeUndefined();
    const dashboard = response.data!.user.dashboard!;
    const url = new URL(dashboard.url);
    expect(url.protocol).toBe('https:');
    expect(url.searchParams.get('lang')).toBe('sv');
    expect(url.searchParams.get('auth_token')).toBeTruthy();
    // The sandbox's URLs live five minutes (expiryInMillis 300000).
    expect(Date.parse(dashboard.expiresAt)).toBe(asked + 300_000);
  });

  it('is a fresh URL for every request (never cached), and never written to the log', async () => {
    const calls = fixture.sandbox.callCount(DASHBOARD_CALL);
    const first = await fixture.graphql<Answer>(DASHBOARD, { id: userId });
    const second = await fixture.graphql<Answer>(DASHBOARD, { id: userId });

    expect(fixture.sandbox.callCount(DASHBOARD_CALL)).toBe(calls + 2);
    const tokens = [first, second].map((response) =>
      new URL(response.data!.user.dashboard!.url).searchParams.get('auth_token')!,
    );
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const token of tokens) expect(logLines.join('')).not.toContain(token);
    expect(await fixture.connection.db!.listCollections({ name: 'dashboards' }).toArray()).toEqual([]);
  });

  it('shares one CCE call between aliases asking for the same dashboard', async () => {
    const calls = fixture.sandbox.callCount(DASHBOARD_CALL);
    const response = await fixture.graphql(
      'query ($id: ID!) { user(id: $id) { a: dashboard(lang: SV) { url } b: dashboard(lang: SV) { url } } }',
      { id: userId },
    );

    expect(response.errors).toBeUndefined();
    expect(fixture.sandbox.callCount(DASHBOARD_CALL)).toBe(calls + 1);
  });

  it('needs users:dashboard, or a token bound to this cardholder', async () => {
    const as = async (claims: Record<string, unknown>) =>
      fixture.graphqlAs({ authorization: `Bearer ${await fixture.tokens.mint(claims)}` }, DASHBOARD, {
        id: userId,
      });
    const calls = fixture.sandbox.callCount(DASHBOARD_CALL);

    const withoutScope = await as({ scope: 'users:read users:read_pii' });
    expect(withoutScope.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['users:dashboard'],
    });
    expect(fixture.sandbox.callCount(DASHBOARD_CALL)).toBe(calls);

    const ownCardholder = await as({ scope: 'users:read', cce_user_id: userId });
    expect(ownCardholder.errors).toBeUndefined();
    expect(fixture.sandbox.callCount(DASHBOARD_CALL)).toBe(calls + 1);
  });
});

describe('User.dashboard without CCE_DECRYPTION_KEY_FILE', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ decryptionKey: false });
  });

  afterAll(() => fixture.close());

  it('answers NOT_CONFIGURED and sends nothing to CCE', async () => {
    const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
      input: anEnrollment(),
    });
    const response = await fixture.graphql<Answer>(DASHBOARD, { id: enrolled.data!.enrollUser.user.id });

    expect(response.errors![0]!.extensions).toMatchObject({ code: 'NOT_CONFIGURED', outcome: 'NOT_SENT' });
    expect(response.data!.user.dashboard).toBeNull();
    expect(fixture.sandbox.callCount(DASHBOARD_CALL)).toBe(0);
  });
});
