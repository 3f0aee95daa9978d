import { isAcceptableRequestId, newRequestId } from '../../src/observability/request-id';

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

describe('newRequestId', () => {
  it('draws again when a UUID would be masked as a card number in the logs', () => {
    // A real draw: its digits run across the dashes into a card-number shape.
    const drawn = ['431c2339-1070-4765-bd33-5d0e7e17d44e', 'f5d88571-ac15-465a-a0d8-1ad1327b9a06'];
    expect(newRequestId(() => drawn.shift()!)).toBe('f5d88571-ac15-465a-a0d8-1ad1327b9a06');
    expect(drawn).toEqual([]);
  });

  it('gives ids that pass the check applied to callers', () => {
    for (let i = 0; i < 500; i += 1) expect(isAcceptableRequestId(newRequestId())).toBe(true);
  });
});
