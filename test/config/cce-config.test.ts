import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { CCE_ENVIRONMENTS } from '../../src/cce/cce-environments';
import { readCceConfig } from '../../src/config/cce-config';
import { ConfigError, EnvironmentReader, type Environment } from '../../src/config/config-error';
import { generateSandboxKeys } from '../../src/sandbox/sandbox-keys';

const keys = generateSandboxKeys();
const dir = mkdtempSync(path.join(tmpdir(), 'cce-config-'));
const file = (name: string, content: string | Buffer) => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};
const signingKeyFile = file('signing.pem', keys.clientSigningKeyPem);
const certificateFile = file('encryption.pem', keys.encryptionCertificatePem);

/** A PKCS#12 keystore like the one Mastercard Developers issues, holding the sandbox signing key. */
function pkcs12(alias: string, password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(keys.clientSigningKeyPem);
  const certificate = forge.pki.certificateFromPem(keys.encryptionCertificatePem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certificate, password, {
    friendlyName: alias,
    algorithm: '3des',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function read(env: Environment) {
  const reader = new EnvironmentReader(env);
  const config = readCceConfig(reader);
  reader.throwIfProblems();
  return config;
}

function problemsOf(env: Environment): readonly string[] {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const pemEnv = {
  CCE_BASE_URL: 'sandbox',
  CCE_CONSUMER_KEY: keys.consumerKey,
  CCE_SIGNING_KEY_FILE: signingKeyFile,
  CCE_ENCRYPTION_CERT_FILE: certificateFile,
};

describe('CCE configuration', () => {
  it('reads a PEM signing key and resolves the named environment', () => {
    expect(read(pemEnv)).toEqual({
      baseUrl: CCE_ENVIRONMENTS.sandbox,
      credentials: {
        consumerKey: keys.consumerKey,
        signingKeyPem: keys.clientSigningKeyPem,
        encryptionCertificatePem: keys.encryptionCertificatePem,
      },
      timeoutMs: 10_000,
      maxConnections: 32,
      resilience: { breakerFailures: 5, breakerHalfOpenAfterMs: 30_000, retryAttempts: 2 },
    });
  });

  it('reads the signing key out of a PKCS#12 keystore by alias and password', () => {
    const config = read({
      ...pemEnv,
      CCE_SIGNING_KEY_FILE: undefined,
      CCE_SIGNING_P12_FILE: file('keystore.p12', pkcs12('keyalias', 'keystorepassword')),
      CCE_SIGNING_P12_ALIAS: 'keyalias',
      CCE_SIGNING_P12_PASSWORD: 'keystorepassword',
    });

    const samePrivateKey = forge.pki.privateKeyToPem(forge.pki.privateKeyFromPem(keys.clientSigningKeyPem));
    expect(config?.credentials.signingKeyPem).toBe(samePrivateKey);
  });

  it.each([
    ['a wrong password', 'keyalias', 'not-the-password', /CCE_SIGNING_P12_FILE: .*wrong password/],
    [
      'an unknown alias',
      'other',
      'keystorepassword',
      /CCE_SIGNING_P12_FILE: .*no private key with alias "other"/,
    ],
  ])('names the keystore when it is opened with %s', (_case, alias, password, expected) => {
    const problems = problemsOf({
      ...pemEnv,
      CCE_SIGNING_KEY_FILE: undefined,
      CCE_SIGNING_P12_FILE: file(`keystore-${alias}.p12`, pkcs12('keyalias', 'keystorepassword')),
      CCE_SIGNING_P12_ALIAS: alias,
      CCE_SIGNING_P12_PASSWORD: password,
    });

    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it('accepts production and any http(s) URL as the base URL', () => {
    expect(read({ ...pemEnv, CCE_BASE_URL: 'production' })?.baseUrl).toBe(CCE_ENVIRONMENTS.production);
    expect(read({ ...pemEnv, CCE_BASE_URL: 'http://127.0.0.1:8081/cts/' })?.baseUrl).toBe(
      'http://127.0.0.1:8081/cts',
    );
  });

  it('refuses plain http to anything but a loopback address or a host named in CCE_PLAIN_HTTP_HOSTS', () => {
    for (const url of ['http://localhost:8081/cts', 'http://[::1]:8081/cts', 'http://127.0.0.2/cts']) {
      expect(problemsOf({ ...pemEnv, CCE_BASE_URL: url })).toEqual([]);
    }
    for (const url of [
      'http://api.mastercard.com/cts',
      'http://10.0.0.5:8081/cts',
      'http://sandbox:8081/cts',
    ]) {
      expect(problemsOf({ ...pemEnv, CCE_BASE_URL: url })).toEqual([
        expect.stringMatching(/^CCE_BASE_URL must use https:\/\//),
      ]);
    }
    expect(
      problemsOf({ ...pemEnv, CCE_BASE_URL: 'http://sandbox:8081/cts', CCE_PLAIN_HTTP_HOSTS: 'db, Sandbox' }),
    ).toEqual([]);
  });

  it('lists every missing variable at once', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^CCE_BASE_URL is required/),
      expect.stringMatching(/^CCE_CONSUMER_KEY is required/),
      expect.stringMatching(/CCE_SIGNING_P12_FILE .* or CCE_SIGNING_KEY_FILE is required/),
      expect.stringMatching(/^CCE_ENCRYPTION_CERT_FILE is required/),
    ]);
  });

  it('names each malformed variable', () => {
    const problems = problemsOf({
      ...pemEnv,
      CCE_BASE_URL: 'ftp://example.com',
      CCE_SIGNING_KEY_FILE: certificateFile,
      CCE_ENCRYPTION_CERT_FILE: signingKeyFile,
      CCE_DECRYPTION_KEY_FILE: path.join(dir, 'missing.pem'),
      CCE_TIMEOUT_MS: 'soon',
    });

    expect(problems).toEqual([
      expect.stringMatching(/^CCE_BASE_URL must be/),
      expect.stringMatching(/^CCE_SIGNING_KEY_FILE: .*not a readable unencrypted private key/),
      expect.stringMatching(/^CCE_ENCRYPTION_CERT_FILE: .*not an X.509 certificate/),
      expect.stringMatching(/^CCE_DECRYPTION_KEY_FILE: cannot read/),
      expect.stringMatching(/^CCE_TIMEOUT_MS must be an integer/),
    ]);
  });

  it('reads the consumer key from CCE_CONSUMER_KEY_FILE', () => {
    const config = read({
      ...pemEnv,
      CCE_CONSUMER_KEY: undefined,
      CCE_CONSUMER_KEY_FILE: file('consumer-key.txt', `${keys.consumerKey}\n`),
    });

    expect(config?.credentials.consumerKey).toBe(keys.consumerKey);
  });

  it('refuses two signing key sources', () => {
    expect(problemsOf({ ...pemEnv, CCE_SIGNING_P12_FILE: signingKeyFile })).toEqual([
      expect.stringMatching(/only one of CCE_SIGNING_KEY_FILE and CCE_SIGNING_P12_FILE/),
    ]);
  });
});
