import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

type Errors = { message: string; extensions?: Record<string, unknown> }[];

const aliased = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(' ');

const PAGE = 'users(first: 100) { edges { node { id cardLast4 status enrolledAt email { value } } } }';
const CCE_ENROLLMENTS = 'POST /issuers/users';

describe('query limits (defaults: depth 6, aliases 15, cost 5000, tokens 1000, directives 50)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  /** Sends `query` and expects it refused for `limit` before the database or CCE saw anything. */
  async function expectRefused(limit: string, query: string, variables?: Record<string, unknown>) {
    const finds = fixture.usersFindCount();
    const enrollments = fixture.sandbox.callCount(CCE_ENROLLMENTS);

    const response = await fixture.graphql(query, variables);

    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect((response.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit,
      maximum: expect.any(Number),
    });
    expect(fixture.usersFindCount()).toBe(finds);
    expect(fixture.sandbox.callCount(CCE_ENROLLMENTS)).toBe(enrollments);
  }

  it('refuses more than 15 aliases', async () => {
    await expectRefused('aliases', `{ ${aliased(16, () => 'users(first: 1) { totalCount }')} }`);
  });

  it('refuses the 200 x users(first: 100) bomb', async () => {
    await expectRefused('tokens', `{ ${aliased(200, () => PAGE)} }`);
  });

  it('refuses the 5,600 aliased totalCount bomb', async () => {
    await expectRefused('tokens', `{ users { ${aliased(5600, () => 'totalCount')} } }`);
  });

  it('refuses 50 aliased enrollUser in one request without a CCE call', async () => {
    const enroll = () => 'enrollUser(input: $input) { user { id } }';

    await expectRefused('aliases', `mutation ($input: EnrollUserInput!) { ${aliased(50, enroll)} }`, {
      input: anEnrollment(),
    });
  });

  it('refuses a mutation with more than one root field: one CCE action per request', async () => {
    const mutation =
      'mutation ($input: EnrollUserInput!, $ids: [ID!]!) { enrollUser(input: $input) { user { id } } deleteUsers(ids: $ids) { acceptedIds } }';

    await expectRefused('rootFields', mutation, { input: anEnrollment(), ids: [] });
  });

  it('refuses an operation whose pages cost more than 5000', async () => {
    // 1300 each: (2 + 11) x 100 rows.
    await expectRefused('cost', `{ ${aliased(4, () => PAGE)} }`);
  });

  it('weighs a page by its `first`, given as a variable too', async () => {
    const query = `query ($n: Int) { ${aliased(4, () => PAGE.replace('first: 100', 'first: $n'))} }`;

    const small = await fixture.graphql(query, { n: 5 });
    expect(small.errors).toBeUndefined();
    await expectRefused('cost', query, { n: 100 });
  });

  it('weighs the same operation anew for each page size and @include switch, and still refuses variables that do not fit', async () => {
    const query = `query ($n: Int, $more: Boolean!) { ${aliased(4, () =>
      PAGE.replace('first: 100', 'first: $n').replace('edges', 'edges @include(if: $more)'),
    )} }`;

    for (const round of [1, 2]) {
      const cheap = await fixture.graphql(query, { n: 100, more: false });
      expect({ round, errors: cheap.errors }).toEqual({ round, errors: undefined });
      await expectRefused('cost', query, { n: 100, more: true });
      expect((await fixture.graphql(query, { n: 5, more: true })).errors).toBeUndefined();
    }
    const misfit = await fixture.graphql(query, { n: 'many', more: false });
    expect(misfit.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(misfit.errors)).not.toContain('many');
  });

  it('weighs a page without `first` as the 20 rows it serves, literal or unset variable alike', async () => {
    const node =
      'id cardLast4 status enrolledAt cardBaseCurrency email { type value } name { firstName lastName }';
    const page = (first: string) => `users${first} { edges { node { ${node} } } }`;

    await expectRefused('cost', `{ ${aliased(15, () => page(''))} }`);
    await expectRefused('cost', `query ($f: Int) { ${aliased(15, () => page('(first: $f)'))} }`);
  });

  it('refuses operations sent with GET, however many parameters pad the URL', async () => {
    const padding = Array.from({ length: 1001 }, (_, i) => `p=${i}`).join('&');
    const query = encodeURIComponent('{ users { totalCount } }');

    const response = await fetch(`${fixture.url}/graphql?${padding}&query=${query}`, {
      headers: { authorization: `Bearer ${fixture.token}`, 'apollo-require-preflight': 'true' },
    });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { errors: Errors }).errors[0]!.extensions).toEqual({
      code: 'METHOD_NOT_ALLOWED',
    });
  });

  it('refuses more than 50 directives', async () => {
    const fields = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    await expectRefused('directives', `{ users { totalCount ${fields} } }`);
  });

  it('refuses more than 1000 tokens before parsing', async () => {
    await expectRefused(
      'tokens',
      `{ users { ${Array.from({ length: 1000 }, () => '__typename').join(' ')} } }`,
    );
  });

  it('answers a legitimate query while bombs are being refused', async () => {
    const bombs = Array.from({ length: 4 }, () => fixture.graphql(`{ ${aliased(200, () => PAGE)} }`));
    const legitimate = fixture.graphql('{ users(first: 20) { totalCount edges { node { id } } } }');

    const [answer, ...refusals] = await Promise.all([legitimate, ...bombs]);

    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ users: { totalCount: expect.any(Number), edges: expect.any(Array) } });
    for (const refusal of refusals) expect(refusal.status).toBe(400);
  });

  it('refuses automatic persisted query registration', async () => {
    const response = await fixture.graphql('{ users { totalCount } }', undefined);
    const registration = await fixture.graphqlAs(
      { authorization: `Bearer ${fixture.token}` },
      '{ users { totalCount } }',
    );
    expect(response.errors).toBeUndefined();
    expect(registration.errors).toBeUndefined();

    const hashOnly = await fetch(`${fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
    });
    const body = (await hashOnly.json()) as { errors: Errors };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_SUPPORTED' });
  });
});

describe('configured limits', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ queryLimits: { maxDepth: 3, maxAliases: 100, maxTokens: 5000 } });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('refuses an operation deeper than GRAPHQL_MAX_DEPTH, fragments included', async () => {
    const response = await fixture.graphql(
      '{ users { ...Page } } fragment Page on UserConnection { edges { node { email { value } } } }',
    );

    expect((response.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'depth',
      maximum: 3,
    });
  });

  it('counts totalCount once per connection, however many aliases ask for it', async () => {
    const before = fixture.usersCommandCount('aggregate') + fixture.usersCommandCount('count');

    const response = await fixture.graphql(`{ users { ${aliased(50, () => 'totalCount')} } }`);

    expect(response.errors).toBeUndefined();
    expect(fixture.usersCommandCount('aggregate') + fixture.usersCommandCount('count') - before).toBe(1);
  });
});
