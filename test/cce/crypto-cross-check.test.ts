import {
  constants,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
} from 'node:crypto';
import OAuth from 'mastercard-oauth1-signer';
import type { EncryptedPayload } from '../../src/cce/contract-types';
import { PayloadEncryptor } from '../../src/cce/payload-encryptor';
import { certificateFingerprint, decryptPayload } from '../../src/cce/payload-decryption';
import { parseAuthorizationHeader, verifyOAuthRequest } from '../../src/sandbox/oauth-verifier';
import { generateSandboxKeys } from '../../src/sandbox/sandbox-keys';
import { anEnrollment } from '../support/builders';
import { sendRaw, startSandboxFixture } from '../support/sandbox-fixture';

/** RSA-OAEP-SHA256 unwraps the AES key, AES-CBC opens the hex data: plain node:crypto, nothing shared. */
function openWithNodeCrypto(
  envelope: { encryptedKey: string; iv: string; encryptedData: string },
  privateKeyPem: string,
): unknown {
  const aesKey = privateDecrypt(
    { key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(envelope.encryptedKey, 'hex'),
  );
  const decipher = createDecipheriv(`aes-${aesKey.length * 8}-cbc`, aesKey, Buffer.from(envelope.iv, 'hex'));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(envelope.encryptedData, 'hex')),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8')) as unknown;
}

