import { randomUUID } from 'node:crypto';
import { CceApiError } from '../../src/cce/cce-errors';
import { anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

const DELETIONS = '/issuers/user-deletions';

function unknownIds(count: number): string[] {
  return Array.from({ length: count }, () => randomUUID());
}

async function rejectionOf(call: Promise<unknown>): Promise<CceApiError> {
  const error = await call.then(
    () => Promise.reject(new Error('the call was accepted')),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(CceApiError);
  return error as CceApiError;
}

describe('POST /issuers/user-deletions', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function enrolledUserId(): Promise<string> {
    return (await fixture.client.enrollUser(anEnrollment())).userid;
  }

  describe('takes 1 to 500 ids', () => {
    it.each([
      { title: 'no ids', count: 0 },
      { title: '501 ids', count: 501 },
    ])('refuses $title with a recoverable 400 INVALID_REQUEST_PARAMETER', async ({ count }) => {
      const error = await rejectionOf(fixture.client.deleteUsers(unknownIds(count)));

      expect(error).toMatchObject({
        status: 400,
        reasonCode: 'INVALID_REQUEST_PARAMETER',
        recoverable: true,
      });
      expect(error.errors.map((e) => e.Details)).toContainEqual(expect.stringMatching(/500 userIds/));
    });

    it('deletes none of a refused batch of 501 ids', async () => {
      const userId = await enrolledUserId();

      const response = await sendRaw(fixture.sandbox, {
        method: 'POST',
        path: DELETIONS,
        body: JSON.stringify([userId, ...unknownIds(500)]),
      });

      expect(response.status).toBe(400);
      expectContractResponse(DELETIONS, 'post', response);
      expect(fixture.sandbox.state.has(userId)).toBe(true);
    });

    it('accepts exactly 500 ids', async () => {
      const userId = await enrolledUserId();

      await expect(fixture.client.deleteUsers([...unknownIds(499), userId])).resolves.toEqual([userId]);
      expect(fixture.sandbox.state.has(userId)).toBe(false);
    });
  });

  it.each([
    { title: "'not-a-uuid'", id: 'not-a-uuid' },
    { title: 'a 35-character id', id: randomUUID().slice(1) },
    { title: 'a 37-character id', id: `${randomUUID()}a` },
    { title: 'a 36-character id that is not hex', id: randomUUID().replace(/[0-9a-f]/g, 'z') },
  ])('refuses $title with 400 INVALID_REQUEST_PARAMETER naming its position', async ({ id }) => {
    const userId = await enrolledUserId();

    const error = await rejectionOf(fixture.client.deleteUsers([userId, id]));

    expect(error).toMatchObject({ status: 400, reasonCode: 'INVALID_REQUEST_PARAMETER', recoverable: false });
    expect(error.errors.map((e) => e.Details)).toEqual([expect.stringMatching(/\bposition 1\b/)]);
    expect(fixture.sandbox.state.has(userId)).toBe(true);
  });

  describe('deleting enrolled users', () => {
    it('answers 202 with the ids it deleted', async () => {
      const userIds = [await enrolledUserId(), await enrolledUserId()];

      const response = await sendRaw(fixture.sandbox, {
        method: 'POST',
        path: DELETIONS,
        body: JSON.stringify(userIds),
      });

      expect(response).toEqual({ status: 202, body: userIds });
      expectContractResponse(DELETIONS, 'post', response);
      expect(userIds.map((id) => fixture.sandbox.state.has(id))).toEqual([false, false]);
    });

    it('returns the deleted ids through the adapter', async () => {
      const userIds = [await enrolledUserId(), await enrolledUserId()];

      await expect(fixture.client.deleteUsers(userIds)).resolves.toEqual(userIds);
    });

    // The contract does not say what CCE answers for ids it does not know (NOTES.md). The sandbox
    // chooses to accept the call and answer only the ids it actually deleted.
    it('leaves unknown well-formed ids out of the answer', async () => {
      const userId = await enrolledUserId();

      await expect(fixture.client.deleteUsers([randomUUID(), userId, randomUUID()])).resolves.toEqual([
        userId,
      ]);
    });

    it('forgets deleted users: deleting them again answers an empty list', async () => {
      const userId = await enrolledUserId();
      await fixture.client.deleteUsers([userId]);

      await expect(fixture.client.deleteUsers([userId])).resolves.toEqual([]);
    });

    it('lets the same card enroll again once its user is deleted', async () => {
      const profile = anEnrollment();
      const first = await fixture.client.enrollUser(profile);
      await fixture.client.deleteUsers([first.userid]);

      const again = await fixture.client.enrollUser(profile);

      expect(again).toMatchObject({
        status: 'ACTIVE',
        cardNumberLastFourDigits: profile.cardNumber.slice(-4),
      });
      expect(again.userid).not.toBe(first.userid);
    });
  });
});
