import { createPrivateKey } from 'node:crypto';
import { ContractValidator } from '../../src/sandbox/contract-validator';
import { DashboardEncryptor, newDashboard } from '../../src/sandbox/dashboard-response';
import { ResponseChecker, type ContractViolation } from '../../src/sandbox/response-checker';
import { generateSandboxKeys } from '../../src/sandbox/sandbox-keys';
import type { RunningSandbox } from '../../src/sandbox/sandbox-server';
import { SANDBOX_ROUTES, type SandboxRoute } from '../../src/sandbox/sandbox-routes';
import { expectNoContractViolations } from '../support/sandbox-fixture';

const USER_ID = 'f5d88571-ac15-465a-a0d8-1ad1327b9a06';

function routeNamed(name: string): SandboxRoute {
  const route = SANDBOX_ROUTES.find((each) => each.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return route;
}

// The check every sandbox answer goes through; the sandbox's own answers are covered by the
// fixtures, which fail any test that leaves a violation. Here: that the check can fail.
describe('contract check of sandbox answers', () => {
  const keys = generateSandboxKeys();
  const validator = ContractValidator.load();
  const error = (status: number) => ({
    status,
    body: {
      Errors: {
        Error: [{ Source: 'Gateway', ReasonCode: 'X', Description: 'Long enough text', Recoverable: false }],
      },
    },
  });
  let seen: ContractViolation[];
  let checker: ResponseChecker;

  beforeEach(() => {
    seen = [];
    checker = new ResponseChecker(validator, createPrivateKey(keys.clientDecryptionKeyPem), (v) =>
      seen.push(v),
    );
  });

  it('records a success body that misses a required field, naming route, status and field', () => {
    checker.check(
      routeNamed('PUT /issuers/users/{userid}'),
      { status: 200, body: { userid: USER_ID, cardNumberLastFourDigits: '1234' } },
      'operation',
    );

    expect(checker.violations()).toEqual([
      { route: 'PUT /issuers/users/{userid}', status: 200, field: 'status', message: 'status is required' },
    ]);
    expect(seen).toEqual(checker.violations());
  });

  it('records a status the operation does not declare', () => {
    checker.check(routeNamed('GET /issuers'), error(400), 'operation');

    expect(checker.violations()).toEqual([expect.objectContaining({ route: 'GET /issuers', status: 400 })]);
  });

  it("accepts the API gateway's errors on any operation when they are ErrorWrappers", () => {
    checker.check(routeNamed('GET /issuers'), error(400), 'gateway');
    checker.check(routeNamed('GET /issuers'), { status: 400, body: { message: 'bad' } }, 'gateway');

    expect(checker.violations()).toEqual([expect.objectContaining({ field: 'Errors' })]);
  });

  it('checks a dashboard after decrypting it, and records one that does not open', () => {
    const route = routeNamed('GET /issuers/users/{userid}/dashboards');
    const encryptor = new DashboardEncryptor(keys.clientEncryptionCertificatePem);
    const toOtherClient = new DashboardEncryptor(generateSandboxKeys().clientEncryptionCertificatePem);

    checker.check(route, { status: 200, body: encryptor.encrypt(USER_ID, newDashboard('sv')) }, 'operation');
    expect(checker.violations()).toEqual([]);

    checker.check(
      route,
      {
        status: 200,
        body: encryptor.encrypt(USER_ID, { url: `https://x.invalid/${'a'.repeat(100)}` } as never),
      },
      'operation',
    );
    checker.check(
      route,
      { status: 200, body: toOtherClient.encrypt(USER_ID, newDashboard('sv')) },
      'operation',
    );
    expect(checker.violations()).toEqual([
      expect.objectContaining({ field: 'expiryInMillis' }),
      expect.objectContaining({ message: 'the encrypted answer does not open: undecryptable' }),
    ]);
  });

  it('makes the fixtures fail a test whose sandbox answered outside the contract', () => {
    checker.check(routeNamed('GET /issuers'), error(409), 'operation');
    const sandbox = { contractViolations: () => checker.violations() } as RunningSandbox;

    expect(() => expectNoContractViolations(sandbox)).toThrow(/GET \/issuers 409/);
  });
});
