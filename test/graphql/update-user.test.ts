import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { waitFor } from '../support/gateway-process';

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
    describe('one update of a user at a time', () => {
      const update = (firstName: string) =>
        fixture.graphql<UpdateResult>(UPDATE, {
          id: userId,
          input: { name: { firstName, lastName: 'Doe' }, locale: 'en-US', billingAddress: ADDRESS },
        });
      const firstNameRead = async () =>
        (await fixture.graphql<{ user: { name: { firstName: string } } }>(USER.replace('ID', userId))).data!
          .user.name.firstName;

      afterEach(async () => {
        fixture.sandbox.faults.reset();
        // A test that failed midway must not leave a hold that fails the next ones.
        await fixture.users.updateOne({ userId }, { $unset: { updateHoldId: 1, updateHoldUntil: 1 } });
      });

      it('refuses a second update while one is at CCE (nothing sent), and serves the next once it has finished', async () => {
        const before = fixture.sandbox.callCount(UPDATE_CALL);
        const releaseFirst = fixture.sandbox.faults.holdAnswers(UPDATE_CALL);
        const first = update('First');
        await waitFor(
          () => fixture.sandbox.callCount(UPDATE_CALL) > before,
          5_000,
          () => 'the first update never reached the sandbox',
        );

        const second = await update('Second');

        expect(second.errors![0]!.extensions).toMatchObject({
          code: 'UPDATE_IN_PROGRESS',
          outcome: 'NOT_SENT',
        });
        expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before + 1);
        releaseFirst();
        expect((await first).data!.updateUser.user.name.firstName).toBe('First');
        expect(await firstNameRead()).toBe('First');

        const third = await update('Third');
        expect(third.errors).toBeUndefined();
        expect(await firstNameRead()).toBe('Third');
      });

      it('does not record an update whose hold another update took over meanwhile: UPDATE_NOT_RECORDED', async () => {
        await update('Recorded');
        const releaseStale = fixture.sandbox.faults.holdAnswers(UPDATE_CALL);
        const before = fixture.sandbox.callCount(UPDATE_CALL);
        const stale = update('Stale');
        await waitFor(
          () => fixture.sandbox.callCount(UPDATE_CALL) > before,
          5_000,
          () => 'the update never reached the sandbox',
        );
        // As if its hold had lapsed and an update on another instance had taken it over.
        await fixture.users.updateOne({ userId }, { $set: { updateHoldId: 'another-instance' } });
        releaseStale();

        const response = await stale;

        expect(response.errors![0]!.extensions).toMatchObject({
          code: 'UPDATE_NOT_RECORDED',
          outcome: 'APPLIED',
        });
        expect(await firstNameRead()).toBe('Recorded');
      });

      it('keeps the user held after a CCE call whose outcome is unknown (a 5xx, whatever code it carries), until the hold lapses', async () => {
        fixture.sandbox.faults.failNext(
          10,
          { kind: 'status', status: 503, reasonCode: 'USER_NOT_FOUND' },
          UPDATE_CALL,
        );
        const unknown = await update('Unknown');
        expect(unknown.errors![0]!.extensions).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          outcome: 'UNKNOWN',
        });
        fixture.sandbox.faults.reset();
        const before = fixture.sandbox.callCount(UPDATE_CALL);

        // CCE may still apply it: a later update must not reach CCE first.
        const next = await update('Next');
        expect(next.errors![0]!.extensions!.code).toBe('UPDATE_IN_PROGRESS');
        expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before);

        const now = fixture.clock.now;
        fixture.clock.now = new Date(now.getTime() + 10 * 60_000);
        try {
          const later = await update('Later');
          expect(later.errors).toBeUndefined();
          expect(await firstNameRead()).toBe('Later');
        } finally {
          fixture.clock.now = now;
        }
      });

      it("is kept in the database, so another instance's update is refused too, until its hold lapses", async () => {
        const before = fixture.sandbox.callCount(UPDATE_CALL);
        const holdBy = (until: Date) =>
          fixture.users.updateOne(
            { userId },
            { $set: { updateHoldId: 'another-instance', updateHoldUntil: until } },
          );

        const now = fixture.clock.now;
        await holdBy(new Date(now.getTime() + 60_000));
        const held = await update('Held');
        expect(held.errors![0]!.extensions!.code).toBe('UPDATE_IN_PROGRESS');
        expect(fixture.sandbox.callCount(UPDATE_CALL)).toBe(before);

        // Its holder died without releasing it: once its time has passed, the next update takes it over.
        fixture.clock.now = new Date(now.getTime() + 61_000);
        try {
          const lapsed = await update('Lapsed');
          expect(lapsed.errors).toBeUndefined();
          expect(await firstNameRead()).toBe('Lapsed');
        } finally {
          fixture.clock.now = now;
        }
        expect(await update('Released').then((response) => response.errors)).toBeUndefined();
      });
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
      // The refused update let go of the user: the next one is refused by CCE again, not held back.
      const again = await fixture.graphql(UPDATE, {
        id: userId,
        input: { name: { firstName: 'Changed', lastName: 'Name' }, locale: 'en-US' },
      });
      expect(again.errors![0]!.extensions!.code).toBe('UPDATE_USER_NOT_ACCESSIBLE');
    });
  });
});
