import { CceApiError } from '../../src/cce/cce-errors';
import { clientReasonCode, mapError } from '../../src/graphql/error-mapping';

describe("CCE's ReasonCode towards clients", () => {
  it.each(['CARD_ALREADY_ENROLLED', 'SANDBOX_INJECTED_FAULT', 'E42'])('passes the plain code %s', (code) => {
    expect(clientReasonCode(code)).toBe(code);
  });

  it.each([
    ['a code with a card number', 'INVALID_CARD_5106655448627995'],
    ['lower case', 'invalid card'],
    ['punctuation', 'BAD-CODE'],
    ['65 characters', 'A'.repeat(65)],
    ['nothing', ''],
  ])('answers UNKNOWN for %s', (_case, code) => {
    expect(clientReasonCode(code)).toBe('UNKNOWN');
  });

  it('never passes CCE text on: the mapped error holds neither the card nor the description', () => {
    const error = new CceApiError('enrollUser', 400, [
      {
        Source: 'CCE',
        ReasonCode: 'INVALID_CARD_5106655448627995',
        Description: 'card 5106 6554 4862 7995 refused for jane@example.com',
        Recoverable: false,
      },
    ]);

    const mapped = mapError(error);

    expect(mapped).toMatchObject({ code: 'UPSTREAM_REJECTED', extensions: { reasonCode: 'UNKNOWN' } });
    expect(JSON.stringify(mapped)).not.toMatch(/5106|jane/);
    expect(error.message).not.toMatch(/5106\D{0,3}6554/);
  });
});
