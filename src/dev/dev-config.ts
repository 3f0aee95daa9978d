import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, DevTokenIssuer } from '../auth/dev-token-issuer';
import type { Environment } from '../config/config-error';
import { readGatewayConfig, type GatewayConfig } from '../config/gateway-config';
import type { RunningSandbox } from '../sandbox/sandbox-server';

/** Defaults for a developer's machine; any of them can be overridden from the environment. */
const DEV_DEFAULTS: Environment = {
  HOST: '127.0.0.1',
  GRAPHQL_INTROSPECTION: 'true',
  GRAPHQL_LANDING_PAGE: 'true',
  METRICS_ON_GRAPHQL_PORT: 'true',
  MAINTENANCE_INTERVAL_MS: '60000',
  // One developer on loopback: `npm run seed -- 1000` should take seconds, not 17 minutes. Rate limits
  // stay on (and can be tried with RATE_LIMIT_ENROLLMENTS_PER_MINUTE=60 npm run dev).
  RATE_LIMIT_ENROLLMENTS_PER_MINUTE: '6000',
};

export interface DevConfig {
  readonly config: GatewayConfig;
  /** Trusted by this gateway only, for as long as it runs. */
  readonly tokens: DevTokenIssuer;
}

/**
 * `npm run dev` and the benchmark configure the gateway through the same parser as `npm start`: the
 * in-process sandbox's keys and a throw-away token key are written to files, exactly as a deployment
 * would mount them, and the environment can override every setting that is not generated here.
 */
export function devGatewayConfig(options: {
  /** The sandbox the gateway calls: in this process (`npm run dev`) or another one (the bench). */
  sandbox: Pick<RunningSandbox, 'baseUrl' | 'keys'>;
  mongodbUri: string;
  /** Throw-away key variables (CARD_FINGERPRINT_KEY, PERSONAL_DATA_KEY), overridden by `environment`. */
  keys: Environment;
  environment: Environment;
  /** DEV_DATA_DIR: the journal and instance id live there, so that a restart replays instead of losing. */
  dataDir?: string | undefined;
}): DevConfig {
  const tokens = DevTokenIssuer.create();
  const dir = mkdtempSync(path.join(tmpdir(), 'cce-gateway-dev-'));
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    writeFileSync(target, content, { mode: 0o600 });
    return target;
  };
  const generated: Environment = {
    MONGODB_URI: options.mongodbUri,
    CCE_BASE_URL: options.sandbox.baseUrl,
    CCE_CONSUMER_KEY: options.sandbox.keys.consumerKey,
    CCE_SIGNING_KEY_FILE: file('cce-signing.pem', options.sandbox.keys.clientSigningKeyPem),
    CCE_ENCRYPTION_CERT_FILE: file('cce-encryption.pem', options.sandbox.keys.encryptionCertificatePem),
    // The issuer's own key, which opens the sandbox's encrypted dashboard answers.
    CCE_DECRYPTION_KEY_FILE: file('cce-decryption.pem', options.sandbox.keys.clientDecryptionKeyPem),
    AUTH_PUBLIC_KEY_FILE: file('auth-public.pem', tokens.publicKeyPem()),
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
  };
  try {
    const config = readGatewayConfig({
      ...DEV_DEFAULTS,
      ...(options.dataDir
        ? { ENROLLMENT_JOURNAL_PATH: path.join(options.dataDir, 'enrollment-journal.jsonl') }
        : {}),
      ...options.keys,
      ...withoutGenerated(options.environment, generated),
      ...generated,
    });
    return { config, tokens };
  } finally {
    // The parser has read the key files: the private keys do not outlive this call on disk.
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Variables dev generates itself are not taken from the environment (CCE_* files, AUTH_* keys). */
function withoutGenerated(environment: Environment, generated: Environment): Environment {
  const owned = (name: string) =>
    name in generated ||
    name.startsWith('AUTH_') ||
    /^CCE_(CONSUMER|SIGNING|ENCRYPTION|DECRYPTION)/.test(name);
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !owned(name)));
}
