import { themeViolations } from '../../src/sandbox/issuer-configuration';
import { generateSandboxKeys } from '../../src/sandbox/sandbox-keys';
import { aCardNumber, anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

const HEX = 'The hex code supplied for color preference is invalid';
const FONT_SIZE = 'The font size should be in pixel format. For example, 15px.';
const NULL_FONT = 'The font type in request cannot be null.';

function detailsOf(body: unknown): string[] {
  return (body as { Errors: { Error: { Details: string }[] } }).Errors.Error.map((error) => error.Details);
}

describe('PUT /issuers', () => {
  // A fresh issuer for every test; keys generated once, as they are slow to make.
  const keys = generateSandboxKeys();
  let fixture: SandboxFixture;

  beforeEach(async () => {
    fixture = await startSandboxFixture({ keys });
  });

  afterEach(async () => {
    await fixture.close();
  });

  const put = (body: string) => sendRaw(fixture.sandbox, { method: 'PUT', path: '/issuers', body });

  it('changes only the fields given, and GET /issuers then answers the new profile', async () => {
    const before = await fixture.client.getIssuer();

    const updated = await fixture.client.updateIssuer({
      supportedAccountRange: ' 534403, 518145 ,5403 ',
      privacyNoticeURL: 'https://bank.example/privacy-2027',
      preferredTheme: { fontColor: '#112233', linkFontSize: '14px' },
    });

    const expectedTheme = { ...before.preferredTheme, fontColor: '#112233', linkFontSize: '14px' };
    expect(updated).toEqual({
      clientId: before.clientId,
      customerId: before.customerId,
      supportedAccountRange: '534403,518145,5403',
      status: 'ACTIVE',
      termsAndConditionURL: before.termsAndConditionURL,
      privacyNoticeURL: 'https://bank.example/privacy-2027',
      optOutURL: before.optOutURL,
      preferredTheme: expectedTheme,
    });
    expect(await fixture.client.getIssuer()).toEqual({
      ...before,
      supportedAccountRange: '534403,518145,5403',
      privacyNoticeURL: 'https://bank.example/privacy-2027',
      preferredTheme: expectedTheme,
    });
    expect(fixture.sandbox.callCount('PUT /issuers')).toBe(1);
  });

  it('enrolls by the new range at once', async () => {
    await fixture.client.updateIssuer({ supportedAccountRange: '534403' });

    await expect(fixture.client.enrollUser(anEnrollment())).rejects.toMatchObject({
      reasonCode: 'CARD_NOT_SUPPORTED',
    });
    await expect(
      fixture.client.enrollUser(anEnrollment({ cardNumber: aCardNumber('534403') })),
    ).resolves.toMatchObject({ status: 'ACTIVE' });
  });

  it('answers as the contract declares', async () => {
    const response = await put(JSON.stringify({ optOutURL: 'https://bank.example/opt-out' }));

    expect(response.status).toBe(200);
    expectContractResponse('/issuers', 'put', response);
  });

  it("answers an empty body with 400 'Required request body is missing'", async () => {
    const response = await put('');

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Errors: {
        Error: [{ ReasonCode: 'INVALID_REQUEST_PARAMETER', Details: 'Required request body is missing' }],
      },
    });
    expectContractResponse('/issuers', 'put', response);
  });

  it.each([
    {
      title: 'a range prefix of 3 digits',
      body: { supportedAccountRange: '534,5403' },
      details: /supportedAccountRange/,
    },
    {
      title: 'a range with letters',
      body: { supportedAccountRange: '5344AB' },
      details: /supportedAccountRange/,
    },
    { title: 'a URL that is not a string', body: { optOutURL: 42 }, details: /^optOutURL\b/ },
    {
      title: 'a theme that is not an object',
      body: { preferredTheme: 'dark' },
      details: /^preferredTheme\b/,
    },
    {
      title: 'a theme value that is a number',
      body: { preferredTheme: { borderRadius: 4 } },
      details: /^preferredTheme\.borderRadius\b/,
    },
  ])('answers 400 naming the field for $title, and changes nothing', async ({ body, details }) => {
    const before = await fixture.client.getIssuer();

    const response = await put(JSON.stringify(body));

    expect(response.status).toBe(400);
    expect(detailsOf(response.body)).toContainEqual(expect.stringMatching(details));
    expectContractResponse('/issuers', 'put', response);
    expect(await fixture.client.getIssuer()).toEqual(before);
  });

  it.each([
    { title: 'a colour without #', theme: { fontColor: 'FFFFFF' }, details: HEX },
    { title: 'a colour of 3 digits', theme: { buttonColor: '#FFF' }, details: HEX },
    { title: 'a colour name', theme: { backgroundColor: 'white' }, details: HEX },
    { title: 'a font size in em', theme: { titleFontSize: '2em' }, details: FONT_SIZE },
    { title: 'a font size without unit', theme: { linkFontSize: '15' }, details: FONT_SIZE },
    { title: 'an empty font type', theme: { titleFontType: ' ' }, details: NULL_FONT },
    { title: 'a null font type', theme: { paragraphFontType: null }, details: NULL_FONT },
  ])("answers 400 with the contract's text for $title", async ({ theme, details }) => {
    const before = await fixture.client.getIssuer();

    const response = await put(JSON.stringify({ preferredTheme: theme }));

    expect(response.status).toBe(400);
    expect(detailsOf(response.body)).toEqual([details]);
    expectContractResponse('/issuers', 'put', response);
    expect((await fixture.client.getIssuer()).preferredTheme).toEqual(before.preferredTheme);
  });

  it('refuses PUT /issuers from a suspended issuer with 401 ACCOUNT_SUSPENDED', async () => {
    fixture.sandbox.issuer.status = 'SUSPENDED';

    const response = await put(JSON.stringify({ optOutURL: 'https://bank.example/opt-out' }));

    expect(response.status).toBe(401);
    expectContractResponse('/issuers', 'put', response);
    fixture.sandbox.issuer.status = 'ACTIVE';
    expect((await fixture.client.getIssuer()).optOutURL).not.toBe('https://bank.example/opt-out');
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: '/issuers',
      body: 'optOutURL=x',
      contentType: 'application/x-www-form-urlencoded',
    });

    expect(response.status).toBe(415);
    expectContractResponse('/issuers', 'put', response);
  });
});

describe('preferred theme rules', () => {
  it("accept the contract's example theme", () => {
    expect(
      themeViolations({
        backgroundColor: '#FFFFFF',
        barGraphColor: '#111111',
        titleFontType: 'Mark Offc For MC',
        titleFontSize: '28px',
        anyOtherKey: 'free text',
      }),
    ).toEqual([]);
  });

  it('name each broken rule once', () => {
    expect(themeViolations({ fontColor: 'red', buttonColor: 'blue', linkFontSize: '1rem' })).toEqual([
      HEX,
      FONT_SIZE,
    ]);
  });
});
