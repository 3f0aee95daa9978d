import { isAcceptableRequestId } from '../../src/observability/request-id';

describe('isAcceptableRequestId', () => {
  it.each(['req-42', 'f5d88571-ac15-465a-a0d8-1ad1327b9a06', 'trace.abc_123'])('keeps %s', (id) => {
    expect(isAcceptableRequestId(id)).toBe(true);
  });

  it.each([
    ['a card number', '2223006448842520'],
    ['a card number with dashes', '2223-0064-4884-2520'],
    ['a card number with underscores', 'req_2223_0064_4884_2520'],
    ['a card number with dots', 'x.2223.0064.4884.2520'],
    ['a 12-digit run', 'id-123456789012'],
    ['spaces', 'not a token'],
    ['65 characters', 'a'.repeat(65)],
    ['nothing', ''],
  ])('replaces %s', (_case, id) => {
    expect(isAcceptableRequestId(id)).toBe(false);
  });
});
