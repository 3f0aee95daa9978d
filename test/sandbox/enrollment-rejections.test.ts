import { randomBytes } from 'node:crypto';
import { CceApiError } from '../../src/cce/cce-errors';
import type { UserProfile } from '../../src/cce/contract-types';
import { PayloadEncryptor } from '../../src/cce/payload-encryptor';
import { certificateFingerprint } from '../../src/cce/payload-decryption';
import { generateRsaKeyPair, selfSignedCertificate } from '../../src/sandbox/sandbox-keys';
import { aCardNumber, anEnrollment } from '../support/builders';
import {
  expectContractResponse,
  reasonCodesOf,
  sendRaw,
  startSandboxFixture,
  type SandboxFixture,
} from '../support/sandbox-fixture';

const ENROLLMENT = '/issuers/users';
const INVALID_PARAMETER = { status: 400, reasonCode: 'INVALID_REQUEST_PARAMETER' };
const OTHER_CERTIFICATE = selfSignedCertificate(generateRsaKeyPair(), 'other');

interface Refusal {
  status: number;
  reasonCode: string;
  /** A field the error's Details must name. */
  field?: string;
}

function anEnrollmentWithout(field: keyof UserProfile): UserProfile {
  const profile: Partial<UserProfile> = anEnrollment();
  delete profile[field];
  return profile as UserProfile;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const expiry = (month: string, year: string) => ({ expiryInfo: { month, year } });
const named = (firstName: string, lastName: string) => ({ name: { firstName, lastName } });
const LONG = 'x'.repeat(101);

const INVALID_FIELDS = [
  { title: 'a 15-digit card', overrides: { cardNumber: aCardNumber().slice(0, 15) }, field: 'cardNumber' },
  { title: 'a 17-digit card', overrides: { cardNumber: `${aCardNumber()}0` }, field: 'cardNumber' },
  { title: "currency 'US'", overrides: { cardBaseCurrency: 'US' }, field: 'cardBaseCurrency' },
  { title: "currency 'US1'", overrides: { cardBaseCurrency: 'US1' }, field: 'cardBaseCurrency' },
  { title: "expiry month '1'", overrides: expiry('1', '2039'), field: 'expiryInfo.month' },
  { title: "expiry month '13'", overrides: expiry('13', '2039'), field: 'expiryInfo.month' },
  { title: "expiry year '39'", overrides: expiry('01', '39'), field: 'expiryInfo.year' },
  { title: 'an expired card (01/2020)', overrides: expiry('01', '2020'), field: 'expiryInfo' },
  { title: 'a 101-char firstName', overrides: named(LONG, 'Doe'), field: 'name.firstName' },
  { title: 'a 101-char lastName', overrides: named('Jane', LONG), field: 'name.lastName' },
  { title: 'a 101-char cardholderName', overrides: { cardholderName: LONG }, field: 'cardholderName' },
];

describe('POST /issuers/users', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  /** Enrolls through the adapter and returns its refusal, checking it left no user and echoed no PAN. */
  async function expectRefused(profile: UserProfile, refusal: Refusal, client = fixture.client) {
    const usersBefore = fixture.sandbox.state.userCount;
    const error = await client.enrollUser(profile).then(
      () => Promise.reject(new Error('the enrollment was accepted')),
      (rejection: unknown) => rejection,
    );

    expect(error).toBeInstanceOf(CceApiError);
    const apiError = error as CceApiError;
    expect(apiError).toMatchObject({ status: refusal.status, reasonCode: refusal.reasonCode });
    if (refusal.field !== undefined) {
      const namesField = new RegExp(`\\b${refusal.field.replace('.', '\\.')}\\b`);
      expect(apiError.errors.map((e) => e.Details)).toContainEqual(expect.stringMatching(namesField));
    }
    if (profile.cardNumber !== undefined) {
      expect(JSON.stringify([apiError.message, apiError.errors])).not.toContain(profile.cardNumber);
    }
    expect(fixture.sandbox.state.userCount).toBe(usersBefore);
  }

  function encryptedBody(profile: UserProfile, certificate = fixture.sandbox.keys.encryptionCertificatePem) {
    return JSON.stringify(new PayloadEncryptor(certificate).encryptEnrollment(profile));
  }

  describe('refuses data the contract does not allow with 400 INVALID_REQUEST_PARAMETER', () => {
    it.each(INVALID_FIELDS)('refuses $title and names $field', async ({ overrides, field }) => {
      await expectRefused(anEnrollment(overrides), { ...INVALID_PARAMETER, field });
    });

    it.each(['cardNumber', 'email', 'expiryInfo', 'cardBaseCurrency', 'cardholderName'] as const)(
      'refuses a profile without %s and names it',
      async (field) => {
        await expectRefused(anEnrollmentWithout(field), { ...INVALID_PARAMETER, field });
      },
    );

    it('makes billingAddress mandatory only while the issuer has the Donate feature on', async () => {
      const profile = anEnrollmentWithout('billingAddress');
      fixture.sandbox.issuer.donate = true;
      try {
        await expectRefused(profile, { ...INVALID_PARAMETER, field: 'billingAddress' });
      } finally {
        fixture.sandbox.issuer.donate = false;
      }

      await expect(fixture.client.enrollUser(profile)).resolves.toMatchObject({ status: 'ACTIVE' });
    });
  });

  describe('refuses cards it cannot take', () => {
    it("refuses a BIN outside the issuer's supportedAccountRange with CARD_NOT_SUPPORTED", async () => {
      const profile = anEnrollment({ cardNumber: aCardNumber('999999') });

      await expectRefused(profile, { status: 400, reasonCode: 'CARD_NOT_SUPPORTED', field: 'cardNumber' });
    });

    it('refuses a card that is already enrolled with CARD_ALREADY_ENROLLED', async () => {
      const profile = anEnrollment();
      await fixture.client.enrollUser(profile);

      await expectRefused(
        anEnrollment({ cardNumber: profile.cardNumber, email: { value: 'other@example.com' } }),
        {
          status: 400,
          reasonCode: 'CARD_ALREADY_ENROLLED',
          field: 'cardNumber',
        },
      );
    });
  });

  describe('refuses payloads it cannot decrypt', () => {
    it('answers 400 CRYPTO_ERROR to a payload encrypted for another certificate', async () => {
      const client = fixture.clientWith({ encryptionCertificatePem: OTHER_CERTIFICATE });

      await expectRefused(anEnrollment(), { status: 400, reasonCode: 'CRYPTO_ERROR' }, client);
    });

    const envelope = (encryptedData: string) =>
      JSON.stringify({
        encryptedData,
        encryptedKey: hex(256),
        iv: hex(16),
        oaepHashingAlgorithm: 'SHA256',
        publicKeyFingerprint: certificateFingerprint(fixture.sandbox.keys.encryptionCertificatePem),
      });

    it.each([
      {
        title: '400 CRYPTO_ERROR to random hex of 128 chars under the right fingerprint',
        body: () => envelope(hex(64)),
        contentType: 'application/json',
        status: 400,
        reasonCode: 'CRYPTO_ERROR',
      },
      {
        title: '400 INVALID_REQUEST_PARAMETER to encryptedData shorter than 128 chars',
        body: () => envelope(hex(63)),
        contentType: 'application/json',
        status: 400,
        reasonCode: 'INVALID_REQUEST_PARAMETER',
      },
      {
        title: '415 UNSUPPORTED_MEDIA_TYPE to a well-encrypted body sent as text/plain',
        body: () => encryptedBody(anEnrollment()),
        contentType: 'text/plain',
        status: 415,
        reasonCode: 'UNSUPPORTED_MEDIA_TYPE',
      },
    ])('answers $title', async ({ body, contentType, status, reasonCode }) => {
      const usersBefore = fixture.sandbox.state.userCount;

      const response = await sendRaw(fixture.sandbox, {
        method: 'POST',
        path: ENROLLMENT,
        body: body(),
        contentType,
      });

      expect(response.status).toBe(status);
      expect(reasonCodesOf(response.body)).toEqual([reasonCode]);
      expectContractResponse(ENROLLMENT, 'post', response);
      expect(fixture.sandbox.state.userCount).toBe(usersBefore);
    });

    it('names encryptedData when it is too short', async () => {
      const response = await sendRaw(fixture.sandbox, {
        method: 'POST',
        path: ENROLLMENT,
        body: envelope(hex(63)),
      });

      expect(response.body).toMatchObject({
        Errors: { Error: [{ Details: expect.stringMatching(/encryptedData/) }] },
      });
    });
  });

  it('answers every refusal with a contract error body that never echoes the card number', async () => {
    const enrolled = anEnrollment();
    await fixture.client.enrollUser(enrolled);
    const { reasonCode: invalid } = INVALID_PARAMETER;
    const cases = [
      { profile: anEnrollment({ cardNumber: aCardNumber().slice(0, 15) }), reasonCode: invalid },
      { profile: anEnrollment({ cardBaseCurrency: 'US1' }), reasonCode: invalid },
      { profile: anEnrollment(expiry('01', '2020')), reasonCode: invalid },
      { profile: anEnrollmentWithout('cardholderName'), reasonCode: invalid },
      { profile: anEnrollment({ cardNumber: aCardNumber('999999') }), reasonCode: 'CARD_NOT_SUPPORTED' },
      { profile: anEnrollment({ cardNumber: enrolled.cardNumber }), reasonCode: 'CARD_ALREADY_ENROLLED' },
      { profile: anEnrollment(), certificate: OTHER_CERTIFICATE, reasonCode: 'CRYPTO_ERROR' },
    ];
    const usersBefore = fixture.sandbox.state.userCount;

    for (const { profile, certificate, reasonCode } of cases) {
      const body = encryptedBody(profile, certificate);

      const response = await sendRaw(fixture.sandbox, { method: 'POST', path: ENROLLMENT, body });

      expect({ status: response.status, reasonCodes: reasonCodesOf(response.body) }).toEqual({
        status: 400,
        reasonCodes: [reasonCode],
      });
      expectContractResponse(ENROLLMENT, 'post', response);
      expect(JSON.stringify(response.body)).not.toContain(profile.cardNumber);
    }
    expect(fixture.sandbox.state.userCount).toBe(usersBefore);
  });
});
