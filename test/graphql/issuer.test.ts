import { anEnrollment, aCardNumber } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ISSUER = `{ issuer { clientId status supportedAccountRange email countryCode termsAndConditionsUrl
  privacyNoticeUrl optOutUrl preferredTheme { name value } donateEnabled fetchedAt } }`;
const UPDATE = `mutation ($input: UpdateIssuerInput!) {
  updateIssuer(input: $input) { issuer { supportedAccountRange privacyNoticeUrl preferredTheme { name value } } }
}`;
const ENROLL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const PUT_ISSUER = 'PUT /issuers';

type Issuer = {
  supportedAccountRange: string[];
  privacyNoticeUrl: string;
  preferredTheme: { name: string; value: string }[];
};

describe('issuer and updateIssuer', () => {
  let fixture: GatewayFixture;
  const as = async (claims: Record<string, unknown>, query: string, variables?: Record<string, unknown>) =>
    fixture.graphqlAs({ authorization: `Bearer ${await fixture.tokens.mint(claims)}` }, query, variables);

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(() => fixture.close());

  it("serves the issuer's CCE profile, as GET /issuers answered it", async () => {
    const response = await fixture.graphql<{ issuer: Record<string, unknown> }>(ISSUER);

    expect(response.errors).toBeUndefined();
    expect(response.data!.issuer).toMatchObject({
      clientId: fixture.sandbox.keys.consumerKey.split('!')[0],
      status: 'ACTIVE',
      supportedAccountRange: fixture.sandbox.issuer.supportedAccountRange.split(','),
      donateEnabled: false,
    });
    expect(response.data!.issuer.preferredTheme).toEqual(
      expect.arrayContaining([{ name: 'backgroundColor', value: expect.stringMatching(/^#/) }]),
    );
  });

  it('changes only the fields given at CCE, keeps the new profile in the database, and enrolls by the new range', async () => {
    const card = aCardNumber('440000');
    const refused = await fixture.graphql(ENROLL, { input: anEnrollment({ cardNumber: card }) });
    expect(refused.errors![0]!.extensions!.code).toBe('CARD_NOT_SUPPORTED');

    const range = [...fixture.sandbox.issuer.supportedAccountRange.split(','), '440000'];
    const response = await fixture.graphql<{ updateIssuer: { issuer: Issuer } }>(UPDATE, {
      input: {
        supportedAccountRange: range,
        privacyNoticeUrl: 'https://bank.example/privacy-2026',
        preferredTheme: [{ name: 'buttonColor', value: '#123456' }],
      },
    });

    expect(response.errors).toBeUndefined();
    const issuer = response.data!.updateIssuer.issuer;
    expect(issuer.supportedAccountRange).toEqual(range);
    expect(issuer.privacyNoticeUrl).toBe('https://bank.example/privacy-2026');
    expect(issuer.preferredTheme).toEqual(
      expect.arrayContaining([
        { name: 'buttonColor', value: '#123456' },
        { name: 'backgroundColor', value: expect.any(String) },
      ]),
    );
    const stored = await fixture.connection.collection('issuer_profiles').findOne({});
    expect(stored?.profile).toMatchObject({ privacyNoticeURL: 'https://bank.example/privacy-2026' });

    const enrolled = await fixture.graphql(ENROLL, {
      input: anEnrollment({ cardNumber: aCardNumber('440000') }),
    });
    expect(enrolled.errors).toBeUndefined();
  });

  it('refuses invalid changes naming the fields, before CCE is called', async () => {
    const calls = fixture.sandbox.callCount(PUT_ISSUER);
    const fieldsOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => {
      expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      return (response.errors![0]!.extensions!.fields as { path: string }[]).map((field) => field.path);
    };

    const malformed = await fixture.graphql(UPDATE, {
      input: { supportedAccountRange: ['12'], termsAndConditionsUrl: 'http://bank.example/terms' },
    });
    expect(fieldsOf(malformed)).toEqual(['input.supportedAccountRange', 'input.termsAndConditionsUrl']);

    const theme = await fixture.graphql(UPDATE, {
      input: {
        preferredTheme: [
          { name: 'fontColor', value: 'red' },
          { name: 'titleFontSize', value: 'large' },
          { name: 'titleFontType', value: 'Mark Offc For MC' },
        ],
      },
    });
    expect(fieldsOf(theme)).toEqual(['input.preferredTheme.0.value', 'input.preferredTheme.1.value']);

    const empty = await fixture.graphql(UPDATE, { input: {} });
    expect(fieldsOf(empty)).toEqual(['input']);
    expect(fixture.sandbox.callCount(PUT_ISSUER)).toBe(calls);
  });

  it('needs issuer:read to read and issuer:admin to change; cardholder tokens get neither', async () => {
    const read = await as({ scope: 'users:read users:read_pii' }, ISSUER);
    expect(read.errors![0]!.extensions).toMatchObject({ requiredScopes: ['issuer:read'] });

    const change = await as({ scope: 'issuer:read' }, UPDATE, {
      input: { optOutUrl: 'https://bank.example/o' },
    });
    expect(change.errors![0]!.extensions).toMatchObject({ requiredScopes: ['issuer:admin'] });

    const cardholder = await as(
      { scope: 'issuer:read', cce_user_id: '00000000-0000-4000-8000-000000000000' },
      ISSUER,
    );
    expect(cardholder.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
