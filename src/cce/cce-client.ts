import type { IssuerProfileDetails, UserProfile, UserReference } from './contract-types';
import { assertCredentials, type CceCredentials } from './cce-credentials';
import { CceApiError, CceUnavailableError, type CceEndpoint } from './cce-errors';
import type { CceCallObserver, CcePort } from './cce-port';
import { CceResilience, DEFAULT_CCE_RESILIENCE, type CceResilienceSettings } from './cce-resilience';
import { asErrorEntries, asIssuerProfile, asUserIds, asUserReference, parseJson } from './cce-responses';
import { HttpTransport, HttpTransportError } from './http-transport';
import { ENROLLMENT_PATH, PayloadEncryptor } from './payload-encryptor';
import { RequestSigner } from './request-signer';

export interface CceClientOptions {
  /** e.g. https://sandbox.api.mastercard.com/cts (see resolveCceBaseUrl). */
  baseUrl: string;
  credentials: CceCredentials;
  timeoutMs: number;
  maxConnections: number;
  /** Breaker and retry settings; DEFAULT_CCE_RESILIENCE for what is left out. */
  resilience?: Partial<CceResilienceSettings>;
  /** Metrics: every HTTP call and breaker transition is reported here. */
  observer?: CceCallObserver;
}

/** CCE answers 1..500 ids per deletion call. */
export const MAX_USER_IDS_PER_DELETION = 500;

/**
 * The CcePort over HTTP: the gateway's only way to CCE. Every call is signed, enrollment bodies are
 * encrypted, every attempt is metered, each endpoint has a circuit breaker, and only idempotent
 * calls are retried. Every failure is a CceApiError (CCE said no) or a CceUnavailableError.
 */
export class CceClient implements CcePort {
  get callDeadlineMs(): number {
    return this.options.timeoutMs;
  }

  private readonly resilience: CceResilience;
  private readonly signer: RequestSigner;
  private readonly encryptor: PayloadEncryptor;
  private readonly transport: HttpTransport;

  constructor(private readonly options: CceClientOptions) {
    assertCredentials(options.credentials);
    this.signer = new RequestSigner(options.credentials.consumerKey, options.credentials.signingKeyPem);
    this.encryptor = new PayloadEncryptor(
      options.credentials.encryptionCertificatePem,
      options.credentials.decryptionKeyPem,
    );
    this.resilience = new CceResilience(
      { ...DEFAULT_CCE_RESILIENCE, ...options.resilience },
      options.observer,
    );
    this.transport = new HttpTransport({
      timeoutMs: options.timeoutMs,
      maxConnections: options.maxConnections,
    });
  }

  async getIssuer(): Promise<IssuerProfileDetails> {
    return this.call('getIssuer', 'GET', '/issuers', undefined, 200, asIssuerProfile);
  }

  /** Never retried: after a timeout the card may already be enrolled (SECURITY.md). */
  async enrollUser(profile: UserProfile): Promise<UserReference> {
    const body = JSON.stringify(this.encryptor.encryptEnrollment(profile));
    return this.call('enrollUser', 'POST', ENROLLMENT_PATH, body, 200, asUserReference);
  }

  /** Returns the ids CCE accepted for deletion. Takes 1..500 ids, as CCE does. */
  async deleteUsers(userIds: readonly string[]): Promise<string[]> {
    return this.call(
      'deleteUsers',
      'POST',
      '/issuers/user-deletions',
      JSON.stringify(userIds),
      202,
      asUserIds,
    );
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** The breaker state of an endpoint, for readiness and tests. */
  breakerState(endpoint: CceEndpoint) {
    return this.resilience.state(endpoint);
  }

  private async call<T>(
    endpoint: CceEndpoint,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    successStatus: number,
    parse: (body: unknown) => T | null,
  ): Promise<T> {
    try {
      return await this.resilience.run(endpoint, () =>
        this.metered(endpoint, successStatus, () =>
          this.send(endpoint, method, path, body, successStatus, parse),
        ),
      );
    } catch (error) {
      if (error instanceof CceUnavailableError && error.reason === 'circuit-open') {
        this.options.observer?.cceCallCompleted(endpoint, 'circuit_open', 0);
      }
      throw error;
    }
  }

  private async metered<T>(
    endpoint: CceEndpoint,
    successStatus: number,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    const report = (status: string) =>
      this.options.observer?.cceCallCompleted(
        endpoint,
        status,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    try {
      const result = await attempt();
      report(String(successStatus));
      return result;
    } catch (error) {
      report(statusOf(error));
      throw error;
    }
  }

  private async send<T>(
    endpoint: CceEndpoint,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    successStatus: number,
    parse: (body: unknown) => T | null,
  ): Promise<T> {
    const url = `${this.options.baseUrl}${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.signer.authorizationHeader(url, method, body),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response;
    try {
      response = await this.transport.send({ method, url, headers, body });
    } catch (error) {
      if (error instanceof HttpTransportError)
        throw new CceUnavailableError(endpoint, error.failure, error.message);
      throw error;
    }

    const json = parseJson(response.body);
    if (response.status === successStatus) {
      const parsed = parse(json);
      if (parsed !== null) return parsed;
      throw new CceUnavailableError(endpoint, 'unexpected-response', 'success body is not the contract', 200);
    }
    const errors = asErrorEntries(json);
    if (errors) throw new CceApiError(endpoint, response.status, errors);
    throw new CceUnavailableError(
      endpoint,
      'unexpected-response',
      `HTTP ${response.status} without an ErrorWrapper body`,
      response.status,
    );
  }
}

function statusOf(error: unknown): string {
  if (error instanceof CceApiError) return String(error.status);
  if (error instanceof CceUnavailableError)
    return error.status === undefined ? error.reason : String(error.status);
  return 'error';
}
