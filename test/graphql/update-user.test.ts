import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const UPDATE = `mutation ($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { user { id name { firstName lastName } locale donateProfileComplete } }
}`;
const USER = '{ user(id: "ID") { name { firstName lastName } locale donateProfileComplete } }';
const UPDATE_CALL = 'PUT /issuers/users/{userid}';

type UpdateResult = {
  updateUser: {
    user: {
      id: string;
      name: { firstName: string; lastName: string };
      locale: string;
      donateProfileComplete: boolean;
    };
  };
};

const ADDRESS = { countryCode: 'USA', type: 'home', line1: '1 Main Street', city: 'Boston' };

describe('updateUser', () => {
  describe('with Donate on', () => {
    let fixture: GatewayFixture;
    let userId: string;

    beforeAll(async () => {
      fixture = await startGatewayFixture({ issuer: { donate: true }, donateEnabled: true });
      const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
        input: anEnrollment(),
      });
      userId = enrolled.data!.enrollUser.user.id;
    });

    afterAll(() => fixture.close());

    it('changes name and locale at CCE, then in the cache, which later reads show', async () => {
      const response = await fixture.graphql<UpdateResult>(UPDATE, {
        id: userId,
        input: { name: { firstName: 'Janet', lastName: 'Smith' }, locale: 'sv-SE', billingAddress: ADDRESS },
      });

      expect(response.errors).toBeUndefined();
      expect(response.data!.updateUser.user).toEqual({
        id: userId,
        name: { firstName: 'Janet', lastName: 'Smith' },
        locale: 'sv-SE',
        donateProfileComplete: true,
      });
      const read = await fixture.graphql(USER.replace('ID', userId));
      expect(read.data).toEqual({
        user: {
          name: { firstName: 'Janet', lastName: 'Smith' },
          locale: 'sv-SE',
          donateProfileComplete: true,
        },
      });
      expect(fixture.sandbox.state.profileOf(userId)?.donateComplete).toBe(true);
    });

    it('keeps personal data encrypted at rest after an update', async () => {
      await fixture.graphql<UpdateResult>(UPDATE, {
        id: userId,
        input: {
          name: { firstName: 'Unique', lastName: 'Surname' },
          locale: 'en-GB',
          billingAddress: ADDRESS,
        },
      });
      const stored = JSON.stringify(await fixture.users.findOne({ userId }).lean());

      expect(stored).not.toContain('Unique');
      expect(stored).not.toContain('Surname');
      expect(stored).not.toContain('Main Street');
    });

    it('without a billing address leaves the Donate profile incomplete (a replacement at CCE)', async () => {
      const response = await fixture.graphql<UpdateResult>(UPDATE, {
        id: userId,
        input: { name: { firstName: 'Jane', lastName: 'Doe' }, locale: 'en-US' },
      });

      expect(response.data!.updateUser.user.donateProfileComplete).toBe(false);
      expect(fixture.sandbox.state.profileOf(userId)?.donateComplete).toBe(false);
    });

    it('refuses invalid input naming the fields, echoing nothing and calling nobody', async () => {
      const before = fixture.sandbox.callCount(UPDATE_CALL);
      const response = await fixture.graphql(UPDATE, {
        id: userId,
        input: { name: { firstName: '5555 5555 5555 4444', lastName: '' }, locale: 'not a locale' },
      });

      expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      const paths = (response.errors![0]!.extensions!.fields as { path: string }[]).map(
        (field) => field.path,
      );
      expect(paths).toEqual(
        expect.arrayContaining(['input.name.firstName', 'input.name.lastName', 'input.locale']),
      );
      expect(response.raw).not.toContain('5555');
      expect(response.raw).not.toContain('not a locale');
      expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before);
    });

    it('answers NOT_FOUND for an id nobody enrolled, without calling CCE', async () => {
      const before = fixture.sandbox.callCount(UPDATE_CALL);
      const response = await fixture.graphql(UPDATE, {
        id: '00000000-0000-4000-8000-000000000000',
        input: { name: { firstName: 'A', lastName: 'B' }, locale: 'en-US' },
      });

      expect(response.errors![0]!.extensions!.code).toBe('USER_NOT_FOUND');
      expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before);
    });

    it('needs users:update; a token bound to a cardholder updates only that cardholder', async () => {
      const input = { name: { firstName: 'Jane', lastName: 'Doe' }, locale: 'en-US' };
      const as = async (claims: Record<string, unknown>, id: string) =>
        fixture.graphqlAs(
          { authorization: `Bearer ${await fixture.tokens.mint(claims)}` },
          UPDATE.replace('locale donateProfileComplete', 'id'),
          { id, input },
        );

      const withoutScope = await as({ scope: 'users:read users:read_pii users:enroll' }, userId);
      expect(withoutScope.status).toBe(403);
      expect(withoutScope.errors![0]!.extensions).toMatchObject({ requiredScopes: ['users:update'] });

      const other = await as(
        {
          scope: 'users:update users:read users:read_pii',
          cce_user_id: '00000000-0000-4000-8000-000000000001',
        },
        userId,
      );
      expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');

      const own = await as({ scope: 'users:update users:read users:read_pii', cce_user_id: userId }, userId);
      expect(own.errors).toBeUndefined();
    });

    it('retries an update CCE failed to answer (a replacement is safe to send again)', async () => {
      fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 }, UPDATE_CALL);
      const before = fixture.sandbox.callCount(UPDATE_CALL);

      const response = await fixture.graphql<UpdateResult>(UPDATE, {
        id: userId,
        input: { name: { firstName: 'Retried', lastName: 'Doe' }, locale: 'en-US', billingAddress: ADDRESS },
      });

      expect(response.errors).toBeUndefined();
      expect(response.data!.updateUser.user.name.firstName).toBe('Retried');
      expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before + 2);
    });
  });

  describe('with Donate off', () => {
    let fixture: GatewayFixture;

    beforeAll(async () => {
      fixture = await startGatewayFixture();
    });

    afterAll(() => fixture.close());

    it('answers UPDATE_USER_NOT_ACCESSIBLE, as CCE does, and the cache keeps the old profile', async () => {
      const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
        input: anEnrollment({ name: { firstName: 'Jane', lastName: 'Doe' } }),
      });
      const userId = enrolled.data!.enrollUser.user.id;

      const response = await fixture.graphql(UPDATE, {
        id: userId,
        input: { name: { firstName: 'Changed', lastName: 'Name' }, locale: 'en-US' },
      });

      expect(response.errors![0]!.extensions).toMatchObject({
        code: 'UPDATE_USER_NOT_ACCESSIBLE',
        outcome: 'SENT_REJECTED',
      });
      expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(1);
      const read = await fixture.graphql<{ user: { name: { firstName: string } } }>(
        USER.replace('ID', userId),
      );
      expect(read.data!.user.name.firstName).toBe('Jane');
    });
  });
});
