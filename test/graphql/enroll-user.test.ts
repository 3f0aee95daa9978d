import { print } from 'graphql';
import { EnrollUserDocument, type EnrollUserInput, type EnrollUserMutation } from '../generated/operations';
import { aCardNumber, anEnrollment, type Enrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture, type GraphQLResponse } from '../support/gateway-fixture';

describe('enrollUser', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterEach(() => fixture.sandbox.faults.reset());

  afterAll(async () => {
    await fixture.close();
  });

  const enroll = (input: EnrollUserInput) => fixture.graphql(EnrollUserDocument, { input });
  const storedDocuments = () => fixture.users.collection.find({}).toArray();

  it('enrolls at CCE and returns the cached user, with the card reduced to its last four digits', async () => {
    const input = anEnrollment();
    fixture.clock.now = new Date('2026-05-01T10:00:00.000Z');

    const response = await enroll(input);

    expect(response.errors).toBeUndefined();
    const user = response.data!.enrollUser.user;
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: input.email,
      name: input.name,
      locale: 'en-US',
      cardholderName: 'Jane Doe',
      cardLast4: input.cardNumber.slice(-4),
      cardBaseCurrency: 'USD',
      status: 'ACTIVE',
      enrolledAt: '2026-05-01T10:00:00.000Z',
      deletionRequestedAt: null,
      carbonScoreAvailableAt: '2026-05-02T10:00:00.000Z',
    });
    expect(fixture.sandbox.state.has(user.id)).toBe(true);
    expect(response.raw).not.toContain(input.cardNumber);
  });

  it('stores no card number anywhere in the database document', async () => {
    const input = anEnrollment();
    const { data } = await enroll(input);

    const document = await fixture.users.collection.findOne({ userId: data!.enrollUser.user.id });

    expect(document).not.toBeNull();
    const { cardFingerprint, ...rest } = document!;
    expect(JSON.stringify(document)).not.toContain(input.cardNumber);
    expect(JSON.stringify(rest)).not.toMatch(/\d{13,19}/);
    expect(cardFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(rest).toMatchObject({ status: 'ACTIVE', cardLast4: input.cardNumber.slice(-4) });
  });

  it('stores a document the users schema accepts, with only the fields an enrollment sets', async () => {
    const { data } = await enroll(anEnrollment());

    const document = await fixture.users.collection.findOne({ userId: data!.enrollUser.user.id });

    await expect(new fixture.users(document).validate()).resolves.toBeUndefined();
    expect(Object.keys(document!).sort()).toEqual([
      '_id',
      'cardBaseCurrency',
      'cardFingerprint',
      'cardFingerprintKeyId',
      'cardLast4',
      'createdAt',
      'donateProfileComplete',
      'emailIndex',
      'enrolledAt',
      'instanceId',
      'personalData',
      'personalDataKeyId',
      'status',
      'userId',
    ]);
    // As stored, before mongoose's casting (which validate() applies) could turn a number into a string.
    expect(document).toMatchObject({
      _id: expect.any(String),
      cardBaseCurrency: 'USD',
      cardFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      cardFingerprintKeyId: expect.any(String),
      cardLast4: expect.stringMatching(/^\d{4}$/),
      createdAt: expect.any(Date),
      donateProfileComplete: expect.any(Boolean),
      emailIndex: expect.any(String),
      enrolledAt: expect.any(Date),
      instanceId: expect.any(String),
      personalData: expect.any(String),
      personalDataKeyId: expect.any(String),
      status: 'ACTIVE',
      userId: expect.any(String),
    });
  });

  it('enrolls the minimal profile when the issuer has Donate off', async () => {
    const { email, cardholderName, cardNumber, cardBaseCurrency, expiryInfo } = anEnrollment();

    const response = await enroll({ email, cardholderName, cardNumber, cardBaseCurrency, expiryInfo });

    expect(response.errors).toBeUndefined();
    expect(response.data!.enrollUser.user).toMatchObject({ name: null, locale: null, status: 'ACTIVE' });
  });

  describe('refuses invalid input before calling CCE, naming the field and never echoing the value', () => {
    const withExpiry = (month: string, year: string) => ({ expiryInfo: { month, year } });
    const cases: [string, Partial<Enrollment>, string][] = [
      ['a 15-digit card', { cardNumber: aCardNumber().slice(1) }, 'input.cardNumber'],
      ['a 17-digit card', { cardNumber: `${aCardNumber()}0` }, 'input.cardNumber'],
      ['a card failing the Luhn check', { cardNumber: '2223006448842521' }, 'input.cardNumber'],
      ['a two-letter currency', { cardBaseCurrency: 'US' }, 'input.cardBaseCurrency'],
      ['a currency outside ISO 4217', { cardBaseCurrency: 'XYZ' }, 'input.cardBaseCurrency'],
      ['month 13', withExpiry('13', '2039'), 'input.expiryInfo.month'],
      ['a one-digit month', withExpiry('1', '2039'), 'input.expiryInfo.month'],
      ['a two-digit year', withExpiry('01', '39'), 'input.expiryInfo.year'],
      ['an expired card', withExpiry('01', '2020'), 'input.expiryInfo'],
      [
        'a 101-character first name',
        { name: { firstName: 'x'.repeat(101), lastName: 'Doe' } },
        'input.name.firstName',
      ],
      [
        'a 101-character last name',
        { name: { firstName: 'Jane', lastName: 'x'.repeat(101) } },
        'input.name.lastName',
      ],
      ['a 101-character cardholder name', { cardholderName: 'x'.repeat(101) }, 'input.cardholderName'],
      ['an empty cardholder name', { cardholderName: '' }, 'input.cardholderName'],
      ['an invalid email', { email: { type: 'home', value: 'not-an-email' } }, 'input.email.value'],
      [
        'an 11-character email type',
        { email: { type: 'x'.repeat(11), value: 'a@b.co' } },
        'input.email.type',
      ],
      [
        'a two-letter country',
        { billingAddress: { countryCode: 'US', type: 'home' } },
        'input.billingAddress.countryCode',
      ],
      [
        'a postal code with symbols',
        { billingAddress: { countryCode: 'USA', type: 'home', postalCode: '11#46' } },
        'input.billingAddress.postalCode',
      ],
      ['a 101-character locale', { locale: 'x'.repeat(101) }, 'input.locale'],
      ['a locale that is not a BCP 47 tag', { locale: 'English (US)' }, 'input.locale'],
      [
        'a card number as the cardholder name',
        { cardholderName: '2223055428145727' },
        'input.cardholderName',
      ],
      [
        'a card number with tabs as a first name',
        { name: { firstName: '2223\t0554\t2814\t5727', lastName: 'Doe' } },
        'input.name.firstName',
      ],
      [
        'a card number as the email',
        { email: { type: 'home', value: '2223055428145727@example.com' } },
        'input.email.value',
      ],
      [
        'a NUL byte in the last name',
        { name: { firstName: 'Jane', lastName: 'Do\u0000e' } },
        'input.name.lastName',
      ],
      [
        'a lone surrogate in the city',
        { billingAddress: { countryCode: 'USA', type: 'home', city: 'Bro\ud800oklyn' } },
        'input.billingAddress.city',
      ],
    ];

    it.each(cases)('%s', async (_case, overrides, path) => {
      const input = anEnrollment(overrides);
      const enrollmentsBefore = fixture.sandbox.callCount('POST /issuers/users');
      const documentsBefore = (await storedDocuments()).length;

      const response = await enroll(input);

      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((response.errors![0]!.extensions!.fields as { path: string }[]).map((f) => f.path)).toContain(
        path,
      );
      expect(response.raw).not.toContain(input.cardNumber);
      expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);
      expect(await storedDocuments()).toHaveLength(documentsBefore);
    });
  });

  it('does not echo a card number sent with the wrong GraphQL type', async () => {
    const input = { ...anEnrollment(), cardNumber: 2223006448842520 };

    // Sent as a string, which skips the document's variable types: the wrong type is the point.
    const response = await fixture.graphql(print(EnrollUserDocument), { input });

    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(response.raw).not.toContain('2223006448842520');
  });

  it('refuses a card already enrolled through the gateway with DUPLICATE_CARD, without calling CCE', async () => {
    const input = anEnrollment();
    await enroll(input);
    const enrollmentsBefore = fixture.sandbox.callCount('POST /issuers/users');

    const again = await enroll({ ...input, email: { type: 'work', value: 'other@example.com' } });

    expect(again.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);
  });

  it('refuses a card number split across free-text fields, naming only the input, before anything is stored', async () => {
    const enrollmentsBefore = fixture.sandbox.callCount('POST /issuers/users');
    const documentsBefore = (await storedDocuments()).length;

    const response = await enroll(
      anEnrollment({ name: { firstName: 'Jane 2223 0554', lastName: '2814 5727 Doe' } }),
    );

    expect(response.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input', message: 'free-text fields must not hold a card number, even split across fields' },
      ],
    });
    expect(response.raw).not.toContain('0554');
    expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);
    expect(await storedDocuments()).toHaveLength(documentsBefore);
  });

  it('refuses a card only CCE knows with DUPLICATE_CARD, and keeps it for operators as OUTCOME_UNKNOWN', async () => {
    const input = anEnrollment();
    await fixture.cce.enrollUser(input);
    const documentsBefore = (await storedDocuments()).length;

    const response = await enroll(input);

    expect(response.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
    expect(await storedDocuments()).toHaveLength(documentsBefore + 1);
    expect(
      await fixture.users.countDocuments({
        cardLast4: input.cardNumber.slice(-4),
        status: 'OUTCOME_UNKNOWN',
      }),
    ).toBe(1);
  });

  it('refuses a card outside the issuer supportedAccountRange with CARD_NOT_SUPPORTED, before CCE', async () => {
    const enrollmentsBefore = fixture.sandbox.callCount('POST /issuers/users');

    const response = await enroll(anEnrollment({ cardNumber: aCardNumber('999999') }));

    expect(response.errors![0]!.extensions).toEqual({ code: 'CARD_NOT_SUPPORTED' });
    expect(fixture.sandbox.callCount('POST /issuers/users')).toBe(enrollmentsBefore);
  });

  it('answers a CCE 5xx with outcome UNKNOWN and keeps the card as OUTCOME_UNKNOWN: CCE may have enrolled it', async () => {
    const input = anEnrollment();
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 });

    const failed = await enroll(input);
    const retried = await enroll(input);

    expect(failed.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(
      await fixture.users.countDocuments({
        cardLast4: input.cardNumber.slice(-4),
        status: 'OUTCOME_UNKNOWN',
      }),
    ).toBe(1);
    expect(retried.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
  });

  it('keeps the card of an enrollment whose connection dropped as OUTCOME_UNKNOWN instead of enrolling it twice', async () => {
    const input = anEnrollment();
    fixture.sandbox.faults.failNext(1, { kind: 'drop' });

    const failed = await enroll(input);
    const retried = await enroll(input);

    expect(failed.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(await fixture.users.countDocuments({ cardLast4: input.cardNumber.slice(-4) })).toBe(1);
    expect(retried.errors![0]!.extensions).toEqual({ code: 'DUPLICATE_CARD' });
  });

  it('answers UPSTREAM_REJECTED with the CCE reasonCode when CCE refuses the issuer', async () => {
    fixture.sandbox.issuer.status = 'SUSPENDED';
    let response: GraphQLResponse<EnrollUserMutation>;
    try {
      response = await enroll(anEnrollment());
    } finally {
      fixture.sandbox.issuer.status = 'ACTIVE';
    }

    expect(response.errors![0]!.extensions).toEqual({
      code: 'UPSTREAM_REJECTED',
      reasonCode: 'ACCOUNT_SUSPENDED',
      recoverable: false,
      outcome: 'SENT_REJECTED',
    });
  });
});
