import { randomUUID } from 'node:crypto';
import type { UserDocument } from '../../src/users/user-document';
import {
  DeleteUsersDocument,
  EnrollUserDocument,
  ListUsersDocument,
  UserDeletionStateDocument,
  type EnrollUserInput,
} from '../generated/operations';
import { aCardNumber, anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const DELETIONS = 'POST /issuers/user-deletions';

/** A cache document for a user enrolled behind the gateway's back (seeding is faster than enrolling). */
function aCachedUser(userId: string, cardNumber: string, at: Date): UserDocument {
  return {
    _id: randomUUID(),
    status: 'ACTIVE',
    userId,
    cardFingerprint: `seeded:${randomUUID()}`,
    cardLast4: cardNumber.slice(-4),
    cardBaseCurrency: 'USD',
    createdAt: at,
    enrolledAt: at,
  };
}

describe('deleteUsers', () => {
  // Bulk deletions are slow on FerretDB v1, which updates a $in match document by document.
  const BULK_TIMEOUT_MS = 60_000;
  // More than the default of 1000 ids per request, to show batching across three CCE calls.
  const MAX_IDS = 1500;
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ queryLimits: { maxDeleteIds: MAX_IDS } });
  });

  beforeEach(() => {
    fixture.clock.now = new Date('2026-05-01T10:00:00.000Z');
  });

  afterEach(() => fixture.sandbox.faults.reset());

  afterAll(() => fixture.close());

  const enroll = async (input: EnrollUserInput = anEnrollment()) => {
    const response = await fixture.graphql(EnrollUserDocument, { input });
    expect(response.errors).toBeUndefined();
    return response.data!.enrollUser.user.id;
  };
  const deleteUsers = (ids: string[]) => fixture.graphql(DeleteUsersDocument, { ids });
  const userById = async (id: string) =>
    (await fixture.graphql(UserDeletionStateDocument, { id })).data!.user;
  const statusesOf = async (ids: string[]) =>
    new Set((await fixture.users.find({ userId: { $in: ids } }).lean()).map((user) => user.status));

  /** Users known to CCE and the cache, as if enrolled through the gateway. */
  async function seedUsers(count: number): Promise<string[]> {
    const now = new Date();
    const documents = Array.from({ length: count }, () => {
      const cardNumber = aCardNumber();
      const enrolled = fixture.sandbox.state.enroll(cardNumber, now);
      if (!('userId' in enrolled)) throw new Error('seeding drew a card number twice');
      return aCachedUser(enrolled.userId, cardNumber, now);
    });
    await fixture.users.insertMany(documents);
    return documents.map((document) => document.userId!);
  }

  /** deleteUsers, and how many deletion calls reached CCE meanwhile. */
  async function deleteCountingCceCalls(ids: string[]) {
    const before = fixture.sandbox.callCount(DELETIONS);
    const response = await deleteUsers(ids);
    return { response, cceCalls: fixture.sandbox.callCount(DELETIONS) - before };
  }

  it('deletes a user whose stored personal data cannot be opened: erasure never depends on reading it', async () => {
    const id = await enroll();
    await fixture.users.collection.updateOne(
      { userId: id },
      { $set: { personalData: 'v1.default.AAAA.BBBB.CCCC' } },
    );

    const { response, cceCalls } = await deleteCountingCceCalls([id]);

    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteUsers.acceptedIds).toEqual([id]);
    expect(cceCalls).toBe(1);
  });

  it('deletes an enrolled user in one CCE call: DELETION_PENDING, out of the default listing', async () => {
    const email = { type: 'home', value: 'leaving@example.com' };
    const id = await enroll(anEnrollment({ email }));

    const { response, cceCalls } = await deleteCountingCceCalls([id]);

    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteUsers).toEqual({ acceptedIds: [id], notFoundIds: [], failures: [] });
    expect(cceCalls).toBe(1);
    expect(fixture.sandbox.state.has(id)).toBe(false);
    expect(await userById(id)).toEqual({
      id,
      status: 'DELETION_PENDING',
      deletionRequestedAt: fixture.clock.now.toISOString(),
    });
    const listed = await fixture.graphql(ListUsersDocument, { filter: { email: email.value } });
    const pending = await fixture.graphql(ListUsersDocument, {
      filter: { email: email.value, status: 'DELETION_PENDING' },
    });
    expect(listed.data!.users).toMatchObject({ totalCount: 0, edges: [] });
    expect(pending.data!.users.edges.map(({ node }) => [node.id, node.status])).toEqual([
      [id, 'DELETION_PENDING'],
    ]);
  });

  it(
    'sends 500 ids in a single CCE call',
    async () => {
      const ids = await seedUsers(500);

      const { cceCalls } = await deleteCountingCceCalls(ids);

      expect(cceCalls).toBe(1);
      expect(await statusesOf(ids)).toEqual(new Set(['DELETION_PENDING']));
    },
    BULK_TIMEOUT_MS,
  );

  it(
    'sends 1200 ids in three CCE calls of at most 500 and accepts them all',
    async () => {
      const ids = await seedUsers(1200);

      const { response, cceCalls } = await deleteCountingCceCalls(ids);

      expect(cceCalls).toBe(3);
      expect(response.data!.deleteUsers.acceptedIds).toEqual(ids);
      expect(response.data!.deleteUsers).toMatchObject({ notFoundIds: [], failures: [] });
      expect(await statusesOf(ids)).toEqual(new Set(['DELETION_PENDING']));
      expect(ids.some((id) => fixture.sandbox.state.has(id))).toBe(false);
    },
    BULK_TIMEOUT_MS,
  );

  it('refuses more ids than DELETE_USERS_MAX_IDS with BAD_USER_INPUT on ids, before calling CCE', async () => {
    const ids = Array.from({ length: MAX_IDS + 1 }, () => randomUUID());

    const { response, cceCalls } = await deleteCountingCceCalls(ids);

    expect(cceCalls).toBe(0);
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'ids', message: `at most ${MAX_IDS} ids per request` }],
    });
  });

  it('reports ids unknown to CCE in notFoundIds and still deletes the known ones in the same call', async () => {
    const known = await enroll();
    const unknown = [randomUUID(), randomUUID()];

    const response = await deleteUsers([unknown[0]!, known, unknown[1]!]);

    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteUsers).toEqual({ acceptedIds: [known], notFoundIds: unknown, failures: [] });
    expect((await userById(known))!.status).toBe('DELETION_PENDING');
  });

  it('refuses malformed ids with BAD_USER_INPUT naming each position, without calling CCE', async () => {
    const known = await enroll();

    const { response, cceCalls } = await deleteCountingCceCalls([known, 'nope', randomUUID().slice(1)]);

    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'ids.1', message: expect.any(String) },
        { path: 'ids.2', message: expect.any(String) },
      ],
    });
    expect(cceCalls).toBe(0);
    expect((await userById(known))!.status).toBe('ACTIVE');
  });

  it('treats ids case-insensitively: an upper-case id deletes the user, answered in canonical lower case', async () => {
    const id = await enroll();

    const response = await deleteUsers([id.toUpperCase()]);

    expect(response.data!.deleteUsers).toEqual({ acceptedIds: [id], notFoundIds: [], failures: [] });
    expect((await userById(id.toUpperCase()))!.status).toBe('DELETION_PENDING');
  });

  it('marks a cached user that CCE no longer knows DELETED, and reports it not found', async () => {
    const userId = randomUUID();
    await fixture.users.insertMany([aCachedUser(userId, aCardNumber(), fixture.clock.now)]);

    const response = await fixture.graphql(DeleteUsersDocument, { ids: [userId] });

    expect(response.data!.deleteUsers).toEqual({ acceptedIds: [], notFoundIds: [userId], failures: [] });
    expect((await fixture.graphql(UserDeletionStateDocument, { id: userId })).data!.user).toEqual({
      id: userId,
      status: 'DELETED',
      deletionRequestedAt: '2026-05-01T10:00:00.000Z',
    });
  });

  it('accepts an id already DELETION_PENDING again without a new CCE call', async () => {
    const id = await enroll();
    await deleteUsers([id]);
    const requestedAt = (await userById(id))!.deletionRequestedAt;
    fixture.clock.now = new Date('2026-05-01T11:00:00.000Z');

    const { response, cceCalls } = await deleteCountingCceCalls([id]);

    expect(response.data!.deleteUsers).toEqual({ acceptedIds: [id], notFoundIds: [], failures: [] });
    expect(cceCalls).toBe(0);
    expect(await userById(id)).toMatchObject({
      status: 'DELETION_PENDING',
      deletionRequestedAt: requestedAt,
    });
  });

  it(
    'reports the ids of a failed CCE batch as failures, leaves them ACTIVE, and deletes the other batch',
    async () => {
      const ids = await seedUsers(600);
      const [firstBatch, secondBatch] = [ids.slice(0, 500), ids.slice(500)];
      // The first attempt and both retries of the first batch fail.
      fixture.sandbox.faults.failNext(3, { kind: 'status', status: 503 });

      const response = await deleteUsers(ids);

      expect(response.errors).toBeUndefined();
      expect(response.data!.deleteUsers).toEqual({
        acceptedIds: secondBatch,
        notFoundIds: [],
        failures: firstBatch.map((id) => ({
          id,
          code: 'UPSTREAM_UNAVAILABLE',
          reasonCode: 'SANDBOX_INJECTED_FAULT',
          // A 5xx may come after CCE acted: the ids are re-checked, never reported as unchanged.
          outcome: 'UNKNOWN',
        })),
      });
      expect(await statusesOf(firstBatch)).toEqual(new Set(['ACTIVE']));
      expect(await statusesOf(secondBatch)).toEqual(new Set(['DELETION_PENDING']));
      expect(firstBatch.every((id) => fixture.sandbox.state.has(id))).toBe(true);

      const retried = await deleteUsers(firstBatch);

      expect(retried.data!.deleteUsers).toEqual({ acceptedIds: firstBatch, notFoundIds: [], failures: [] });
    },
    BULK_TIMEOUT_MS,
  );
});

