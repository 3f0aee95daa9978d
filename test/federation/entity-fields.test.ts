import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on User { id reregistrationRequired carbonScore { status } dashboard { url } }
  }
}`;

type Entities = {
  _entities: ({
    id: string;
    reregistrationRequired: boolean;
    carbonScore: { status: string } | null;
    dashboard: { url: string } | null;
  } | null)[];
};

// A router resolving User entities gets the CCE-backed fields too, under the same scopes.
describe('the new User fields through _entities', () => {
  let fixture: GatewayFixture;
  let userId: string;

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      schemaMode: 'subgraph',
      issuer: { donate: true },
      donateEnabled: true,
    });
    const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
      input: anEnrollment(),
    });
    userId = enrolled.data!.enrollUser.user.id;
  });

  afterAll(() => fixture.close());

  it('resolves carbonScore, dashboard and reregistrationRequired for a representation', async () => {
    const response = await fixture.graphql<Entities>(ENTITIES, { r: [{ __typename: 'User', id: userId }] });

    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      {
        id: userId,
        reregistrationRequired: false,
        carbonScore: { status: 'PENDING' },
        dashboard: { url: expect.stringMatching(/^https:\/\//) },
      },
    ]);
  });

  it('refuses the dashboard without users:dashboard, and serves the rest', async () => {
    const token = await fixture.tokens.mint({ scope: 'users:read' });
    const response = await fixture.graphqlAs<Entities>({ authorization: `Bearer ${token}` }, ENTITIES, {
      r: [{ __typename: 'User', id: userId }],
    });

    expect(response.errors!.map((error) => [error.path, error.extensions!.code])).toEqual([
      [['_entities', 0, 'dashboard'], 'FORBIDDEN'],
    ]);
    expect(response.data!._entities[0]).toMatchObject({ id: userId, carbonScore: { status: 'PENDING' } });
  });
});
