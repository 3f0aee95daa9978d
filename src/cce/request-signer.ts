import OAuth from 'mastercard-oauth1-signer';

/** Signs each request with OAuth 1.0a RSA-SHA256, body hash included (Mastercard's scheme). */
export class RequestSigner {
  constructor(
    private readonly consumerKey: string,
    private readonly signingKeyPem: string,
  ) {}

  /** `body` must be the exact string that is sent: for enrollment, the encrypted envelope. */
  authorizationHeader(url: string, method: string, body: string | undefined): string {
    return OAuth.getAuthorizationHeader(url, method, body ?? null, this.consumerKey, this.signingKeyPem);
  }
}
