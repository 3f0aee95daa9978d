import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { DevTokenIssuer } from '../../src/auth/dev-token-issuer';
import { singleKeyRing } from '../../src/config/secret-keys';
import { TrustedDocuments } from '../../src/limits/trusted-documents';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { ListUsersDocument } from '../generated/operations';

type Errors = { message: string; extensions?: Record<string, unknown> }[];

describe('rate limits per caller, shared by two gateway instances on one database', () => {
  const tokens = DevTokenIssuer.create();
  const databaseName = `rate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let a: GatewayFixture;
  let b: GatewayFixture;

  beforeAll(async () => {
    // One deployment: the same token issuer and the same keys on both instances.
    const keys = {
      cardFingerprintKeys: singleKeyRing(randomBytes(32)),
      personalDataKeys: singleKeyRing(randomBytes(32)),
    };
    const options = {
      tokens,
      databaseName,
      ...keys,
      rateLimits: { queriesPerMinute: 3, enrollmentsPerMinute: 5 },
    };
    a = await startGatewayFixture(options);
    b = await startGatewayFixture(options);
  });

  afterAll(async () => {
    await a.close();
    await b.connection.dropDatabase();
    await b.close();
  });

  const as = async (
    fixture: GatewayFixture,
    sub: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => fixture.graphqlAs({ authorization: `Bearer ${await tokens.mint({ sub })}` }, query, variables);

  it('refuses the caller whose budget both instances spent, with RATE_LIMITED and a retry-after', async () => {
    const query = '{ users { totalCount } }';
    const spent = [await as(a, 'alice', query), await as(b, 'alice', query), await as(a, 'alice', query)];
    for (const response of spent) expect(response.errors).toBeUndefined();

    const refused = await as(b, 'alice', query);

    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((refused.errors as Errors)[0]!.extensions).toEqual({
      code: 'RATE_LIMITED',
      budget: 'queries',
      retryAfterSeconds: retryAfter,
    });
  });

  it("keeps other callers, and the same caller's other budgets, untouched", async () => {
    const other = await as(b, 'bob', '{ users { totalCount } }');
    const enrollment = await as(
      a,
      'alice',
      'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }',
      {
        input: anEnrollment(),
      },
    );

    expect(other.errors).toBeUndefined();
    expect(enrollment.errors).toBeUndefined();
  });
});

describe('failed authentications per client address', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ rateLimits: { unauthenticatedPerMinute: 3 } });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('answers 429 once an address spent its budget of bad tokens, and still serves valid tokens', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (await fixture.graphqlAs({ authorization: 'Bearer forged' }, '{ users { totalCount } }')).status,
      );
    }
    const valid = await fixture.graphql('{ users { totalCount } }');

    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(valid.errors).toBeUndefined();
  });
});

describe('trusted documents (GRAPHQL_TRUSTED_DOCUMENTS)', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    const manifest = path.resolve(__dirname, '../../schema/trusted-documents.json');
    fixture = await startGatewayFixture({
      limits: { trustedDocuments: TrustedDocuments.fromFile(manifest) },
    });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('serves the operations of the manifest written by npm run codegen', async () => {
    const response = await fixture.graphql(ListUsersDocument, { first: 5 });

    expect(response.errors).toBeUndefined();
  });

  it('refuses any other text before parsing it', async () => {
    const finds = fixture.usersFindCount();

    const response = await fixture.graphql('{ users { totalCount } }');

    expect(response.status).toBe(400);
    expect((response.errors as Errors)[0]!.extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED' });
    expect(fixture.usersFindCount()).toBe(finds);
  });
});
