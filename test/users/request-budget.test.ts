import { RequestBudget, RequestBudgetExceededError } from '../../src/users/request-budget';

describe('a request budget', () => {
  it('lets CCE be called while time is left and the client is there', () => {
    expect(() =>
      new RequestBudget(
        1_000,
        () => false,
        () => 999,
      ).assertTimeLeft(),
    ).not.toThrow();
  });

  it('refuses once the deadline has passed', () => {
    expect(() =>
      new RequestBudget(
        1_000,
        () => false,
        () => 1_000,
      ).assertTimeLeft(),
    ).toThrow(new RequestBudgetExceededError('deadline'));
  });

  it('refuses once the client has gone, whatever time is left', () => {
    const budget = new RequestBudget(
      1_000,
      () => true,
      () => 0,
    );

    expect(() => budget.assertTimeLeft()).toThrow(RequestBudgetExceededError);
    expect(() => budget.assertTimeLeft()).toThrow(/client went away/);
  });
});

describe('RequestBudget before a CCE call', () => {
  it('refuses a call that could outlive the request: less than the call deadline left', () => {
    let now = 0;
    const budget = new RequestBudget(
      30_000,
      () => false,
      () => now,
    );

    now = 19_000;
    expect(() => budget.assertTimeLeft(10_000)).not.toThrow();
    now = 20_001;
    expect(() => budget.assertTimeLeft(10_000)).toThrow(RequestBudgetExceededError);
  });
});
