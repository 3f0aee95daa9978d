import { asAggregateCarbonScore } from '../../src/cce/cce-responses';

// What the adapter accepts of CCE's aggregate-carbon-scores answer, which it stores and serves.
describe('a carbon score answer', () => {
  it("accepts the contract's example", () => {
    expect(
      asAggregateCarbonScore({ carbonEmissionInGrams: '32.45', aggregateDate: 'november-2020' }),
    ).toEqual({
      carbonEmissionInGrams: '32.45',
      aggregateDate: 'november-2020',
    });
  });

  it.each([
    ['grams that are not a decimal', { carbonEmissionInGrams: '1e5', aggregateDate: 'november-2020' }],
    [
      'grams longer than the contract allows',
      { carbonEmissionInGrams: '12345678.901', aggregateDate: 'may-2026' },
    ],
    ['an empty period', { carbonEmissionInGrams: '1', aggregateDate: '' }],
    [
      'a period longer than the contract allows',
      { carbonEmissionInGrams: '1', aggregateDate: 'x'.repeat(21) },
    ],
    ['a card number as the period', { carbonEmissionInGrams: '1', aggregateDate: '5555555555554444' }],
    ['a control character in the period', { carbonEmissionInGrams: '1', aggregateDate: 'may\u0000-2026' }],
  ])('refuses %s', (_name, body) => {
    expect(asAggregateCarbonScore(body)).toBeNull();
  });
});
