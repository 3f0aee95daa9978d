import { randomBytes, randomUUID } from 'node:crypto';
import { singleKeyRing } from '../../src/config/secret-keys';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const UPDATE = `mutation ($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { user { id reregistrationRequired } }
}`;
const LIST = `query ($filter: UserFilterInput) {
  users(filter: $filter) { totalCount edges { node { id donateProfileComplete reregistrationRequired } } }
}`;

type Listing = {
  users: {
    totalCount: number;
    edges: { node: { id: string; donateProfileComplete: boolean; reregistrationRequired: boolean } }[];
  };
};

// The Enroll User use case: users enrolled while Donate was off must register again once it is on.
describe('Donate re-registration', () => {
  const databaseName = `gateway_donate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let sandbox: RunningSandbox;
  let fixture: GatewayFixture;
  const enrolled: string[] = [];
  // The same keys across the restart, as a deployment keeps them.
  const keys = {
    cardFingerprintKeys: singleKeyRing(randomBytes(32)),
    personalDataKeys: singleKeyRing(randomBytes(32)),
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ issuer: { donate: false } });
    const before = await startGatewayFixture({ ...keys, sandbox, databaseName, donateEnabled: false });
    try {
      // Donate off: the optional fields may be left out, as issuers did.
      for (const firstName of ['Ann', 'Bob']) {
        const response = await before.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
          input: anEnrollment({
            name: { firstName, lastName: 'Doe' },
            billingAddress: undefined,
            locale: undefined,
          }),
        });
        enrolled.push(response.data!.enrollUser.user.id);
      }
      const listed = await before.graphql<Listing>(LIST);
      expect(listed.data!.users.edges.map(({ node }) => node.reregistrationRequired)).toEqual([false, false]);
    } finally {
      await before.close();
    }
    // The issuer turns Donate on at CCE, and the gateway restarts with CCE_DONATE_ENABLED=true.
    sandbox.issuer.donate = true;
    fixture = await startGatewayFixture({ ...keys, sandbox, databaseName, donateEnabled: true });
  });

  afterAll(async () => {
    await fixture?.connection.dropDatabase();
    await fixture?.close();
    await sandbox.close();
  });

  it('shows every user enrolled without the Donate fields as needing re-registration', async () => {
    const listed = await fixture.graphql<Listing>(LIST, { filter: { reregistrationRequired: true } });

    expect(listed.data!.users.totalCount).toBe(2);
    expect(listed.data!.users.edges.map(({ node }) => node.id).sort()).toEqual([...enrolled].sort());
    expect(listed.data!.users.edges.every(({ node }) => node.reregistrationRequired)).toBe(true);
  });

  it('completes one with updateUser, and the filter then leaves it out', async () => {
    const [completed, waiting] = enrolled as [string, string];
    const updated = await fixture.graphql<{ updateUser: { user: { reregistrationRequired: boolean } } }>(
      UPDATE,
      {
        id: completed,
        input: {
          name: { firstName: 'Ann', lastName: 'Doe' },
          locale: 'en-US',
          billingAddress: { countryCode: 'USA', type: 'home', line1: '1 Main Street', city: 'Boston' },
        },
      },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateUser.user.reregistrationRequired).toBe(false);
    expect(sandbox.state.profileOf(completed)?.donateComplete).toBe(true);

    const still = await fixture.graphql<Listing>(LIST, { filter: { reregistrationRequired: true } });
    expect(still.data!.users.edges.map(({ node }) => node.id)).toEqual([waiting]);
    const done = await fixture.graphql<Listing>(LIST, { filter: { reregistrationRequired: false } });
    expect(done.data!.users.edges.map(({ node }) => node.id)).toEqual([completed]);
  });

  it('enrolls new users with a complete profile, which need nothing more', async () => {
    const response = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
      input: anEnrollment(),
    });
    const id = response.data!.enrollUser.user.id;

    const listed = await fixture.graphql<Listing>(LIST, { filter: { reregistrationRequired: true } });
    expect(listed.data!.users.edges.map(({ node }) => node.id)).not.toContain(id);
  });
});
