import { CceApiError, CceUnavailableError } from '../../src/cce/cce-errors';
import { anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

describe('CCE adapter against the local sandbox, over real HTTP', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterEach(() => fixture.sandbox.faults.reset());

  afterAll(async () => {
    await fixture.close();
  });

  describe('GET /issuers', () => {
    it("returns the issuer's profile, including the supported account range", async () => {
      const issuer = await fixture.client.getIssuer();

      expect(issuer).toMatchObject({
        clientId: fixture.sandbox.keys.consumerKey.split('!')[0],
        supportedAccountRange: fixture.sandbox.issuer.supportedAccountRange,
        status: 'ACTIVE',
      });
    });

    it('answers as the contract declares', async () => {
      expectContractResponse(
        '/issuers',
        'get',
        await sendRaw(fixture.sandbox, { method: 'GET', path: '/issuers' }),
      );
    });
  });

  describe('POST /issuers/users', () => {
    it('enrolls a user and answers a v4 UUID, the last four digits and ACTIVE', async () => {
      const profile = anEnrollment();

      const reference = await fixture.client.enrollUser(profile);

      expect(reference).toEqual({
        userid: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        cardNumberLastFourDigits: profile.cardNumber.slice(-4),
        status: 'ACTIVE',
      });
      expect(fixture.sandbox.state.has(reference.userid)).toBe(true);
    });

    it("leaves the caller's profile object untouched (the encryption library mutates what it is given)", async () => {
      const profile = anEnrollment();
      const copy = structuredClone(profile);

      await fixture.client.enrollUser(profile);

      expect(profile).toEqual(copy);
    });

    it('enrolls the minimal profile the contract requires when Donate is off', async () => {
      const { cardNumber, email, expiryInfo, cardBaseCurrency, cardholderName } = anEnrollment();

      await expect(
        fixture.client.enrollUser({ cardNumber, email, expiryInfo, cardBaseCurrency, cardholderName }),
      ).resolves.toMatchObject({ status: 'ACTIVE' });
    });
  });

  describe('POST /issuers/user-deletions', () => {
    it('deletes enrolled users and answers their ids', async () => {
      const first = await fixture.client.enrollUser(anEnrollment());
      const second = await fixture.client.enrollUser(anEnrollment());

      const deleted = await fixture.client.deleteUsers([first.userid, second.userid]);

      expect(deleted).toEqual([first.userid, second.userid]);
      expect(fixture.sandbox.state.has(first.userid)).toBe(false);
    });
  });

  describe('failures', () => {
    it('turns a timeout into CceUnavailableError(timeout) without waiting for the answer', async () => {
      const impatient = fixture.clientWith({}, 200);
      fixture.sandbox.faults.latencyMs = 1000;

      const started = Date.now();
      const failure = await impatient.getIssuer().catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(CceUnavailableError);
      expect(failure).toMatchObject({ endpoint: 'getIssuer', reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('turns a dropped connection into CceUnavailableError(network)', async () => {
      fixture.sandbox.faults.failNext(1, { kind: 'drop' });

      await expect(fixture.client.getIssuer()).rejects.toMatchObject({
        name: 'CceUnavailableError',
        reason: 'network',
      });
    });

    it('turns an injected 503 into CceApiError with status and recoverable, then recovers', async () => {
      fixture.sandbox.faults.failNext(2, { kind: 'status', status: 503 });

      for (let attempt = 0; attempt < 2; attempt += 1) {
        const failure = await fixture.client.getIssuer().catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(CceApiError);
        expect(failure).toMatchObject({
          status: 503,
          reasonCode: 'SANDBOX_INJECTED_FAULT',
          recoverable: true,
        });
      }
      await expect(fixture.client.getIssuer()).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('never enrolls a user when the request failed before reaching the sandbox handlers', async () => {
      const before = fixture.sandbox.state.userCount;
      fixture.sandbox.faults.failNext(1, { kind: 'status', status: 500 });

      await expect(fixture.client.enrollUser(anEnrollment())).rejects.toBeInstanceOf(CceApiError);

      expect(fixture.sandbox.state.userCount).toBe(before);
    });

    it('reports a refused connection as CceUnavailableError(connect-failed): nothing was sent', async () => {
      const closed = await startSandboxFixture();
      const client = closed.clientWith({});
      await closed.sandbox.close();

      await expect(client.getIssuer()).rejects.toMatchObject({
        name: 'CceUnavailableError',
        reason: 'connect-failed',
        outcome: 'NOT_SENT',
      });
      await closed.close();
    });
  });
});
