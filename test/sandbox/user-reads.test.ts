import { randomUUID } from 'node:crypto';
import { CceDecryptionKeyMissingError } from '../../src/cce/cce-errors';
import { aggregateDateOf, monthlyCarbonScore } from '../../src/sandbox/carbon-score';
import { anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  openDashboard,
  reasonCodesOf,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

const SCORES = '/issuers/users/{userid}/aggregate-carbon-scores';
const DASHBOARDS = '/issuers/users/{userid}/dashboards';

describe('GET /issuers/users/{userid}/aggregate-carbon-scores', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it("answers the current month's score in grams with two decimals, named like 'november-2026'", async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const score = await fixture.client.getCarbonScore(userid);

    // Written independently of the sandbox's month names.
    const now = new Date();
    const month = now.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }).toLowerCase();
    expect(score.aggregateDate).toBe(`${month}-${now.getUTCFullYear()}`);
    expect(score.carbonEmissionInGrams).toMatch(/^\d{5,6}\.\d{2}$/);
    const grams = Number(score.carbonEmissionInGrams);
    expect(grams).toBeGreaterThanOrEqual(20_000);
    expect(grams).toBeLessThanOrEqual(600_000);
    expect(await fixture.client.getCarbonScore(userid)).toEqual(score);
  });

  it('keeps a score for a user through a month, and changes it the next month', () => {
    const userId = randomUUID();
    const early = monthlyCarbonScore(userId, new Date('2026-11-01T00:00:00Z'));
    const late = monthlyCarbonScore(userId, new Date('2026-11-30T23:59:59Z'));
    const next = monthlyCarbonScore(userId, new Date('2026-12-01T00:00:00Z'));

    expect(late).toEqual(early);
    expect(early.aggregateDate).toBe('november-2026');
    expect(next.aggregateDate).toBe('december-2026');
    expect(next.carbonEmissionInGrams).not.toBe(early.carbonEmissionInGrams);
  });

  it('gives different users different scores', () => {
    const now = new Date('2026-11-14T10:00:00Z');
    const scores = new Set(
      Array.from({ length: 20 }, () => monthlyCarbonScore(randomUUID(), now).carbonEmissionInGrams),
    );

    expect(scores.size).toBeGreaterThan(15);
  });

  it('names every month in lower-case English', () => {
    const names = Array.from({ length: 12 }, (_, month) =>
      aggregateDateOf(new Date(Date.UTC(2027, month, 15))),
    );

    expect(names).toEqual([
      'january-2027',
      'february-2027',
      'march-2027',
      'april-2027',
      'may-2027',
      'june-2027',
      'july-2027',
      'august-2027',
      'september-2027',
      'october-2027',
      'november-2027',
      'december-2027',
    ]);
  });

  it('answers as the contract declares, for a user, an unknown user and a malformed id', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    const known = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${userid}/aggregate-carbon-scores`,
    });
    const unknown = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${randomUUID()}/aggregate-carbon-scores`,
    });
    const malformed = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: '/issuers/users/42/aggregate-carbon-scores',
    });

    expect([known.status, unknown.status, malformed.status]).toEqual([200, 404, 400]);
    expect(reasonCodesOf(unknown.body)).toEqual(['USER_NOT_FOUND']);
    expect(malformed.body).toMatchObject({ Errors: { Error: [{ Details: 'UserId should be of size 36' }] } });
    for (const response of [known, unknown, malformed]) expectContractResponse(SCORES, 'get', response);
  });

  it('answers 404 once the user is deleted', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    await fixture.client.deleteUsers([userid]);

    await expect(fixture.client.getCarbonScore(userid)).rejects.toMatchObject({
      status: 404,
      reasonCode: 'USER_NOT_FOUND',
    });
  });
});

describe('GET /issuers/users/{userid}/dashboards', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('answers a short-lived https URL with a fresh token and the language, which the client decrypts', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const first = await fixture.client.getDashboard(userid, 'pl-PL');
    const second = await fixture.client.getDashboard(userid, 'pl-PL');

    expect(first).toEqual({
      url: expect.stringMatching(
        /^https:\/\/dashboard\.sandbox\.invalid\/home\/\?auth_token=[\w-]{43,}&lang=pl-PL$/,
      ),
      expiryInMillis: '300000',
    });
    expect(second.url).not.toBe(first.url);
  });

  it.each(['en-US', 'es-cr', 'es-cl', 'sv', 'pl-PL'])('accepts the contract language %s', async (lang) => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const dashboard = await fixture.client.getDashboard(userid, lang);

    expect(new URL(dashboard.url).searchParams.get('lang')).toBe(lang);
  });

  it('opens in en-US without a language', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const dashboard = await fixture.client.getDashboard(userid);

    expect(new URL(dashboard.url).searchParams.get('lang')).toBe('en-US');
  });

  it('answers encrypted: the body is an envelope, and decrypted it is what the contract declares', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${userid}/dashboards?lang=sv`,
    });

    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain('auth_token');
    expect(response.body).toEqual({
      encryptedData: expect.stringMatching(/^[0-9a-f]+$/),
      encryptedKey: expect.stringMatching(/^[0-9a-f]+$/),
      iv: expect.stringMatching(/^[0-9a-f]{32}$/),
      oaepHashingAlgorithm: 'SHA256',
      publicKeyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expectContractResponse(DASHBOARDS, 'get', {
      status: 200,
      body: openDashboard(fixture.sandbox, response.body),
    });
  });

  it('refuses a language the contract does not list with 400 INVALID_REQUEST_PARAMETER naming lang', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${userid}/dashboards?lang=fr-FR`,
    });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Errors: {
        Error: [{ ReasonCode: 'INVALID_REQUEST_PARAMETER', Details: expect.stringMatching(/^lang /) }],
      },
    });
    expectContractResponse(DASHBOARDS, 'get', response);
  });

  it('answers 404 USER_NOT_FOUND for an unknown user and 400 for a malformed id', async () => {
    const unknown = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${randomUUID()}/dashboards`,
    });
    const malformed = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `/issuers/users/${'-'.repeat(35)}/dashboards`,
    });

    expect(unknown.status).toBe(404);
    expect(reasonCodesOf(unknown.body)).toEqual(['USER_NOT_FOUND']);
    expect(malformed.status).toBe(400);
    expectContractResponse(DASHBOARDS, 'get', unknown);
    expectContractResponse(DASHBOARDS, 'get', malformed);
  });

  it('is never asked by a client without the decryption key: CceDecryptionKeyMissingError, no request', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    // As a gateway without CCE_DECRYPTION_KEY_FILE.
    const clientWithoutKey = fixture.clientWith({ decryptionKeyPem: undefined });
    const before = fixture.sandbox.callCount('GET /issuers/users/{userid}/dashboards');

    const failure = await clientWithoutKey.getDashboard(userid, 'sv').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CceDecryptionKeyMissingError);
    expect(failure).toMatchObject({ outcome: 'NOT_SENT' });
    expect(fixture.sandbox.callCount('GET /issuers/users/{userid}/dashboards')).toBe(before);
  });
});
