import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { refusedAuthorizations } from '../support/tokens';

const OPERATIONS: [string, string, () => Record<string, unknown>][] = [
  ['users', '{ users(first: 5) { totalCount edges { node { id } } } }', () => ({})],
  [
    'users with every personal-data field',
    '{ users(first: 5) { edges { node { email { value } name { firstName } cardholderName locale } } } }',
    () => ({}),
  ],
  [
    '_entities',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email { value } } } }',
    () => ({ r: [{ __typename: 'User', id: '00000000-0000-4000-8000-000000000000' }] }),
  ],
  ['user(id)', '{ user(id: "00000000-0000-4000-8000-000000000000") { id } }', () => ({})],
  [
    'enrollUser',
    'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }',
    () => ({ input: anEnrollment() }),
  ],
  [
    'deleteUsers',
    'mutation { deleteUsers(ids: ["00000000-0000-4000-8000-000000000000"]) { acceptedIds } }',
    () => ({}),
  ],
];

describe('authentication: every operation refuses a caller without a valid token', () => {
  let fixture: GatewayFixture;
  let refused: [string, string | undefined][];

  beforeAll(async () => {
    // The subgraph schema: the plain operations plus a router's _entities.
    fixture = await startGatewayFixture({ schemaMode: 'subgraph' });
    refused = await refusedAuthorizations(fixture.tokens);
  });

  afterAll(async () => {
    await fixture.close();
  });

  it.each(OPERATIONS)(
    '%s answers 401 UNAUTHENTICATED with WWW-Authenticate: Bearer, no hint of why, and nothing done',
    async (_name, query, variables) => {
      for (const [description, authorization] of refused) {
        const findsBefore = fixture.usersFindCount();
        const cceCallsBefore =
          fixture.sandbox.callCount('POST /issuers/users') +
          fixture.sandbox.callCount('POST /issuers/user-deletions');

        const response = await fixture.graphqlAs(authorization ? { authorization } : {}, query, variables());

        expect({ description, status: response.status }).toEqual({ description, status: 401 });
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.data ?? null).toBeNull();
        expect(response.errors).toEqual([
          {
            message: 'Authentication required: send a valid bearer token',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ]);
        expect(fixture.usersFindCount()).toBe(findsBefore);
        expect(
          fixture.sandbox.callCount('POST /issuers/users') +
            fixture.sandbox.callCount('POST /issuers/user-deletions'),
        ).toBe(cceCallsBefore);
      }
    },
  );

  it('accepts scopes as a `scp` array as well as a `scope` string', async () => {
    const token = await fixture.tokens.mint({ scope: undefined, scp: ['users:read'] });

    const response = await fixture.graphqlAs(
      { authorization: `Bearer ${token}` },
      '{ users { totalCount } }',
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ users: { totalCount: 0 } });
  });

  it('refuses a token whose sub or client_id is not a bounded string', async () => {
    for (const claims of [{ sub: { a: 1 } }, { sub: 'x'.repeat(257) }, { client_id: ['app'] }]) {
      const token = await fixture.tokens.mint(claims as Record<string, unknown>);

      const response = await fixture.graphqlAs(
        { authorization: `Bearer ${token}` },
        '{ users { totalCount } }',
      );

      expect(response.status).toBe(401);
    }
  });

  it('refuses a token whose user binding claim is not a CCE user id', async () => {
    const token = await fixture.tokens.mint({ cce_user_id: 'not-a-user-id' });

    const response = await fixture.graphqlAs(
      { authorization: `Bearer ${token}` },
      '{ users { totalCount } }',
    );

    expect(response.status).toBe(401);
  });
});

describe('authentication turned off (AUTH_DISABLED=true)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ auth: false });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('serves callers without a token', async () => {
    const response = await fixture.graphqlAs({}, '{ users { totalCount } }');

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ users: { totalCount: 0 } });
  });
});

describe('authentication with verified tokens reused (AUTH_TOKEN_CACHE_SECONDS)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('refuses an altered copy of a token it has just accepted: the signature, the claims or the header', async () => {
    const token = await fixture.tokens.mint({ scope: 'users:read' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const widened = Buffer.from(
      JSON.stringify({ ...claims, scope: 'users:read users:read_pii users:delete' }),
    );
    const flipped = signature.at(0) === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const altered = [
      `${header}.${payload}.${flipped}`,
      `${header}.${widened.toString('base64url')}.${signature}`,
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.${signature}`,
      `${header}.${payload}.`,
    ];

    const accepted = await fixture.graphqlAs(
      { authorization: `Bearer ${token}` },
      '{ users { totalCount } }',
    );
    expect(accepted.errors).toBeUndefined();
    for (const copy of altered) {
      const response = await fixture.graphqlAs(
        { authorization: `Bearer ${copy}` },
        '{ users { totalCount } }',
      );
      expect({ copy, status: response.status }).toEqual({ copy, status: 401 });
    }
    const again = await fixture.graphqlAs({ authorization: `Bearer ${token}` }, '{ users { totalCount } }');
    expect(again.errors).toBeUndefined();
  });
});
