/** The request ran out of time (or its client left) before CCE was called: nothing was sent. */
export class RequestBudgetExceededError extends Error {
  constructor(readonly reason: 'deadline' | 'client-gone') {
    super(
      reason === 'deadline'
        ? 'The request ran out of time before CCE was called; nothing was sent. Try again.'
        : 'The client went away before CCE was called; nothing was sent.',
    );
    this.name = 'RequestBudgetExceededError';
  }
}

/**
 * A request's time budget, checked before every CCE call: a request whose client has given up
 * (it disconnected, or the budget is spent) must never enroll a card nobody will hear about.
 */
export class RequestBudget {
  constructor(
    private readonly deadline: number,
    private readonly clientGone: () => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {}

  static unlimited(): RequestBudget {
    return new RequestBudget(Number.POSITIVE_INFINITY);
  }

  /**
   * Throws RequestBudgetExceededError when CCE must not be called any more for this request: the
   * client left, or less than `neededMs` (the call's own deadline) is left, so that a call never
   * outlives the request that made it.
   */
  assertTimeLeft(neededMs = 0): void {
    if (this.clientGone()) throw new RequestBudgetExceededError('client-gone');
    if (this.now() + neededMs >= this.deadline) throw new RequestBudgetExceededError('deadline');
  }
}
