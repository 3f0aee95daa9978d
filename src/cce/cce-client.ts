import { createPrivateKey, type KeyObject } from 'node:crypto';
import type {
  AggregateCarbonScore,
  Dashboard,
  IssuerConfiguration,
  IssuerProfile,
  IssuerProfileDetails,
  UpdateUserProfile,
  UserProfile,
  UserReference,
} from './contract-types';
import { assertCredentials, type CceCredentials } from './cce-credentials';
import {
  CceApiError,
  CceDecryptionKeyMissingError,
  CceUnavailableError,
  type CceEndpoint,
} from './cce-errors';
import type { CceCallObserver, CcePort } from './cce-port';
import { CceResilience, DEFAULT_CCE_RESILIENCE, type CceResilienceSettings } from './cce-resilience';
import {
  asAggregateCarbonScore,
  asDashboard,
  asErrorEntries,
  asIssuerProfile,
  asUpdatedIssuerProfile,
  asUserIds,
  asUserReference,
  parseJson,
} from './cce-responses';
import { HttpTransport, HttpTransportError } from './http-transport';
import { decryptPayload } from './payload-decryption';
import { ENROLLMENT_PATH, PayloadEncryptor, userPath } from './payload-encryptor';
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
 * The CcePort over HTTP: the gateway's only way to CCE. Every call is signed, enrollment and update
 * bodies are encrypted, dashboard answers decrypted, every attempt is metered, each endpoint has a
 * circuit breaker, and only idempotent calls are retried (all but enrollment). Every failure is a CceApiError (CCE said no) or a CceUnavailableError.
 */
export class CceClient implements CcePort {
  /** Waiting for a connection (half a deadline at most), then the attempt's own deadline. */
  get callDeadlineMs(): number {
    return this.writes.waitMs + this.options.timeoutMs;
  }

  /** Every attempt (its wait for a connection counted each time, to be safe) and every backoff at its longest. */
  get retriedCallMs(): number {
    const { retryAttempts, retryMaxDelayMs } = this.resilienceSettings;
    return (retryAttempts + 1) * this.callDeadlineMs + retryAttempts * retryMaxDelayMs;
  }

  private readonly resilienceSettings: CceResilienceSettings;
  private readonly resilience: CceResilience;
  private readonly signer: RequestSigner;
  private readonly encryptor: PayloadEncryptor;
  /** The issuer's own key, for the one encrypted response (dashboards); absent unless configured. */
  private readonly decryptionKey: KeyObject | undefined;
  /**
   * Writes (enrollments, updates, deletions, issuer changes) and reads (issuer profile, scores,
   * dashboards) have connection pools of their own: a burst of reads never delays a write.
   */
  private readonly writes: HttpTransport;
  private readonly reads: HttpTransport;

  constructor(private readonly options: CceClientOptions) {
    assertCredentials(options.credentials);
    this.signer = new RequestSigner(options.credentials.consumerKey, options.credentials.signingKeyPem);
    this.encryptor = new PayloadEncryptor(options.credentials.encryptionCertificatePem);
    this.decryptionKey =
      options.credentials.decryptionKeyPem === undefined
        ? undefined
        : createPrivateKey(options.credentials.decryptionKeyPem);
    this.resilienceSettings = { ...DEFAULT_CCE_RESILIENCE, ...options.resilience };
    this.resilience = new CceResilience(this.resilienceSettings, options.observer);
    const pool = { timeoutMs: options.timeoutMs, maxConnections: options.maxConnections };
    this.writes = new HttpTransport(pool);
    this.reads = new HttpTransport(pool);
  }

  async getIssuer(): Promise<IssuerProfileDetails> {
    return this.call({
      endpoint: 'getIssuer',
      method: 'GET',
      path: '/issuers',
      successStatus: 200,
      parse: asIssuerProfile,
    });
  }

  async updateIssuer(configuration: IssuerConfiguration): Promise<IssuerProfile> {
    return this.call({
      endpoint: 'updateIssuer',
      method: 'PUT',
      path: '/issuers',
      body: JSON.stringify(configuration),
      successStatus: 200,
      parse: asUpdatedIssuerProfile,
    });
  }

  /** Never retried: after a timeout the card may already be enrolled (SECURITY.md). */
  async enrollUser(profile: UserProfile): Promise<UserReference> {
    const body = JSON.stringify(this.encryptor.encryptEnrollment(profile));
    return this.call({
      endpoint: 'enrollUser',
      method: 'POST',
      path: ENROLLMENT_PATH,
      body,
      successStatus: 200,
      parse: asUserReference,
    });
  }

