import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const PII_PAGE =
  '{ users(first: 5) { edges { node { id cardLast4 status email { value } name { firstName } cardholderName locale } } } }';
const ENTITIES =
  'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id cardLast4 email { value } } } }';
const CCE_CALLS = ['POST /issuers/users', 'POST /issuers/user-deletions'];

type Errors = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];

describe('authorization by scope and by user binding', () => {
  let fixture: GatewayFixture;
  let jane: string;
  let john: string;

  const cceCalls = () => CCE_CALLS.reduce((sum, call) => sum + fixture.sandbox.callCount(call), 0);
  const as = async (claims: Record<string, unknown>, query: string, variables?: Record<string, unknown>) => {
    const token = await fixture.tokens.mint(claims);
    return fixture.graphqlAs({ authorization: `Bearer ${token}` }, query, variables);
  };
  const withScopes = (...scopes: string[]) => ({ scope: scopes.join(' ') });

  beforeAll(async () => {
    fixture = await startGatewayFixture({ schemaMode: 'subgraph' });
    const enroll = async (firstName: string) => {
      const response = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
        input: anEnrollment({ name: { firstName, lastName: 'Doe' } }),
      });
      return response.data!.enrollUser.user.id;
    };
    jane = await enroll('Jane');
    john = await enroll('John');
  });

  afterAll(async () => {
    await fixture.close();
  });

  describe('each operation needs its scope: FORBIDDEN naming it, and nothing done', () => {
    it.each([
      ['users', 'users:read', '{ users { totalCount } }', {}],
      ['user(id)', 'users:read', '{ user(id: "00000000-0000-4000-8000-000000000000") { id } }', {}],
      ['enrollUser', 'users:enroll', ENROLL, { input: anEnrollment() }],
      [
        'deleteUsers',
        'users:delete',
        'mutation ($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }',
        {},
      ],
      ['_entities', 'users:read', ENTITIES, {}],
    ] as const)('%s needs %s', async (name, scope, query, variables) => {
      const others = ['users:read', 'users:read_pii', 'users:enroll', 'users:delete'].filter(
        (s) => s !== scope,
      );
      const before = cceCalls();

      const response = await as(withScopes(...others), query, {
        ...variables,
        ...(name === 'deleteUsers' ? { ids: [jane] } : {}),
        ...(name === '_entities' ? { r: [{ __typename: 'User', id: jane }] } : {}),
      });

      const errors = response.errors as Errors;
      expect(errors[0]).toMatchObject({
        message: `Missing scope: ${scope}`,
        extensions: { code: 'FORBIDDEN', requiredScopes: [scope] },
      });
      expect(cceCalls()).toBe(before);
    });

    it('a deletion refused for its scope leaves the user ACTIVE', async () => {
      await as(
        withScopes('users:read'),
        'mutation ($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }',
        {
          ids: [jane],
        },
      );

      const response = await fixture.graphql<{ user: { status: string } }>(
        `{ user(id: "${jane}") { status } }`,
      );
      expect(response.data!.user.status).toBe('ACTIVE');
    });
  });

  describe('personal data needs users:read_pii', () => {
    it('without it, each personal field is a field error (null) and the rest of the page is served', async () => {
      const response = await as(withScopes('users:read'), PII_PAGE);

      const nodes = (
        response.data as { users: { edges: { node: Record<string, unknown> }[] } }
      ).users.edges.map((edge) => edge.node);
      expect(nodes).toHaveLength(2);
      for (const node of nodes) {
        expect(node).toMatchObject({ cardLast4: expect.stringMatching(/^\d{4}$/), status: 'ACTIVE' });
        expect(node).toMatchObject({ email: null, name: null, cardholderName: null, locale: null });
      }
      const errors = response.errors as Errors;
      expect(new Set(errors.map((error) => error.path!.at(-1)))).toEqual(
        new Set(['email', 'name', 'cardholderName', 'locale']),
      );
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['users:read_pii'] });
      }
    });

    it('with it, personal data is served', async () => {
      const response = await as(withScopes('users:read', 'users:read_pii'), PII_PAGE);

      expect(response.errors).toBeUndefined();
      const names = (
        response.data as { users: { edges: { node: { name: { firstName: string } } }[] } }
      ).users.edges.map((edge) => edge.node.name.firstName);
      expect(names.sort()).toEqual(['Jane', 'John']);
    });

    it('_entities applies the same field rule', async () => {
      const response = await as(withScopes('users:read'), ENTITIES, {
        r: [{ __typename: 'User', id: jane }],
      });

      expect(response.data).toEqual({
        _entities: [{ id: jane, cardLast4: expect.any(String), email: null }],
      });
      expect((response.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  it('refuses a whole mutation before CCE is called when its answer selects a field the caller may not read', async () => {
    const before = cceCalls();

    const response = await as(
      withScopes('users:enroll'),
      'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id cardLast4 } } }',
      { input: anEnrollment() },
    );

    expect(response.status).toBe(403);
    expect(response.data ?? null).toBeNull();
    expect((response.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['users:read'],
    });
    expect(cceCalls()).toBe(before);
  });

  it('filtering by email needs users:read_pii: it tells who is enrolled', async () => {
    const query = '{ users(filter: { email: "jane.doe@example.com" }) { totalCount } }';

    const refused = await as(withScopes('users:read'), query);
    const allowed = await as(withScopes('users:read', 'users:read_pii'), query);

    expect(refused.data ?? null).toBeNull();
    expect((refused.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['users:read_pii'],
    });
    expect(allowed.errors).toBeUndefined();
  });

  it('_entities answers null for a representation whose id is not a string', async () => {
    const response = await as(withScopes('users:read'), ENTITIES, {
      r: [{ __typename: 'User', id: [jane] }],
    });

    expect(response.data).toEqual({ _entities: [null] });
    expect(response.errors).toBeUndefined();
  });

  it('enrolls with users:enroll alone when the answer asks only for the id', async () => {
    const response = await as(withScopes('users:enroll'), ENROLL, { input: anEnrollment() });

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ enrollUser: { user: { id: expect.any(String) } } });
  });

  describe('a token bound to one cardholder (cce_user_id claim)', () => {
    const bound = () => ({ cce_user_id: jane.toUpperCase() });

    it('lists only that user', async () => {
      const response = await as(bound(), '{ users { totalCount edges { node { id } } } }');

      expect(response.data).toEqual({ users: { totalCount: 1, edges: [{ node: { id: jane } }] } });
    });

    it('reads that user and is refused any other through user(id)', async () => {
      const own = await as(bound(), `{ user(id: "${jane}") { id } }`);
      const other = await as(bound(), `{ user(id: "${john}") { id } }`);

      expect(own.data).toEqual({ user: { id: jane } });
      expect(other.data).toEqual({ user: null });
      expect((other.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('is refused another user through _entities', async () => {
      const response = await as(bound(), ENTITIES, {
        r: [
          { __typename: 'User', id: jane },
          { __typename: 'User', id: john },
        ],
      });

      expect((response.data as { _entities: unknown[] })._entities).toEqual([
        { id: jane, cardLast4: expect.any(String), email: expect.any(Object) },
        null,
      ]);
      expect((response.errors as Errors)[0]).toMatchObject({
        path: ['_entities', 1],
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it('cannot delete another user (nothing reaches CCE) and cannot enroll', async () => {
      const before = cceCalls();

      const deletion = await as(
        bound(),
        'mutation ($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }',
        {
          ids: [jane, john],
        },
      );
      const enrollment = await as(bound(), ENROLL, { input: anEnrollment() });

      expect((deletion.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect((enrollment.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(cceCalls()).toBe(before);
    });

    it('deletes its own user with users:delete', async () => {
      const response = await as(
        { ...bound(), scope: 'users:delete' },
        'mutation ($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }',
        { ids: [john.toUpperCase()] },
      );

      expect((response.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const own = await as(
        { cce_user_id: john, scope: 'users:delete' },
        'mutation ($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }',
        { ids: [john] },
      );
      expect(own.data).toEqual({ deleteUsers: { acceptedIds: [john] } });
    });
  });
});