describe('deleteUsers, 24 hours later', () => {
  // A fixture of its own: moving its clock a day on makes every pending deletion due.
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(() => fixture.close());

  it('completes the deletion: the user is DELETED, and only then can the card be enrolled again', async () => {
    const input = anEnrollment();
    fixture.clock.now = new Date('2026-05-01T10:00:00.000Z');
    const enrolled = await fixture.graphql(EnrollUserDocument, { input });
    const id = enrolled.data!.enrollUser.user.id;
    await fixture.graphql(DeleteUsersDocument, { ids: [id] });

    const whilePending = await fixture.graphql(EnrollUserDocument, { input });
    fixture.clock.now = new Date('2026-05-02T11:00:00.000Z');
    const report = await fixture.gateway.maintenance.run();
    const user = await fixture.graphql(UserDeletionStateDocument, { id });
    const reenrolled = await fixture.graphql(EnrollUserDocument, { input });

    expect(whilePending.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(report).toMatchObject({ deletionsCompleted: 1 });
    expect(user.data!.user).toEqual({
      id,
      status: 'DELETED',
      deletionRequestedAt: '2026-05-01T10:00:00.000Z',
    });
    expect(reenrolled.errors).toBeUndefined();
    expect(reenrolled.data!.enrollUser.user.id).not.toBe(id);
    expect(fixture.sandbox.state.has(reenrolled.data!.enrollUser.user.id)).toBe(true);
  });

  it('keeps no personal data or card digits of a DELETED user', async () => {
    const input = anEnrollment({ email: { type: 'home', value: 'erase.me@example.com' } });
    fixture.clock.now = new Date('2026-06-01T10:00:00.000Z');
    const id = (await fixture.graphql(EnrollUserDocument, { input })).data!.enrollUser.user.id;
    await fixture.graphql(DeleteUsersDocument, { ids: [id] });
    fixture.clock.now = new Date('2026-06-02T11:00:00.000Z');

    await fixture.gateway.maintenance.run();

    const document = await fixture.users.collection.findOne({ userId: id });
    expect(document).toMatchObject({ status: 'DELETED', cardFingerprint: `released:${document!._id}` });
    for (const erased of [
      'cardLast4',
      'cardFingerprintKeyId',
      'personalData',
      'personalDataKeyId',
      'emailIndex',
    ]) {
      expect(document).not.toHaveProperty(erased);
    }
    // What remains is valid under the schema (an empty cardLast4 used to break its own pattern).
    await expect(fixture.users.hydrate(document!).validate()).resolves.toBeUndefined();
    const listed = await fixture.graphql(UserDeletionStateDocument, { id });
    expect(listed.data!.user).toMatchObject({ status: 'DELETED' });
    expect(JSON.stringify(document)).not.toContain('erase.me');
    expect(JSON.stringify(document)).not.toContain('Doe');
  });
});
