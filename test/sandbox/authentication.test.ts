import { randomUUID } from 'node:crypto';
import OAuth from 'mastercard-oauth1-signer';
import { CceApiError } from '../../src/cce/cce-errors';
import type { CceCredentials } from '../../src/cce/cce-credentials';
import type { IssuerStatus } from '../../src/sandbox/sandbox-issuer';
import { generateRsaKeyPair } from '../../src/sandbox/sandbox-keys';
import { anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  sendRaw,
  startSandboxFixture,
  type RawRequest,
  type SandboxFixture,
} from '../support/sandbox-fixture';

type Operation = Pick<RawRequest, 'method' | 'path' | 'body'>;

const OPERATIONS: Operation[] = [
  { method: 'GET', path: '/issuers' },
  { method: 'PUT', path: '/issuers', body: JSON.stringify({ optOutURL: 'https://bank.example/opt-out' }) },
  { method: 'POST', path: '/issuers/users', body: '{}' },
  { method: 'PUT', path: `/issuers/users/${randomUUID()}`, body: '{}' },
  { method: 'GET', path: `/issuers/users/${randomUUID()}/aggregate-carbon-scores` },
  // The query string is part of what is signed.
  { method: 'GET', path: `/issuers/users/${randomUUID()}/dashboards?lang=pl-PL` },
  { method: 'POST', path: '/issuers/user-deletions', body: JSON.stringify([randomUUID()]) },
];

/** The contract's path of an operation: the user id back to its parameter, without the query. */
function contractPath(path: string): string {
  return path.replace(/\/users\/[0-9a-f-]{36}/, '/users/{userid}').replace(/\?.*$/, '');
}

const OTHER_SIGNING_KEY = generateRsaKeyPair().privateKey;
const ONE_HOUR_MS = 3600 * 1000;

