import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { readGatewayConfig } from '../../src/config/gateway-config';
import { generateSandboxKeys } from '../../src/sandbox/sandbox-keys';

const keys = generateSandboxKeys();
const dir = mkdtempSync(path.join(tmpdir(), 'gateway-config-'));
writeFileSync(path.join(dir, 'signing.pem'), keys.clientSigningKeyPem);
writeFileSync(path.join(dir, 'encryption.pem'), keys.encryptionCertificatePem);
const validEnv = {
  MONGODB_URI: 'mongodb://localhost:27017/cce',
  CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
  PERSONAL_DATA_KEY: randomBytes(32).toString('hex'),
  CCE_BASE_URL: 'sandbox',
  CCE_CONSUMER_KEY: keys.consumerKey,
  CCE_SIGNING_KEY_FILE: path.join(dir, 'signing.pem'),
  CCE_ENCRYPTION_CERT_FILE: path.join(dir, 'encryption.pem'),
  AUTH_DISABLED: 'true',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('gateway configuration: instances, deadlines and budgets', () => {
  it('has safe defaults: database deadlines, a request budget, heartbeats and the unknown-outcome retention', () => {
    expect(readGatewayConfig(validEnv)).toMatchObject({
      instanceId: undefined,
      instanceHeartbeatMs: 10_000,
      instanceStaleAfterMs: 60_000,
      unknownOutcomeRetentionDays: 30,
      database: { serverSelectionTimeoutMS: 5_000, socketTimeoutMS: 10_000, maxTimeMS: 5_000 },
      requestBudgetMs: 30_000,
    });
  });

  it('leaves OpenTelemetry tracing off unless an OTEL_* variable asks for it', () => {
    expect(readGatewayConfig(validEnv).telemetry).toEqual({ enabled: false });
    expect(
      readGatewayConfig({ ...validEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).telemetry,
    ).toMatchObject({ enabled: true, serviceName: 'cce-gateway' });
  });

  it('refuses to serve without authentication in front of a CCE that may hold real cardholders', () => {
    const refusal =
      'AUTH_DISABLED=true is only accepted with a test CCE (CCE_BASE_URL "sandbox", a loopback address or a host ' +
      'in CCE_PLAIN_HTTP_HOSTS): configure AUTH_*';
    for (const production of [
      'production',
      'https://api.mastercard.com/cts/',
      'https://API.Mastercard.com./cts',
      'https://203.0.113.7/cts',
      'https://cce-proxy.bank.internal/cts',
    ]) {
      expect(problemsOf({ ...validEnv, CCE_BASE_URL: production })).toContain(refusal);
    }
    for (const test of ['sandbox', 'http://127.0.0.1:8081/cts', 'https://localhost./cts']) {
      expect(problemsOf({ ...validEnv, CCE_BASE_URL: test })).toEqual([]);
    }
    expect(
      problemsOf({ ...validEnv, CCE_BASE_URL: 'http://sandbox:8081/cts', CCE_PLAIN_HTTP_HOSTS: 'sandbox' }),
    ).toEqual([]);
  });

  it('names each malformed variable', () => {
    const problems = problemsOf({
      ...validEnv,
      INSTANCE_ID: 'has spaces',
      INSTANCE_HEARTBEAT_MS: '10000',
      INSTANCE_STALE_AFTER_MS: '15000',
      MONGODB_MAX_TIME_MS: 'soon',
    });

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('INSTANCE_ID'),
        expect.stringContaining('INSTANCE_STALE_AFTER_MS must be at least twice INSTANCE_HEARTBEAT_MS'),
        expect.stringContaining('MONGODB_MAX_TIME_MS'),
      ]),
    );
  });
});

describe('gateway configuration: keys', () => {
  it('refuses one secret for both card fingerprints and personal data, naming both variables', () => {
    const shared = randomBytes(32).toString('hex');

    expect(() =>
      readGatewayConfig({ ...validEnv, CARD_FINGERPRINT_KEY: shared, PERSONAL_DATA_KEY: shared }),
    ).toThrow('CARD_FINGERPRINT_KEY(S) and PERSONAL_DATA_KEY(S) must not share a key');
  });
});
