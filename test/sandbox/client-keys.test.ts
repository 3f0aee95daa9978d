import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CceClient } from '../../src/cce/cce-client';
import { devGatewayConfig } from '../../src/dev/dev-config';
import { clientKeyFiles, loadOrCreateSandboxKeys } from '../../src/sandbox/sandbox-key-files';
import { anEnrollment } from '../support/builders';
import { startSandboxFixture, type SandboxFixture } from '../support/sandbox-fixture';

const RESPONSE_KEY_FILES = ['client-decryption-key.pem', 'client-encryption-certificate.pem'];

describe('sandbox key files', () => {
  const newDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'sandbox-keys-')), 'keys');

  it('stores every key readable by its owner only, and reuses them on the next start', async () => {
    const dir = newDir();

    const first = await loadOrCreateSandboxKeys(dir);
    const second = await loadOrCreateSandboxKeys(dir);

    expect(first.created).toBe(true);
    expect(second).toEqual({ keys: first.keys, created: false });
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(RESPONSE_KEY_FILES));
    for (const file of readdirSync(dir)) expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it('adds the response keys to a directory written before they existed, keeping the other keys', async () => {
    const dir = newDir();
    const { keys: original } = await loadOrCreateSandboxKeys(dir);
    for (const file of RESPONSE_KEY_FILES) unlinkSync(path.join(dir, file));

    const { keys, created } = await loadOrCreateSandboxKeys(dir);

    expect(created).toBe(false);
    expect(keys.consumerKey).toBe(original.consumerKey);
    expect(keys.clientSigningKeyPem).toBe(original.clientSigningKeyPem);
    expect(keys.encryptionCertificatePem).toBe(original.encryptionCertificatePem);
    expect(keys.clientDecryptionKeyPem).not.toBe(original.clientDecryptionKeyPem);
    expect(await readFile(clientKeyFiles(dir).decryptionKey, 'utf8')).toBe(keys.clientDecryptionKeyPem);
    expect((await loadOrCreateSandboxKeys(dir)).keys).toEqual(keys);
  });
});

describe('a gateway configured from the sandbox keys reads dashboards', () => {
  let fixture: SandboxFixture;

  beforeAll(async () => {
    fixture = await startSandboxFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('npm run dev writes the decryption key and sets CCE_DECRYPTION_KEY_FILE, which the config parser accepts', async () => {
    const { config } = devGatewayConfig({
      sandbox: fixture.sandbox,
      mongodbUri: 'mongodb://127.0.0.1:27017/dev',
      keys: {
        CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
        PERSONAL_DATA_KEY: randomBytes(32).toString('hex'),
      },
      environment: {},
    });
    const { userid } = await fixture.client.enrollUser(anEnrollment());

    expect(config.cce.credentials.decryptionKeyPem?.trim()).toBe(
      fixture.sandbox.keys.clientDecryptionKeyPem.trim(),
    );
    const client = new CceClient({ ...config.cce, resilience: { retryAttempts: 0 } });
    try {
      await expect(client.getDashboard(userid, 'sv')).resolves.toMatchObject({ expiryInMillis: '300000' });
    } finally {
      await client.close();
    }
  });
});
