import { createPrivateKey } from 'node:crypto';
import OAuth from 'mastercard-oauth1-signer';
import { request } from 'undici';
import { CceClient } from '../../src/cce/cce-client';
import type { CceCredentials } from '../../src/cce/cce-credentials';
import { decryptPayload } from '../../src/cce/payload-decryption';
import { ContractValidator } from '../../src/sandbox/contract-validator';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/sandbox-server';

export const contract = ContractValidator.load();

export interface SandboxFixture {
  readonly sandbox: RunningSandbox;
  readonly client: CceClient;
  clientWith(credentials: Partial<CceCredentials>, timeoutMs?: number): CceClient;
  close(): Promise<void>;
}

/** A real sandbox on a free loopback port and an adapter connected to it with its generated keys. */
export async function startSandboxFixture(options: SandboxOptions = {}): Promise<SandboxFixture> {
  const sandbox = await startSandbox(options);
  const clients: CceClient[] = [];
  const clientWith = (credentials: Partial<CceCredentials>, timeoutMs = 5000) => {
    const client = new CceClient({
      baseUrl: sandbox.baseUrl,
      credentials: { ...sandbox.clientCredentials, ...credentials },
      timeoutMs,
      maxConnections: 8,
      // These tests look at single calls: how each failure is translated, not retried.
      resilience: { retryAttempts: 0 },
    });
    clients.push(client);
    return client;
  };
  const client = clientWith({});
  return {
    sandbox,
    client,
    clientWith,
    close: async () => {
      await Promise.all(clients.map((each) => each.close()));
      await sandbox.close();
      expectNoContractViolations(sandbox);
    },
  };
}

export interface RawResponse {
  status: number;
  body: unknown;
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** After the base URL, query string included. */
  path: string;
  body?: string;
  contentType?: string;
  /** Replaces the Authorization header; `null` sends none. */
  authorization?: string | null;
  /** Sent instead of `body` after signing (to tamper with a signed request). */
  sentBody?: string;
}

/** Sends a request by hand, signed by the Mastercard library unless told otherwise. */
export async function sendRaw(sandbox: RunningSandbox, raw: RawRequest): Promise<RawResponse> {
  const url = `${sandbox.baseUrl}${raw.path}`;
  const authorization =
    raw.authorization === undefined
      ? OAuth.getAuthorizationHeader(
          url,
          raw.method,
          raw.body ?? null,
          sandbox.keys.consumerKey,
          sandbox.keys.clientSigningKeyPem,
        )
      : raw.authorization;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  if (raw.method !== 'GET') headers['content-type'] = raw.contentType ?? 'application/json';
  const response = await request(url, { method: raw.method, headers, body: raw.sentBody ?? raw.body });
  const text = await response.body.text();
  return { status: response.statusCode, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/**
 * Fails the test when the sandbox gave any answer (injected faults aside) that the contract does not
 * declare for its operation and status: the fixtures call it on close.
 */
export function expectNoContractViolations(sandbox: RunningSandbox): void {
  const violations = sandbox.contractViolations();
  if (violations.length > 0) {
    throw new Error(
      `the CCE sandbox answered outside the contract:\n${violations
        .map((v) => `  ${v.route} ${v.status}: ${v.message}`)
        .join('\n')}`,
    );
  }
}

/** Opens a dashboard answer with the client's key (the gateway's decryptor), for contract checks. */
export function openDashboard(sandbox: RunningSandbox, body: unknown): unknown {
  const opened = decryptPayload(body, createPrivateKey(sandbox.keys.clientDecryptionKeyPem));
  if (!opened.ok) throw new Error(`the dashboard answer does not open: ${opened.failure}`);
  return opened.payload;
}

/** Asserts that a sandbox answer is what the contract declares for that operation and status. */
export function expectContractResponse(apiPath: string, method: string, response: RawResponse): void {
  expect(contract.validateResponse(apiPath, method, response.status, response.body)).toEqual([]);
}

export function reasonCodesOf(body: unknown): string[] {
  return ((body as { Errors: { Error: { ReasonCode: string }[] } }).Errors.Error ?? []).map(
    (e) => e.ReasonCode,
  );
}
