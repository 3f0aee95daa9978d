import { createPublicKey, createPrivateKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CceCredentials } from '../cce/cce-credentials';
import { certificateFingerprint } from '../cce/payload-decryption';
import { listenOn } from '../http/listen';
import { ContractValidator } from './contract-validator';
import { DashboardEncryptor } from './dashboard-response';
import { FaultInjector } from './fault-injector';
import { verifyOAuthRequest } from './oauth-verifier';
import { ResponseChecker, type ContractViolation, type ResponseOrigin } from './response-checker';
import type { SandboxContext, SandboxResponse } from './sandbox-context';
import { sandboxErrors } from './sandbox-errors';
import { defaultSandboxIssuer, type SandboxIssuer } from './sandbox-issuer';
import { generateSandboxKeys, type SandboxKeys } from './sandbox-keys';
import { matchRoute } from './sandbox-routes';
import { SandboxState } from './sandbox-state';

export interface SandboxOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the API lives, like Mastercard's `/cts`. */
  basePath?: string;
  keys?: SandboxKeys;
  issuer?: Partial<SandboxIssuer>;
  now?: () => Date;
  /** Called with each answer that breaks the contract (they are also kept: contractViolations()). */
  onContractViolation?: (violation: ContractViolation) => void;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:40123/cts: the gateway's CCE base URL. */
  readonly baseUrl: string;
  readonly keys: SandboxKeys;
  /** What a client needs to call this sandbox. */
  readonly clientCredentials: CceCredentials;
  readonly issuer: SandboxIssuer;
  readonly state: SandboxState;
  readonly faults: FaultInjector;
  /**
   * Requests that reached a route, e.g. callCount('POST /issuers/user-deletions') or
   * callCount('GET /issuers/users/{userid}/dashboards').
   */
  callCount(route: string): number;
  /** The most requests of a route the sandbox was answering at once (a client's concurrency). */
  maxInFlight(route: string): number;
  /**
   * Answers (injected faults aside) that are not what the contract declares for their operation and
   * status; test fixtures fail a test that leaves any.
   */
  contractViolations(): ContractViolation[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const OAUTH_MAX_SKEW_SECONDS = 300;

/** Starts a local stand-in for Mastercard's CCE that speaks the same contract, signatures and encryption. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const keys = options.keys ?? generateSandboxKeys();
  const basePath = (options.basePath ?? '/cts').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const issuer: SandboxIssuer = { ...defaultSandboxIssuer(), ...options.issuer };
  const faults = new FaultInjector();
  const state = new SandboxState();
  const verificationKey = createPublicKey(keys.clientVerificationKeyPem);
  const validator = ContractValidator.load();
  const context: SandboxContext = {
    issuer,
    consumerKey: keys.consumerKey,
    state,
    validator,
    decryptionKey: createPrivateKey(keys.encryptionPrivateKeyPem),
    encryptionFingerprint: certificateFingerprint(keys.encryptionCertificatePem),
    dashboards: new DashboardEncryptor(keys.clientEncryptionCertificatePem),
    now,
  };
  const checker = new ResponseChecker(
    validator,
    createPrivateKey(keys.clientDecryptionKeyPem),
    options.onContractViolation,
  );

  const calls = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const mostInFlight = new Map<string, number>();
  // Cuts injected latency short on close, so that a closed sandbox keeps no timer running.
  const closing = new AbortController();

  const server = createServer((request, response) => {
    void serve(request, response).catch(() => {
      if (!response.headersSent && !closing.signal.aborted)
        send(response, { status: 500, body: sandboxErrors.injectedFault(500).body });
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const method = request.method ?? 'GET';
    const apiPath = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : null;
    const matched = apiPath === null ? undefined : matchRoute(method, apiPath);
    const route = matched?.route;
    // Counted on arrival, so a test can tell that a slow request has reached the sandbox.
    if (route) {
      calls.set(route.name, (calls.get(route.name) ?? 0) + 1);
      const open = (inFlight.get(route.name) ?? 0) + 1;
      inFlight.set(route.name, open);
      mostInFlight.set(route.name, Math.max(open, mostInFlight.get(route.name) ?? 0));
      response.once('close', () => inFlight.set(route.name, (inFlight.get(route.name) ?? 1) - 1));
    }
    const answer = (result: SandboxResponse, origin: ResponseOrigin) => {
      if (route) checker.check(route, result, origin);
      send(response, result);
    };

    const body = await readBody(request);
    const delayMs = faults.delayFor(route?.name);
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: closing.signal });
    await faults.answersReleased(route?.name);
    const fault = faults.takeNext(route?.name);
    if (fault?.kind === 'drop') return void request.socket.destroy();
    if (fault?.kind === 'status') return send(response, sandboxErrors.injectedFault(fault.status, fault));
    if (!route || !matched) return send(response, sandboxErrors.notFound());
    if (body === null)
      return answer(sandboxErrors.invalidParameters(['request body is too large']), 'gateway');

    const verification = verifyOAuthRequest(
      { method, url: url.toString(), authorization: request.headers.authorization, body },
      {
        publicKeyFor: (consumerKey) => (consumerKey === keys.consumerKey ? verificationKey : undefined),
        nowSeconds: () => Math.floor(now().getTime() / 1000),
        maxSkewSeconds: OAUTH_MAX_SKEW_SECONDS,
      },
    );
    if (!verification.ok) {
      return answer(
        verification.failure === 'body-hash-mismatch'
          ? sandboxErrors.invalidBodyHash()
          : sandboxErrors.authenticationFailed(verification.detail),
        'gateway',
      );
    }
    if (issuer.status !== 'ACTIVE') return answer(sandboxErrors.issuerNotActive(issuer.status), 'operation');
    if (method !== 'GET' && !isJson(request.headers['content-type'])) {
      return answer(sandboxErrors.unsupportedMediaType(), 'operation');
    }
    answer(
      route.handle(context, { params: matched.params, query: url.searchParams, body: body.toString('utf8') }),
      'operation',
    );
  }

  const baseUrl = `${await listenOn(server, options.port ?? 0, options.host ?? '127.0.0.1')}${basePath}`;

  return {
    baseUrl,
    keys,
    clientCredentials: {
      consumerKey: keys.consumerKey,
      signingKeyPem: keys.clientSigningKeyPem,
      encryptionCertificatePem: keys.encryptionCertificatePem,
      decryptionKeyPem: keys.clientDecryptionKeyPem,
    },
    issuer,
    state,
    faults,
    callCount: (name) => calls.get(name) ?? 0,
    maxInFlight: (name) => mostInFlight.get(name) ?? 0,
    contractViolations: () => checker.violations(),
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

function send(response: ServerResponse, answer: SandboxResponse): void {
  const payload = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}