// The sandbox checks the Mastercard libraries' output with node:crypto alone, so that a bug shared by
// "client library" and "server" cannot hide: these tests pin that independence.
describe('cryptographic cross-check between the Mastercard libraries and node:crypto', () => {
  const keys = generateSandboxKeys();
  const url = 'http://127.0.0.1:8081/cts/issuers/users';

  describe('payload encryption', () => {
    const profile = anEnrollment();
    const envelope = new PayloadEncryptor(keys.encryptionCertificatePem).encryptEnrollment(profile);

    it('produces the documented envelope: hex fields, SHA256 OAEP, certificate fingerprint', () => {
      expect(envelope).toEqual({
        encryptedData: expect.stringMatching(/^[0-9a-f]+$/),
        encryptedKey: expect.stringMatching(/^[0-9a-f]{512}$/),
        iv: expect.stringMatching(/^[0-9a-f]{32}$/),
        oaepHashingAlgorithm: 'SHA256',
        publicKeyFingerprint: certificateFingerprint(keys.encryptionCertificatePem),
      });
      expect(JSON.stringify(envelope)).not.toContain(profile.cardNumber);
    });

    it('decrypts with plain node:crypto: RSA-OAEP-SHA256 unwraps the AES key, AES-CBC the data', () => {
      const aesKey = privateDecrypt(
        {
          key: createPrivateKey(keys.encryptionPrivateKeyPem),
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: 'sha256',
        },
        Buffer.from(envelope.encryptedKey, 'hex'),
      );
      const decipher = createDecipheriv(
        `aes-${aesKey.length * 8}-cbc`,
        aesKey,
        Buffer.from(envelope.iv, 'hex'),
      );
      const plain = Buffer.concat([
        decipher.update(Buffer.from(envelope.encryptedData, 'hex')),
        decipher.final(),
      ]);

      expect(JSON.parse(plain.toString('utf8'))).toEqual(profile);
    });

    it("is what the sandbox's decryptor opens, and only with the matching key", () => {
      const privateKey = createPrivateKey(keys.encryptionPrivateKeyPem);
      const fingerprint = certificateFingerprint(keys.encryptionCertificatePem);

      expect(decryptPayload(envelope, privateKey, fingerprint)).toEqual({ ok: true, payload: profile });
      expect(
        decryptPayload(
          envelope,
          createPrivateKey(generateSandboxKeys().encryptionPrivateKeyPem),
          fingerprint,
        ),
      ).toEqual({ ok: false, failure: 'undecryptable' });
    });
  });

  describe('update payload encryption', () => {
    it('PayloadEncryptor.encryptUpdate decrypts with plain node:crypto', () => {
      const update = { name: { firstName: 'Jane', lastName: 'Doe' }, locale: 'sv' };

      const envelope = new PayloadEncryptor(keys.encryptionCertificatePem).encryptUpdate(
        'f5d88571-ac15-465a-a0d8-1ad1327b9a06',
        update,
      );

      expect(envelope.oaepHashingAlgorithm).toBe('SHA256');
      expect(envelope.publicKeyFingerprint).toBe(certificateFingerprint(keys.encryptionCertificatePem));
      expect(openWithNodeCrypto(envelope, keys.encryptionPrivateKeyPem)).toEqual(update);
    });
  });

  describe("the sandbox's encrypted dashboard response", () => {
    it('decrypts with plain node:crypto and the client key, and names the client certificate', async () => {
      const fixture = await startSandboxFixture();
      try {
        const { userid } = await fixture.client.enrollUser(anEnrollment());

        const response = await sendRaw(fixture.sandbox, {
          method: 'GET',
          path: `/issuers/users/${userid}/dashboards?lang=es-cl`,
        });

        expect(response.status).toBe(200);
        const envelope = response.body as EncryptedPayload;
        expect(envelope.oaepHashingAlgorithm).toBe('SHA256');
        expect(envelope.publicKeyFingerprint).toBe(
          certificateFingerprint(fixture.sandbox.keys.clientEncryptionCertificatePem),
        );
        expect(openWithNodeCrypto(envelope, fixture.sandbox.keys.clientDecryptionKeyPem)).toEqual({
          url: expect.stringMatching(
            /^https:\/\/dashboard\.sandbox\.invalid\/home\/\?auth_token=[\w-]+&lang=es-cl$/,
          ),
          expiryInMillis: '300000',
        });
      } finally {
        await fixture.close();
      }
    });
  });

  describe('OAuth signatures', () => {
    const body = JSON.stringify({ hello: 'world' });
    const header = OAuth.getAuthorizationHeader(
      url,
      'POST',
      body,
      keys.consumerKey,
      keys.clientSigningKeyPem,
    );
    const verifier = {
      publicKeyFor: (consumerKey: string) =>
        consumerKey === keys.consumerKey ? createPublicKey(keys.clientVerificationKeyPem) : undefined,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      maxSkewSeconds: 300,
    };

    it('carries the body hash of the exact body: base64(SHA-256(body))', () => {
      const params = parseAuthorizationHeader(header);

      expect(params?.get('oauth_body_hash')).toBe(createHash('sha256').update(body).digest('base64'));
      expect(params?.get('oauth_signature_method')).toBe('RSA-SHA256');
    });

    it('verifies with node:crypto against a rebuilt signature base string', () => {
      expect(
        verifyOAuthRequest({ method: 'POST', url, authorization: header, body: Buffer.from(body) }, verifier),
      ).toEqual({ ok: true, consumerKey: keys.consumerKey });
    });

    it('does not verify for another method, URL or key', () => {
      const request = { method: 'POST', url, authorization: header, body: Buffer.from(body) };

      expect(verifyOAuthRequest({ ...request, method: 'PUT' }, verifier)).toMatchObject({
        failure: 'bad-signature',
      });
      expect(verifyOAuthRequest({ ...request, url: `${url}/x` }, verifier)).toMatchObject({
        failure: 'bad-signature',
      });
      const otherKey = createPublicKey(generateSandboxKeys().clientVerificationKeyPem);
      expect(verifyOAuthRequest(request, { ...verifier, publicKeyFor: () => otherKey })).toMatchObject({
        failure: 'bad-signature',
      });
    });

    it('signs an empty body as the hash of ""', () => {
      const getHeader = OAuth.getAuthorizationHeader(
        url,
        'GET',
        null,
        keys.consumerKey,
        keys.clientSigningKeyPem,
      );

      expect(parseAuthorizationHeader(getHeader)?.get('oauth_body_hash')).toBe(
        '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      );
      expect(
        verifyOAuthRequest({ method: 'GET', url, authorization: getHeader, body: Buffer.alloc(0) }, verifier),
      ).toMatchObject({ ok: true });
    });
  });
});
