import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const PAGE = '{ users(first: 5) { edges { node { id cardLast4 } } } }';
const PAGE_WITH_NAMES = '{ users(first: 5) { edges { node { id cardLast4 cardholderName } } } }';

/** Flips one character of the sealed ciphertext, as a corrupted or tampered document would hold. */
function tampered(sealed: string): string {
  const parts = sealed.split('.');
  const ciphertext = parts[3]!;
  parts[3] = `${ciphertext.at(0) === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
  return parts.join('.');
}

describe('a user whose personal data cannot be opened', () => {
  let fixture: GatewayFixture;
  let intactId: string;
  let brokenId: string;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
    const enroll = async (cardholderName: string) => {
      const response = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(
        'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }',
        { input: anEnrollment({ cardholderName }) },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.enrollUser.user.id;
    };
    intactId = await enroll('Intact Holder');
    brokenId = await enroll('Broken Holder');
    const stored = await fixture.users.findOne({ userId: brokenId }).lean();
    await fixture.users.updateOne({ userId: brokenId }, { personalData: tampered(stored!.personalData!) });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('is listed like any other when no personal field is asked for', async () => {
    const response = await fixture.graphql<{ users: { edges: { node: { id: string } }[] } }>(PAGE);

    expect(response.errors).toBeUndefined();
    expect(response.data!.users.edges.map(({ node }) => node.id).sort()).toEqual([intactId, brokenId].sort());
  });

  it('fails only its own personal fields, with an error that echoes nothing, and the rest of the page is served', async () => {
    const response = await fixture.graphql<{
      users: { edges: { node: { id: string; cardholderName: string | null } }[] };
    }>(PAGE_WITH_NAMES);

    const names = Object.fromEntries(
      response.data!.users.edges.map(({ node }) => [node.id, node.cardholderName]),
    );
    expect(names).toEqual({ [intactId]: 'Intact Holder', [brokenId]: null });
    const brokenIndex = response.data!.users.edges.findIndex(({ node }) => node.id === brokenId);
    expect(response.errors).toEqual([
      {
        message: 'Internal server error',
        path: ['users', 'edges', brokenIndex, 'node', 'cardholderName'],
        locations: expect.any(Array),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
  });

  it('serves the fields resolved beside the record (Donate state, carbon score) without opening personal data', async () => {
    const response = await fixture.graphql<{
      users: { edges: { node: { id: string; reregistrationRequired: boolean; carbonScore: unknown } }[] };
    }>('{ users(first: 5) { edges { node { id reregistrationRequired carbonScore { status } } } } }');

    expect(response.errors).toBeUndefined();
    expect(response.data!.users.edges.map(({ node }) => node.id).sort()).toEqual([intactId, brokenId].sort());
  });

  it('answers user(id) the same way: the record, and an error on the personal field alone', async () => {
    const response = await fixture.graphql<{ user: { id: string; status: string; email: unknown } }>(
      `{ user(id: "${brokenId}") { id status email { value } } }`,
    );

    expect(response.data).toEqual({ user: { id: brokenId, status: 'ACTIVE', email: null } });
    expect(response.errors?.map((error) => error.path)).toEqual([['user', 'email']]);
  });
});
