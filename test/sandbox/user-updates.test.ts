import { randomBytes, randomUUID } from 'node:crypto';
import { CceApiError } from '../../src/cce/cce-errors';
import type { UpdateUserProfile } from '../../src/cce/contract-types';
import { PayloadEncryptor } from '../../src/cce/payload-encryptor';
import { generateRsaKeyPair, selfSignedCertificate } from '../../src/sandbox/sandbox-keys';
import { anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  reasonCodesOf,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

const USER_PATH = '/issuers/users/{userid}';

function anUpdate(overrides: Partial<UpdateUserProfile> = {}): UpdateUserProfile {
  return {
    name: { firstName: 'Janet', lastName: 'Doe' },
    locale: 'sv',
    billingAddress: { countryCode: 'SWE', type: 'home', city: 'Uppsala' },
    ...overrides,
  };
}

describe('PUT /issuers/users/{userid}', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture({ issuer: { donate: true } });
  });

  afterEach(() => {
    fixture.sandbox.issuer.donate = true;
    fixture.sandbox.faults.reset();
  });

  afterAll(async () => {
    await fixture.close();
  });

  /** A signed PUT whose body is `update` encrypted to the sandbox's certificate, as the client sends it. */
  function sendUpdate(
    userId: string,
    update: unknown,
    certificate = fixture.sandbox.keys.encryptionCertificatePem,
  ) {
    // Any well-formed id selects the library's update configuration; the request goes to `userId`.
    const envelope = new PayloadEncryptor(certificate).encryptUpdate(
      randomUUID(),
      update as UpdateUserProfile,
    );
    return sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: `/issuers/users/${userId}`,
      body: JSON.stringify(envelope),
    });
  }

  it('updates an enrolled user and answers its reference: id, last four digits, ACTIVE', async () => {
    const profile = anEnrollment();
    const { userid } = await fixture.client.enrollUser(profile);

    const reference = await fixture.client.updateUser(userid, anUpdate());

    expect(reference).toEqual({
      userid,
      cardNumberLastFourDigits: profile.cardNumber.slice(-4),
      status: 'ACTIVE',
    });
    expect(fixture.sandbox.callCount('PUT /issuers/users/{userid}')).toBeGreaterThanOrEqual(1);
  });

  it('answers as the contract declares', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendUpdate(userid, anUpdate());

    expect(response.status).toBe(200);
    expectContractResponse(USER_PATH, 'put', response);
  });

  it('completes the Donate profile of a user enrolled without one, keeping booleans only', async () => {
    const { cardNumber, email, expiryInfo, cardBaseCurrency, cardholderName } = anEnrollment();
    fixture.sandbox.issuer.donate = false;
    const { userid } = await fixture.client.enrollUser({
      cardNumber,
      email,
      expiryInfo,
      cardBaseCurrency,
      cardholderName,
    });
    fixture.sandbox.issuer.donate = true;
    expect(fixture.sandbox.state.profileOf(userid)).toEqual({
      name: false,
      billingAddress: false,
      email: true,
      locale: false,
      donateComplete: false,
    });

    await fixture.client.updateUser(userid, anUpdate());

    expect(fixture.sandbox.state.profileOf(userid)).toEqual({
      name: true,
      billingAddress: true,
      email: true,
      locale: true,
      donateComplete: true,
    });
  });

  it('replaces the profile: an update without a billing address removes it', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    expect(fixture.sandbox.state.profileOf(userid)).toMatchObject({ donateComplete: true });

    await fixture.client.updateUser(userid, { name: { firstName: 'Jo', lastName: 'Doe' }, locale: 'en-US' });

    expect(fixture.sandbox.state.profileOf(userid)).toMatchObject({
      billingAddress: false,
      donateComplete: false,
    });
  });

  it('refuses every update with 401 UPDATE_USER_NOT_ACCESSIBLE while Donate is off', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    fixture.sandbox.issuer.donate = false;

    const failure = await fixture.client.updateUser(userid, anUpdate()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CceApiError);
    expect(failure).toMatchObject({
      status: 401,
      reasonCode: 'UPDATE_USER_NOT_ACCESSIBLE',
      outcome: 'SENT_REJECTED',
      description:
        'You do not have permission to access this API. The Donate feature for your bank is disabled.',
    });
    const response = await sendUpdate(userid, anUpdate());
    expect(response.status).toBe(401);
    expectContractResponse(USER_PATH, 'put', response);
  });

  it('answers 404 USER_NOT_FOUND for a well-formed id nobody holds', async () => {
    const response = await sendUpdate(randomUUID(), anUpdate());

    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      Errors: {
        Error: [
          {
            ReasonCode: 'USER_NOT_FOUND',
            Details: 'Make sure the user is enrolled through /issuers/users API endpoint.',
          },
        ],
      },
    });
    expectContractResponse(USER_PATH, 'put', response);
  });

  it.each([
    { title: 'too short', userId: 'abc', details: 'UserId should be of size 36' },
    {
      title: '36 characters that are not hex',
      userId: 'z'.repeat(36),
      details: expect.stringMatching(/userId must match/),
    },
  ])('answers 400 INVALID_REQUEST_PARAMETER for a user id $title', async ({ userId, details }) => {
    const response = await sendUpdate(userId, anUpdate());

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      Errors: { Error: [{ ReasonCode: 'INVALID_REQUEST_PARAMETER', Details: details }] },
    });
    expectContractResponse(USER_PATH, 'put', response);
  });

  it.each([
    // Each body is long enough to encrypt to the 128 characters encryptedData needs at least.
    { title: 'no name', update: { ...anUpdate(), name: undefined }, field: 'name' },
    { title: 'no locale', update: { ...anUpdate(), locale: undefined }, field: 'locale' },
    {
      title: 'a name without lastName',
      update: anUpdate({ name: { firstName: 'Jo' } as never }),
      field: 'name.lastName',
    },
    { title: 'a 101-character locale', update: anUpdate({ locale: 'x'.repeat(101) }), field: 'locale' },
    {
      title: 'an address without countryCode',
      update: anUpdate({ billingAddress: { type: 'home' } as never }),
      field: 'billingAddress.countryCode',
    },
  ])('answers 400 naming the field for an update with $title', async ({ update, field }) => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendUpdate(userid, update);

    expect(response.status).toBe(400);
    expect(reasonCodesOf(response.body)).toEqual(expect.arrayContaining(['INVALID_REQUEST_PARAMETER']));
    const details = (response.body as { Errors: { Error: { Details: string }[] } }).Errors.Error.map(
      (error) => error.Details,
    );
    expect(details).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}\\b`)));
    expectContractResponse(USER_PATH, 'put', response);
  });

  it('answers 400 CRYPTO_ERROR for a body encrypted to another certificate, and changes nothing', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    const before = fixture.sandbox.state.profileOf(userid);

    const response = await sendUpdate(
      userid,
      { name: { firstName: 'Jo', lastName: 'Doe' }, locale: 'sv' },
      selfSignedCertificate(generateRsaKeyPair(), 'other'),
    );

    // The fingerprint names a certificate the sandbox does not hold: nothing it can open.
    expect(response.status).toBe(400);
    expect(reasonCodesOf(response.body)).toEqual(['CRYPTO_ERROR']);
    expectContractResponse(USER_PATH, 'put', response);
    expect(fixture.sandbox.state.profileOf(userid)).toEqual(before);
  });

  it('answers 400 for an encryptedData outside 128..54000 characters, and for a body in clear', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());
    const short = {
      ...new PayloadEncryptor(fixture.sandbox.keys.encryptionCertificatePem).encryptUpdate(
        userid,
        anUpdate(),
      ),
      encryptedData: randomBytes(16).toString('hex'),
    };

    const tooShort = await sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: `/issuers/users/${userid}`,
      body: JSON.stringify(short),
    });
    const inClear = await sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: `/issuers/users/${userid}`,
      body: JSON.stringify(anUpdate()),
    });

    expect(tooShort.body).toMatchObject({
      Errors: { Error: [{ Details: 'encryptedData size must be between 128 and 54000' }] },
    });
    expect(reasonCodesOf(inClear.body)).toEqual(['CRYPTO_ERROR']);
    expectContractResponse(USER_PATH, 'put', tooShort);
    expectContractResponse(USER_PATH, 'put', inClear);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    const response = await sendRaw(fixture.sandbox, {
      method: 'PUT',
      path: `/issuers/users/${userid}`,
      body: 'name=Jo',
      contentType: 'text/plain',
    });

    expect(response.status).toBe(415);
    expectContractResponse(USER_PATH, 'put', response);
  });
});
