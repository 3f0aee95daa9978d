import { reregistrationCondition, reregistrationRequired } from '../../src/users/donate-reregistration';

describe('Donate re-registration rule', () => {
  it.each([
    [true, 'ACTIVE', false, true],
    [true, 'ACTIVE', true, false],
    [true, 'DELETION_PENDING', false, false],
    [false, 'ACTIVE', false, false],
  ] as const)('Donate %s, %s, complete %s: required %s', (donate, status, complete, required) => {
    expect(reregistrationRequired({ status, donateProfileComplete: complete }, donate)).toBe(required);
  });

  it('lists by the stored flag with Donate on, and nobody (or everybody) with Donate off', () => {
    expect(reregistrationCondition(true, true)).toEqual({ donateProfileComplete: false });
    expect(reregistrationCondition(false, true)).toEqual({ donateProfileComplete: true });
    expect(reregistrationCondition(true, false)).toEqual({ matchesNobody: true });
    expect(reregistrationCondition(false, false)).toEqual({});
  });
});
