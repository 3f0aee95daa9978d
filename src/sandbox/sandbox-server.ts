import { createPublicKey, createPrivateKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CceCredentials } from '../cce/cce-credentials';
import { listenOn } from '../http/listen';
import { ContractValidator } from './contract-validator';
import { FaultInjector } from './fault-injector';
import { verifyOAuthRequest } from './oauth-verifier';
import { certificateFingerprint } from '../cce/payload-decryption';
import {
  handleDeletion,
  handleEnrollment,
  handleGetIssuer,
  type SandboxContext,
  type SandboxResponse,
} from './sandbox-handlers';
import { sandboxErrors } from './sandbox-errors';
import { DEFAULT_SANDBOX_ISSUER, type SandboxIssuer } from './sandbox-issuer';
import { generateSandboxKeys, type SandboxKeys } from './sandbox-keys';
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
  /** Requests that reached a route, e.g. callCount('POST /issuers/user-deletions'). */
  callCount(route: string): number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const OAUTH_MAX_SKEW_SECONDS = 300;

/** Starts a local stand-in for Mastercard's CCE that speaks the same contract, signatures and encryption. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const keys = options.keys ?? generateSandboxKeys();
  const basePath = (options.basePath ?? '/cts').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const issuer: SandboxIssuer = { ...DEFAULT_SANDBOX_ISSUER, ...options.issuer };
  const faults = new FaultInjector();
  const state = new SandboxState();
  const verificationKey = createPublicKey(keys.clientVerificationKeyPem);
  const context: SandboxContext = {
    issuer,
    consumerKey: keys.consumerKey,
    state,
    validator: ContractValidator.load(),
    decryptionKey: createPrivateKey(keys.encryptionPrivateKeyPem),
    encryptionFingerprint: certificateFingerprint(keys.encryptionCertificatePem),
    now,
  };

  const routes: Record<string, (body: string) => SandboxResponse> = {
    'GET /issuers': () => handleGetIssuer(context),
    'POST /issuers/users': (body) => handleEnrollment(context, body),
    'POST /issuers/user-deletions': (body) => handleDeletion(context, body),
  };

  const calls = new Map<string, number>();

  const server = createServer((request, response) => {
    void serve(request, response).catch(() => {
      if (!response.headersSent) send(response, { status: 500, body: sandboxErrors.injectedFault(500).body });
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === null) return send(response, sandboxErrors.invalidParameters(['request body is too large']));

    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const apiPath = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : null;
    const routeName = `${request.method} ${apiPath}`;
    const route = apiPath === null ? undefined : routes[routeName];
    // Counted on arrival, so a test can tell that a slow request has reached the sandbox.
    if (route) calls.set(routeName, (calls.get(routeName) ?? 0) + 1);

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = faults.takeNext();
    if (fault?.kind === 'drop') return void request.socket.destroy();
    if (fault?.kind === 'status') return send(response, sandboxErrors.injectedFault(fault.status, fault));
    if (!route) return send(response, sandboxErrors.notFound());

    const verification = verifyOAuthRequest(
      {
        method: request.method ?? 'GET',
        url: url.toString(),
        authorization: request.headers.authorization,
        body,
      },
      {
        publicKeyFor: (consumerKey) => (consumerKey === keys.consumerKey ? verificationKey : undefined),
        nowSeconds: () => Math.floor(now().getTime() / 1000),
        maxSkewSeconds: OAUTH_MAX_SKEW_SECONDS,
      },
    );
    if (!verification.ok) {
      return send(
        response,
        verification.failure === 'body-hash-mismatch'
          ? sandboxErrors.invalidBodyHash()
          : sandboxErrors.authenticationFailed(verification.detail),
      );
    }
    if (issuer.status !== 'ACTIVE') return send(response, sandboxErrors.issuerNotActive(issuer.status));
    if (request.method === 'POST' && !isJson(request.headers['content-type'])) {
      return send(response, sandboxErrors.unsupportedMediaType());
    }
    send(response, route(body.toString('utf8')));
  }

  const baseUrl = `${await listenOn(server, options.port ?? 0, options.host ?? '127.0.0.1')}${basePath}`;

  return {
    baseUrl,
    keys,
    clientCredentials: {
      consumerKey: keys.consumerKey,
      signingKeyPem: keys.clientSigningKeyPem,
      encryptionCertificatePem: keys.encryptionCertificatePem,
    },
    issuer,
    state,
    faults,
    callCount: (route) => calls.get(route) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
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
