import fc from 'fast-check';
import { redactCardNumbers } from '../../src/security/redact-card-numbers';
import { luhnCheckDigit } from '../support/builders';

describe('redactCardNumbers', () => {
  it.each([
    ['a 16-digit PAN', 'card 2223006448842520 refused', 'card [REDACTED PAN] refused'],
    ['a PAN with spaces', 'card 2223 0064 4884 2520', 'card [REDACTED PAN]'],
    ['a PAN with dashes', '2223-0064-4884-2520.', '[REDACTED PAN].'],
    ['a 19-digit PAN', '6011000990139424123', '[REDACTED PAN]'],
    ['a 13-digit PAN', 'x 4222222222222 y', 'x [REDACTED PAN] y'],
    ['a PAN glued to letters', 'pan2223006448842520', 'pan[REDACTED PAN]'],
    ['a PAN after an underscore', 'card_2223006448842520', 'card_[REDACTED PAN]'],
    ['a PAN with dots', '2223.0064.4884.2520', '[REDACTED PAN]'],
    ['a PAN split by tabs', 'x 2223\t0064\t4884\t2520 y', 'x [REDACTED PAN] y'],
    ['a PAN split by underscores', 'INVALID_CARD_2223_0064_4884_2520', 'INVALID_CARD_[REDACTED PAN]'],
    ['a PAN split by several characters', '2223 / 0064 / 4884 / 2520', '[REDACTED PAN]'],
    ['a PAN in full-width digits', '２２２３００６４４８８４２５２０', '[REDACTED PAN]'],
  ])('hides %s', (_case, input, expected) => {
    expect(redactCardNumbers(input)).toBe(expected);
  });

  it.each([
    ['last four digits', 'card ending 2520'],
    ['a UUID', 'user f5d88571-ac15-465a-a0d8-1ad1327b9a06'],
    ['a year and amount', 'expires 2039, 1200 ids'],
    ['a URL with a port', 'ready at http://127.0.0.1:45678/graphql'],
  ])('leaves %s alone', (_case, input) => {
    expect(redactCardNumbers(input)).toBe(input);
  });
});

describe('redactCardNumbers, for any card number', () => {
  const aPan = fc
    .integer({ min: 13, max: 19 })
    .chain((length) => fc.stringMatching(new RegExp(`^\\d{${length - 1}}$`)))
    .map((body) => `${body}${luhnCheckDigit(body)}`);
  const aSeparator = fc.constantFrom('', ' ', '-', '.', '\t', '_', '/', ' - ', '\u200b');
  const words = fc.stringMatching(/^[A-Za-z :,]{0,12}$/);

  it('leaves none of its digits in sequence, whatever separates them and whatever surrounds it', () => {
    fc.assert(
      fc.property(aPan, aSeparator, words, words, (pan, separator, before, after) => {
        const text = `${before}${[...pan].join(separator)}${after}`;
        const anyForm = new RegExp(pan.split('').join('[^0-9]{0,3}'));

        expect(redactCardNumbers(text)).not.toMatch(anyForm);
      }),
    );
  });
});