describe('OAuth 1.0a request signing', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  /** A header made by the Mastercard library, as the registered client would sign `operation`. */
  function signed(operation: Operation, overrides: { consumerKey?: string; signingKeyPem?: string } = {}) {
    return OAuth.getAuthorizationHeader(
      `${fixture.sandbox.baseUrl}${operation.path}`,
      operation.method,
      operation.body ?? null,
      overrides.consumerKey ?? fixture.sandbox.keys.consumerKey,
      overrides.signingKeyPem ?? fixture.sandbox.keys.clientSigningKeyPem,
    );
  }

  const UNAUTHENTICATED: {
    title: string;
    authorize: (operation: Operation) => string | null;
    reason: RegExp;
  }[] = [
    { title: 'no Authorization header', authorize: () => null, reason: /missing/ },
    {
      title: 'a header that is not OAuth',
      authorize: () => 'Bearer abc.def.ghi',
      reason: /not an OAuth header/,
    },
    {
      title: 'a signature altered by one character',
      authorize: (operation) =>
        signed(operation).replace(/oauth_signature="(.)/, (_, first: string) =>
          first === 'A' ? 'oauth_signature="B' : 'oauth_signature="A',
        ),
      reason: /signature does not verify/,
    },
    {
      title: 'a signature made with another key',
      authorize: (operation) => signed(operation, { signingKeyPem: OTHER_SIGNING_KEY }),
      reason: /signature does not verify/,
    },
    {
      title: 'an unknown consumer key',
      authorize: (operation) => signed(operation, { consumerKey: 'someoneElse!abc' }),
      reason: /consumer key/,
    },
    {
      title: 'an oauth_timestamp one hour old',
      authorize: (operation) => {
        const stale = String(Math.floor((Date.now() - ONE_HOUR_MS) / 1000));
        return signed(operation).replace(/oauth_timestamp="\d+"/, `oauth_timestamp="${stale}"`);
      },
      // The timestamp rule runs before the signature check, which the changed timestamp also breaks.
      reason: /oauth_timestamp/,
    },
    {
      title: 'a request signed one hour ago',
      // A genuine signature over an old timestamp: only the request's age is wrong.
      authorize: (operation) => {
        const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() - ONE_HOUR_MS);
        try {
          return signed(operation);
        } finally {
          clock.mockRestore();
        }
      },
      reason: /oauth_timestamp/,
    },
  ];

  it('accepts a request signed by the Mastercard library with the registered key', async () => {
    const response = await sendRaw(fixture.sandbox, { method: 'GET', path: '/issuers' });

    expect(response.status).toBe(200);
    expectContractResponse('/issuers', 'get', response);
  });

  describe.each(OPERATIONS)('$method $path', (operation) => {
    it.each(UNAUTHENTICATED)(
      'answers 401 AUTHENTICATION_FAILED from the Gateway to $title',
      async ({ authorize, reason }) => {
        const response = await sendRaw(fixture.sandbox, {
          ...operation,
          authorization: authorize(operation),
        });

        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({
          Errors: {
            Error: [
              {
                Source: 'Gateway',
                ReasonCode: 'AUTHENTICATION_FAILED',
                Details: expect.stringMatching(reason),
              },
            ],
          },
        });
        expectContractResponse(contractPath(operation.path), operation.method, response);
      },
    );
  });

  it('verifies the signature over the query string: a lang changed after signing is refused', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    const path = `/issuers/users/${userid}/dashboards`;
    const authorization = signed({ method: 'GET', path: `${path}?lang=sv` });

    const tampered = await sendRaw(fixture.sandbox, {
      method: 'GET',
      path: `${path}?lang=pl-PL`,
      authorization,
    });
    const genuine = await sendRaw(fixture.sandbox, { method: 'GET', path: `${path}?lang=sv`, authorization });

    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatchObject({ Errors: { Error: [{ ReasonCode: 'AUTHENTICATION_FAILED' }] } });
    expect(genuine.status).toBe(200);
  });

  it('answers 400 INVALID_BODY_HASH to a PUT whose body is not the body signed, and changes nothing', async () => {
    const before = fixture.sandbox.issuer.optOutURL;

    const response = await sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: '/issuers',
      body: JSON.stringify({ optOutURL: 'https://bank.example/signed' }),
      sentBody: JSON.stringify({ optOutURL: 'https://attacker.example/sent' }),
    });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Errors: { Error: [{ Source: 'Gateway', ReasonCode: 'INVALID_BODY_HASH' }] },
    });
    expectContractResponse('/issuers', 'put', response);
    expect(fixture.sandbox.issuer.optOutURL).toBe(before);
  });

  it('answers 400 INVALID_BODY_HASH when the body sent is not the body signed, and deletes nothing', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendRaw(fixture.sandbox, {
      method: 'POST',
      path: '/issuers/user-deletions',
      body: JSON.stringify([randomUUID()]),
      sentBody: JSON.stringify([userid]),
    });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Errors: { Error: [{ Source: 'Gateway', ReasonCode: 'INVALID_BODY_HASH' }] },
    });
    expectContractResponse('/issuers/user-deletions', 'post', response);
    expect(fixture.sandbox.state.has(userid)).toBe(true);
  });

  describe('through the adapter', () => {
    it.each<{ title: string; credentials: Partial<CceCredentials> }>([
      { title: 'a signing key the sandbox does not know', credentials: { signingKeyPem: OTHER_SIGNING_KEY } },
      { title: 'an unknown consumer key', credentials: { consumerKey: 'someoneElse!abc' } },
    ])('rejects a client with $title with CceApiError 401 AUTHENTICATION_FAILED', async ({ credentials }) => {
      const client = fixture.clientWith(credentials);

      const failure = client.getIssuer();

      await expect(failure).rejects.toBeInstanceOf(CceApiError);
      await expect(failure).rejects.toMatchObject({
        status: 401,
        reasonCode: 'AUTHENTICATION_FAILED',
        source: 'Gateway',
      });
    });
  });
});

describe('issuer status', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it.each<{ status: IssuerStatus; reasonCode: string }>([
    { status: 'INACTIVE', reasonCode: 'ACCOUNT_INACTIVE' },
    { status: 'SUSPENDED', reasonCode: 'ACCOUNT_SUSPENDED' },
    { status: 'TERMINATED', reasonCode: 'ACCOUNT_TERMINATED' },
  ])(
    'refuses a well-signed GET /issuers from a $status issuer with 401 $reasonCode',
    async ({ status, reasonCode }) => {
      fixture.sandbox.issuer.status = status;
      try {
        const failure = fixture.client.getIssuer();
        await expect(failure).rejects.toBeInstanceOf(CceApiError);
        await expect(failure).rejects.toMatchObject({ status: 401, reasonCode });

        const response = await sendRaw(fixture.sandbox, { method: 'GET', path: '/issuers' });
        expect(response.status).toBe(401);
        expectContractResponse('/issuers', 'get', response);
      } finally {
        fixture.sandbox.issuer.status = 'ACTIVE';
      }
      await expect(fixture.client.getIssuer()).resolves.toMatchObject({ status: 'ACTIVE' });
    },
  );

  it('refuses enrollment from a SUSPENDED issuer and enrolls no one', async () => {
    fixture.sandbox.issuer.status = 'SUSPENDED';
    try {
      const usersBefore = fixture.sandbox.state.userCount;
      await expect(fixture.client.enrollUser(anEnrollment())).rejects.toMatchObject({
        status: 401,
        reasonCode: 'ACCOUNT_SUSPENDED',
      });
      expect(fixture.sandbox.state.userCount).toBe(usersBefore);
    } finally {
      fixture.sandbox.issuer.status = 'ACTIVE';
    }
  });
});
