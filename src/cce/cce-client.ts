import type { IssuerProfileDetails, UserProfile, UserReference } from './contract-types';
import { assertCredentials, type CceCredentials } from './cce-credentials';
import { CceApiError, CceUnavailableError, type CceEndpoint } from './cce-errors';
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
}

/** CCE answers 1..500 ids per deletion call. */
export const MAX_USER_IDS_PER_DELETION = 500;

/**
 * Typed client for the three CCE operations the gateway uses. Every call is signed, enrollment
 * bodies are encrypted, and every failure is a CceApiError (CCE said no) or a CceUnavailableError.
 */
export class CceClient {
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
    this.transport = new HttpTransport({
      timeoutMs: options.timeoutMs,
      maxConnections: options.maxConnections,
    });
  }

  async getIssuer(): Promise<IssuerProfileDetails> {
    return this.call('getIssuer', 'GET', '/issuers', undefined, 200, asIssuerProfile);
  }

  /**
   * Never retried here: after a timeout the card may already be enrolled (SECURITY.md), so the
   * caller decides what a retry means.
   */
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

  private async call<T>(
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
