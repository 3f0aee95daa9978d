export type QueryLimitName = 'depth' | 'aliases' | 'cost' | 'tokens' | 'directives' | 'rootFields';

/** The operation asks for more than one request may; refused before anything executes. */
export class QueryLimitError extends Error {
  constructor(
    readonly limit: QueryLimitName,
    readonly maximum: number,
  ) {
    super(`The operation exceeds the ${limit} limit of ${maximum}`);
    this.name = 'QueryLimitError';
  }
}

/** The caller spent its budget for this kind of operation; `retryAfterSeconds` says when to come back. */
export class RateLimitedError extends Error {
  constructor(
    readonly budget: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many ${budget} requests: retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/** Trusted documents are enforced and this operation is not in the manifest. */
export class UntrustedOperationError extends Error {
  constructor() {
    super('Only the operations of the trusted-documents manifest are served');
    this.name = 'UntrustedOperationError';
  }
}
