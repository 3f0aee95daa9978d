import { readFileSync } from 'node:fs';
import type { CceClientOptions } from '../cce/cce-client';
import {
  assertCertificatePem,
  assertPrivateKeyPem,
  CredentialError,
  signingKeyFromPkcs12,
} from '../cce/cce-credentials';
import { isPlainHttpAllowed, resolveCceBaseUrl } from '../cce/cce-environments';
import { DEFAULT_CCE_RESILIENCE } from '../cce/cce-resilience';
import type { EnvironmentReader } from './config-error';

export const CCE_DEFAULT_TIMEOUT_MS = 10_000;
export const CCE_DEFAULT_MAX_CONNECTIONS = 32;

/** CCE_PLAIN_HTTP_HOSTS: sandbox containers on a private network (see isPlainHttpAllowed). */
export function readPlainHttpHosts(env: EnvironmentReader): string[] {
  return (env.optional('CCE_PLAIN_HTTP_HOSTS') ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
}

/**
 * Reads the CCE connection settings. The signing key comes from the PKCS#12 keystore that
 * Mastercard Developers issues (file + alias + password) or from an unencrypted PEM file.
 */
export function readCceConfig(env: EnvironmentReader): CceClientOptions | undefined {
  const baseUrlSetting = env.required('CCE_BASE_URL', '"sandbox", "production" or an http(s) URL');
  const baseUrl = baseUrlSetting === undefined ? undefined : resolveCceBaseUrl(baseUrlSetting);
  if (baseUrlSetting !== undefined && baseUrl === null) {
    env.problem('CCE_BASE_URL must be "sandbox", "production" or an http(s) URL');
  }
  const plainHttpHosts = readPlainHttpHosts(env);
  if (baseUrl && !isPlainHttpAllowed(baseUrl, plainHttpHosts)) {
    env.problem(
      'CCE_BASE_URL must use https:// unless it is a loopback address (127.0.0.1, ::1, localhost) ' +
        'or a host named in CCE_PLAIN_HTTP_HOSTS',
    );
  }
  const consumerKey = readConsumerKey(env);
  const signingKeyPem = readSigningKey(env);
  const encryptionCertificatePem = readPemFile(
    env,
    'CCE_ENCRYPTION_CERT_FILE',
    true,
    (pem) => assertCertificatePem(pem, 'the file'),
    'the Mastercard encryption certificate (X.509 PEM)',
  );
  const decryptionKeyPem = readPemFile(env, 'CCE_DECRYPTION_KEY_FILE', false, (pem) =>
    assertPrivateKeyPem(pem, 'the file'),
  );
  const timeoutMs = env.integer('CCE_TIMEOUT_MS', CCE_DEFAULT_TIMEOUT_MS, 100, 120_000);
  const maxConnections = env.integer('CCE_MAX_CONNECTIONS', CCE_DEFAULT_MAX_CONNECTIONS, 1, 1024);
  const resilience = {
    breakerFailures: env.integer('CCE_BREAKER_FAILURES', DEFAULT_CCE_RESILIENCE.breakerFailures, 1, 1000),
    breakerHalfOpenAfterMs: env.integer(
      'CCE_BREAKER_HALF_OPEN_AFTER_MS',
      DEFAULT_CCE_RESILIENCE.breakerHalfOpenAfterMs,
      100,
      3600_000,
    ),
    retryAttempts: env.integer('CCE_RETRY_ATTEMPTS', DEFAULT_CCE_RESILIENCE.retryAttempts, 0, 10),
  };

  if (!baseUrl || !consumerKey || !signingKeyPem || !encryptionCertificatePem) return undefined;
  return {
    baseUrl,
    credentials: {
      consumerKey,
      signingKeyPem,
      encryptionCertificatePem,
      ...(decryptionKeyPem === undefined ? {} : { decryptionKeyPem }),
    },
    timeoutMs,
    maxConnections,
    resilience,
  };
}

/** CCE_CONSUMER_KEY, or CCE_CONSUMER_KEY_FILE naming a file that holds it (Docker secrets, shared volumes). */
function readConsumerKey(env: EnvironmentReader): string | undefined {
  const file = env.optional('CCE_CONSUMER_KEY_FILE');
  if (file === undefined) {
    return env.required('CCE_CONSUMER_KEY', 'the consumer key of your Mastercard Developers project');
  }
  if (env.optional('CCE_CONSUMER_KEY') !== undefined) {
    env.problem('set only one of CCE_CONSUMER_KEY and CCE_CONSUMER_KEY_FILE');
    return undefined;
  }
  return readFile(env, 'CCE_CONSUMER_KEY_FILE', file)?.toString('utf8').trim();
}

function readSigningKey(env: EnvironmentReader): string | undefined {
  const pemFile = env.optional('CCE_SIGNING_KEY_FILE');
  const p12File = env.optional('CCE_SIGNING_P12_FILE');
  if (pemFile !== undefined && p12File !== undefined) {
    env.problem('set only one of CCE_SIGNING_KEY_FILE and CCE_SIGNING_P12_FILE');
    return undefined;
  }
  if (p12File !== undefined) {
    const alias = env.required('CCE_SIGNING_P12_ALIAS', 'the key alias inside the PKCS#12 keystore');
    const password = env.required('CCE_SIGNING_P12_PASSWORD', 'the PKCS#12 keystore password');
    const keystore = readFile(env, 'CCE_SIGNING_P12_FILE', p12File);
    if (!keystore || alias === undefined || password === undefined) return undefined;
    try {
      return signingKeyFromPkcs12(keystore, alias, password);
    } catch (error) {
      env.problem(`CCE_SIGNING_P12_FILE: ${(error as Error).message}`);
      return undefined;
    }
  }
  if (pemFile === undefined) {
    env.problem('CCE_SIGNING_P12_FILE (with _ALIAS and _PASSWORD) or CCE_SIGNING_KEY_FILE is required');
    return undefined;
  }
  return readPemFile(env, 'CCE_SIGNING_KEY_FILE', true, (pem) => assertPrivateKeyPem(pem, 'the file'));
}

function readPemFile(
  env: EnvironmentReader,
  name: string,
  required: boolean,
  check: (pem: string) => void,
  hint = 'a PEM file',
): string | undefined {
  const file = required ? env.required(name, hint) : env.optional(name);
  if (file === undefined) return undefined;
  const content = readFile(env, name, file)?.toString('utf8');
  if (content === undefined) return undefined;
  try {
    check(content);
    return content;
  } catch (error) {
    env.problem(`${name}: ${error instanceof CredentialError ? error.message : 'unreadable'}`);
    return undefined;
  }
}

function readFile(env: EnvironmentReader, name: string, file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    env.problem(`${name}: cannot read ${file}`);
    return undefined;
  }
}
