import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation E($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';

/** A second team's subgraph that adds a field to the gateway's User entity. */
const REWARDS_SUBGRAPH = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id") {
    id: ID!
    rewardPoints: Int!
  }
  type Query {
    topRewardedUsers: [User!]!
  }
`);

describe('Apollo Federation 2 subgraph (GRAPHQL_SCHEMA_MODE=subgraph)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ schemaMode: 'subgraph' });
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function serviceSdl(): Promise<string> {
    const response = await fixture.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(response.errors).toBeUndefined();
    return response.data!._service.sdl;
  }

  it('answers _service { sdl } with the committed schema/subgraph.graphql, User keyed by id', async () => {
    const sdl = await serviceSdl();
    const committed = await readFile(path.resolve(__dirname, '../../schema/subgraph.graphql'), 'utf8');

    expect(committed).toContain(sdl);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });

  it('composes into a supergraph with a subgraph that extends User', async () => {
    const result = composeServices([
      { name: 'cce', typeDefs: parse(await serviceSdl()), url: `${fixture.url}/graphql` },
      { name: 'rewards', typeDefs: REWARDS_SUBGRAPH, url: 'http://rewards.invalid/graphql' },
    ]);

    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toMatch(/type User[\s\S]*cardLast4[\s\S]*rewardPoints/);
  });

  it('resolves _entities through the DataLoader: several users in one database query', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
        input: anEnrollment(),
      });
      ids.push(response.data!.enrollUser.user.id);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    const findsBefore = fixture.usersFindCount();

    const response = await fixture.graphql<{ _entities: ({ id: string; status: string } | null)[] }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id status cardLast4 } } }',
      { r: [...ids, unknown].map((id) => ({ __typename: 'User', id })) },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      ...ids.map((id) => ({ id, status: 'ACTIVE', cardLast4: expect.stringMatching(/^\d{4}$/) })),
      null,
    ]);
    expect(fixture.usersFindCount() - findsBefore).toBe(1);
  });
});

describe('a subgraph with introspection off (the production default)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ schemaMode: 'subgraph', introspection: false });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('does not hand its schema out through _service { sdl }: routers compose from schema/subgraph.graphql', async () => {
    const response = await fixture.graphql('{ _service { sdl } }');

    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('sends no federated trace (ftv1) to a caller who asks for one', async () => {
    const response = await fixture.graphqlAs(
      { authorization: `Bearer ${fixture.token}`, 'apollo-federation-include-trace': 'ftv1' },
      '{ users { totalCount } }',
    );

    expect(response.errors).toBeUndefined();
    expect(response.raw).not.toContain('ftv1');
  });

  it('still resolves _entities for a router', async () => {
    const response = await fixture.graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }',
      { r: [{ __typename: 'User', id: '00000000-0000-4000-8000-000000000000' }] },
    );

    expect(response.data).toEqual({ _entities: [null] });
  });
});

describe('the plain schema (default)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('has no federation fields', async () => {
    const response = await fixture.graphql('{ _service { sdl } }');

    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
