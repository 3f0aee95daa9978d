import { CceApiError } from '../../src/cce/cce-errors';
import { anEnrollment } from '../support/builders';
import { startSandboxFixture, type SandboxFixture } from '../support/sandbox-fixture';

const SCORES = 'GET /issuers/users/{userid}/aggregate-carbon-scores';
const DASHBOARDS = 'GET /issuers/users/{userid}/dashboards';

describe('fault injection per endpoint', () => {
  let fixture: SandboxFixture;
  let userId: string;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
    ({ userid: userId } = await fixture.client.enrollUser(anEnrollment()));
  });

  afterEach(() => fixture.sandbox.faults.reset());

  afterAll(async () => {
    await fixture.close();
  });

  it('fails only the named route: other routes are answered and leave the fault waiting', async () => {
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 }, SCORES);

    await expect(fixture.client.getIssuer()).resolves.toMatchObject({ status: 'ACTIVE' });
    await expect(fixture.client.getDashboard(userId, 'sv')).resolves.toMatchObject({
      expiryInMillis: '300000',
    });
    expect(fixture.sandbox.faults.pendingFor(SCORES)).toBe(1);

    const failure = await fixture.client.getCarbonScore(userId).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CceApiError);
    expect(failure).toMatchObject({
      endpoint: 'getCarbonScore',
      status: 503,
      reasonCode: 'SANDBOX_INJECTED_FAULT',
    });
    expect(fixture.sandbox.faults.pendingFailures).toBe(0);
    await expect(fixture.client.getCarbonScore(userId)).resolves.toMatchObject({
      carbonEmissionInGrams: expect.any(String),
    });
  });

  it('drops the connection of the named route only', async () => {
    fixture.sandbox.faults.failNext(1, { kind: 'drop' }, DASHBOARDS);

    await expect(fixture.client.getCarbonScore(userId)).resolves.toBeDefined();
    await expect(fixture.client.getDashboard(userId)).rejects.toMatchObject({
      name: 'CceUnavailableError',
      endpoint: 'getDashboard',
      reason: 'network',
    });
  });

  it('still fails any route with a fault given no route', async () => {
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 500 });

    await expect(fixture.client.getDashboard(userId)).rejects.toMatchObject({ status: 500 });
    await expect(fixture.client.getDashboard(userId)).resolves.toBeDefined();
  });

  it('slows the named route only: a short deadline times out there and not elsewhere', async () => {
    const impatient = fixture.clientWith({}, 300);
    fixture.sandbox.faults.latencyFor(DASHBOARDS, 2000);

    await expect(impatient.getCarbonScore(userId)).resolves.toBeDefined();
    await expect(impatient.getDashboard(userId)).rejects.toMatchObject({
      name: 'CceUnavailableError',
      reason: 'timeout',
    });
  });

  it('counts calls by route name, path parameters left as in the contract', async () => {
    const before = fixture.sandbox.callCount(SCORES);

    await fixture.client.getCarbonScore(userId);
    await fixture.client.getCarbonScore(userId);

    expect(fixture.sandbox.callCount(SCORES)).toBe(before + 2);
  });

  it('records no contract violation for injected faults', async () => {
    fixture.sandbox.faults.failNext(
      1,
      { kind: 'status', status: 418, reasonCode: 'X', description: 'short' },
      SCORES,
    );

    await expect(fixture.client.getCarbonScore(userId)).rejects.toMatchObject({ status: 418 });

    expect(fixture.sandbox.contractViolations()).toEqual([]);
  });
});