  async updateUser(userId: string, profile: UpdateUserProfile): Promise<UserReference> {
    const body = JSON.stringify(this.encryptor.encryptUpdate(userId, profile));
    return this.call({
      endpoint: 'updateUser',
      method: 'PUT',
      path: userPath(userId),
      body,
      successStatus: 200,
      parse: asUserReference,
    });
  }

  async getCarbonScore(userId: string): Promise<AggregateCarbonScore> {
    return this.call({
      endpoint: 'getCarbonScore',
      method: 'GET',
      path: `${userPath(userId)}/aggregate-carbon-scores`,
      successStatus: 200,
      parse: asAggregateCarbonScore,
    });
  }

  async getDashboard(userId: string, lang?: string): Promise<Dashboard> {
    const key = this.decryptionKey;
    if (!key) throw new CceDecryptionKeyMissingError();
    const query = lang === undefined ? '' : `?lang=${encodeURIComponent(lang)}`;
    return this.call({
      endpoint: 'getDashboard',
      method: 'GET',
      path: `${userPath(userId)}/dashboards${query}`,
      successStatus: 200,
      parse: (body) => {
        const decrypted = decryptPayload(body, key);
        if (decrypted.ok) return asDashboard(decrypted.payload);
        // Why, never what: the answer holds a bearer token. `undecryptable` is most often a key mismatch.
        throw new CceUnavailableError(
          'getDashboard',
          'unexpected-response',
          `the dashboard answer could not be decrypted (${decrypted.failure}): is CCE_DECRYPTION_KEY_FILE the key of the certificate CCE has?`,
          200,
        );
      },
    });
  }

  /** Returns the ids CCE accepted for deletion. Takes 1..500 ids, as CCE does. */
  async deleteUsers(userIds: readonly string[]): Promise<string[]> {
    return this.call({
      endpoint: 'deleteUsers',
      method: 'POST',
      path: '/issuers/user-deletions',
      body: JSON.stringify(userIds),
      successStatus: 202,
      parse: asUserIds,
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.writes.close(), this.reads.close()]);
  }

  /** The breaker state of an endpoint, for readiness and tests. */
  breakerState(endpoint: CceEndpoint) {
    return this.resilience.state(endpoint);
  }

  private async call<T>(request: CceRequest<T>): Promise<T> {
    const { endpoint, successStatus } = request;
    const transport = READ_ENDPOINTS.has(endpoint) ? this.reads : this.writes;
    try {
      // The connection is taken before the breaker is asked: a busy pool is the gateway's own state,
      // which must neither open a breaker nor pass for a successful half-open test.
      return await transport.withConnection(() =>
        this.resilience.run(endpoint, () =>
          this.metered(endpoint, successStatus, () => this.send(request, transport)),
        ),
      );
    } catch (error) {
      if (error instanceof HttpTransportError && error.failure === 'saturated') {
        this.options.observer?.cceCallCompleted(endpoint, 'saturated', 0);
        throw new CceUnavailableError(endpoint, 'saturated', error.message);
      }
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
    { endpoint, method, path, body, successStatus, parse }: CceRequest<T>,
    transport: HttpTransport,
  ): Promise<T> {
    const url = `${this.options.baseUrl}${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.signer.authorizationHeader(url, method, body),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response;
    try {
      response = await transport.send({ method, url, headers, body });
    } catch (error) {
      if (error instanceof HttpTransportError)
        throw new CceUnavailableError(endpoint, error.failure, error.message);
      throw error;
    }

    const json = parseJson(response.body);
    if (response.status === successStatus) {
      const parsed = parse(json);
      if (parsed !== null) return parsed;
      // Never the body itself: a dashboard's carries a bearer token.
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

const READ_ENDPOINTS: ReadonlySet<CceEndpoint> = new Set(['getIssuer', 'getCarbonScore', 'getDashboard']);

/** One CCE call: what to send, and what a successful answer looks like. */
interface CceRequest<T> {
  readonly endpoint: CceEndpoint;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** The exact string that is signed and sent (after encryption, for enrollments and updates). */
  readonly body?: string;
  readonly successStatus: number;
  /** The success body in the adapter's terms, or null when it is not what the contract says. */
  readonly parse: (body: unknown) => T | null;
}

function statusOf(error: unknown): string {
  if (error instanceof CceApiError) return String(error.status);
  if (error instanceof CceUnavailableError)
    return error.status === undefined ? error.reason : String(error.status);
  return 'error';
}
