/** One invalid input field: `path` is relative to the enrollment, e.g. `billingAddress` or `expiryInfo.month`. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** The input breaks a rule of the issuer's CCE configuration (e.g. Donate) or of the cache. */
export class InvalidInputError extends Error {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`Invalid input: ${problems.map((problem) => problem.path).join(', ')}`);
    this.name = 'InvalidInputError';
  }
}

const DUPLICATE_MESSAGES = {
  enrolled: 'This card is already enrolled',
  'reported-by-cce': 'This card is already enrolled',
  'enrollment-in-progress': 'An enrollment of this card is already in progress',
  'outcome-unknown':
    'An earlier enrollment of this card has an unknown outcome at CCE; an operator must resolve it first',
};

/** The card is already enrolled (known to the cache, or reported by CCE). */
export class DuplicateCardError extends Error {
  constructor(
    readonly reason: 'enrolled' | 'enrollment-in-progress' | 'outcome-unknown' | 'reported-by-cce',
  ) {
    super(DUPLICATE_MESSAGES[reason]);
    this.name = 'DuplicateCardError';
  }
}

/** Neither configuration, CCE nor the database has told the issuer's account range yet: nothing was sent. */
export class IssuerProfileUnknownError extends Error {
  constructor() {
    super(
      "The issuer's profile and account range are not known yet (CCE has not answered GET /issuers); nothing was sent. Try again later.",
    );
    this.name = 'IssuerProfileUnknownError';
  }
}

/** The card's BIN is outside the issuer's supportedAccountRange. */
export class CardNotSupportedError extends Error {
  constructor() {
    super("The card is outside the issuer's supported account range");
    this.name = 'CardNotSupportedError';
  }
}

/** No user with this id is enrolled (unknown, being deleted or deleted), in the cache or at CCE. */
export class UserNotFoundError extends Error {
  constructor() {
    super('No enrolled user has this id');
    this.name = 'UserNotFoundError';
  }
}

/** CCE applied an update the cache could not record: sending the same update again brings them in line. */
export class UpdateNotRecordedError extends Error {
  constructor() {
    super(
      'CCE applied the update, but the gateway could not record it. Send the same update again: it is safe, ' +
        'and brings the gateway in line with CCE.',
    );
    this.name = 'UpdateNotRecordedError';
  }
}

/**
 * Another updateUser holds the same user: from before its CCE call until it is recorded, or after a CCE
 * call whose outcome is unknown, until its hold lapses (update-service.ts). CCE keeps whichever
 * replacement reaches it last and the cache whichever is recorded last; were both sent, the two could
 * disagree, with no read at CCE to tell which one it holds.
 */
export class UpdateInProgressError extends Error {
  constructor() {
    super(
      'Another update of this user is in progress; nothing was sent. Send this one again once it has finished.',
    );
    this.name = 'UpdateInProgressError';
  }
}

/** CCE refuses updates while the issuer's Donate feature is off (UPDATE_USER_NOT_ACCESSIBLE). */
export class UpdateNotAccessibleError extends Error {
  constructor() {
    super("CCE accepts updates only while the issuer's Donate feature is on; nothing changed");
    this.name = 'UpdateNotAccessibleError';
  }
}
