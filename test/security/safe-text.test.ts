import fc from 'fast-check';
import { isLanguageTag } from '../../src/graphql/validation/text-validators';
import { passesLuhn } from '../../src/security/luhn';
import { clientReasonCode } from '../../src/graphql/error-mapping';
import { isAcceptableRequestId } from '../../src/observability/request-id';
import { redactCardNumbers } from '../../src/security/redact-card-numbers';
import { unsafeTextReason } from '../../src/security/safe-text';
import { luhnCheckDigit } from '../support/builders';

/** Any Luhn-valid card number of 13 to 19 digits. */
const aPan = fc
  .integer({ min: 13, max: 19 })
  .chain((length) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1, maxLength: length - 1 }),
  )
  .map((digits) => {
    const body = digits.join('');
    return `${body}${luhnCheckDigit(body)}`;
  });

/** What people and attackers put between a card's digits (control characters are refused anyway). */
const aSeparator = fc.constantFrom(
  '',
  '',
  ' ',
  '-',
  '.',
  '/',
  '_',
  '  ',
  ' - ',
  '\u00a0',
  '\u200b',
  '·',
  ',',
);
const aTab = fc.constantFrom('\t', '\n', '\r\n');

/** Text that holds no digit, no control character and no surrogate: letters, spaces, punctuation. */
const plainText = fc.stringMatching(/^[A-Za-zÀ-ÿ '@.\-_]{0,20}$/);

function spread(pan: string, separators: string[]): string {
  return [...pan]
    .map((digit, index) => `${index === 0 ? '' : separators[index % separators.length]}${digit}`)
    .join('');
}

describe('unsafeTextReason (the free-text rule of every input field)', () => {
  it('refuses a card number with any separators, anywhere in the text', () => {
    fc.assert(
      fc.property(
        aPan,
        fc.array(aSeparator, { minLength: 1, maxLength: 4 }),
        plainText,
        plainText,
        (pan, seps, before, after) => {
          // Refused: as a card number, or for the invisible characters hiding it.
          expect(unsafeTextReason(`${before}${spread(pan, seps)}${after}`)).not.toBeNull();
        },
      ),
    );
  });

  it('refuses a card number hidden inside a longer run of digits', () => {
    fc.assert(
      fc.property(aPan, fc.stringMatching(/^\d{1,4}$/), fc.stringMatching(/^\d{0,4}$/), (pan, head, tail) => {
        expect(unsafeTextReason(`${head}${pan}${tail}`)).toBe('card-number');
      }),
    );
  });

  it('refuses a very long run of digits without checking each window (bounded work)', () => {
    expect(unsafeTextReason('1'.repeat(65))).toBe('card-number');
    expect(unsafeTextReason(`${'1-'.repeat(200_000)}1`)).toBe('card-number');
  });

  it('refuses a card number split by tabs or new lines (control characters)', () => {
    fc.assert(
      fc.property(aPan, aTab, (pan, tab) => {
        expect(unsafeTextReason(spread(pan, [tab]))).not.toBeNull();
      }),
    );
  });

  it('refuses any control character and any unpaired surrogate', () => {
    const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }));
    fc.assert(
      fc.property(plainText, control, plainText, (before, code, after) => {
        expect(unsafeTextReason(`${before}${String.fromCharCode(code)}${after}`)).toBe('control-character');
      }),
    );
    fc.assert(
      fc.property(plainText, fc.integer({ min: 0xd800, max: 0xdfff }), (before, code) => {
        expect(unsafeTextReason(`${before}${String.fromCharCode(code)}x`)).toBe('lone-surrogate');
      }),
    );
  });

  it('accepts ordinary names, addresses and emails, including short digit runs', () => {
    fc.assert(
      fc.property(plainText, fc.stringMatching(/^\d{0,12}$/), plainText, (before, digits, after) => {
        expect(unsafeTextReason(`${before}${digits}${after}`)).toBeNull();
      }),
    );
    for (const text of [
      'Jane Doe',
      'Zoë Ångström-Łukasz',
      '83 Mayfair Street',
      'jane+2024@example.com',
      '😀 ok',
      'en-US',
    ]) {
      expect(unsafeTextReason(text)).toBeNull();
    }
  });

  it.each([
    ['cardholderName', '2223055428145727'],
    ['firstName', '2223 0554 2814 5727'],
    ['lastName', '2223-0554-2814-5727'],
    ['email', '2223055428145727@example.com'],
    ['tabs', '2223\t0554\t2814\t5727'],
    ['full-width digits', '２２２３０５５４２８１４５７２７'],
    ['a 13-digit PAN', '4222222222222'],
    ['a 19-digit PAN', '6011000990139424124'],
  ])('refuses the review report case: %s', (_case, text) => {
    expect(passesLuhn(text.normalize('NFKC').replace(/\D/g, ''))).toBe(true);
    expect(unsafeTextReason(text)).not.toBeNull();
  });
});

describe('isLanguageTag', () => {
  it.each(['en-US', 'en', 'de-CH-1996', 'zh-Hant-TW', 'sr-Latn-RS'])('accepts %s', (tag) => {
    expect(isLanguageTag(tag)).toBe(true);
  });

  it.each(['2223055428145727', 'en_US', 'en-', '', 'en US', `en-${'a'.repeat(40)}`])('refuses %j', (tag) => {
    expect(isLanguageTag(tag)).toBe(false);
  });
});

describe('card numbers written to slip past a reader of ASCII digits', () => {
  const pan = '2223055428145727';
  const grouped = (separator: string) => pan.match(/.{4}/g)!.join(separator);
  const inScript = (zero: number) =>
    [...pan].map((digit) => String.fromCodePoint(zero + Number(digit))).join('');

  it.each([
    ['four spaces', grouped('    ')],
    ['four underscores', grouped('____')],
    ['zero-width spaces', grouped('\u200b\u200b\u200b\u200b')],
    ['soft hyphens', grouped('\u00ad\u00ad\u00ad\u00ad')],
    ['combining accents', grouped('\u0301\u0301\u0301\u0301')],
    ['variation selectors', grouped('\ufe0f\ufe0f\ufe0f\ufe0f')],
    ['Arabic-Indic digits', inScript(0x0660)],
    ['Devanagari digits', inScript(0x0966)],
    ['Thai digits', inScript(0x0e50)],
    ['mathematical bold digits', inScript(0x1d7ce)],
    ['ASCII and Bengali digits mixed', `${pan.slice(0, 8)}${inScript(0x09e6).slice(8)}`],
  ])('refuses one written with %s', (_name, text) => {
    expect(unsafeTextReason(`Jane ${text}`)).not.toBeNull();
    expect(redactCardNumbers(`card ${text}`)).toBe('card [REDACTED PAN]');
  });

  it('keeps the zero-width non-joiner a Persian name needs, and refuses other invisible characters', () => {
    expect(unsafeTextReason('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toBeNull();
    expect(unsafeTextReason('Ja\u200bne')).toBe('control-character');
  });

  it('replaces a request id or a reason code that hides a card number behind long separators', () => {
    expect(isAcceptableRequestId(grouped('____'))).toBe(false);
    expect(isAcceptableRequestId('req-42.retry-3')).toBe(true);
    expect(clientReasonCode(`INVALID_${grouped('____')}`)).toBe('UNKNOWN');
    expect(clientReasonCode('INVALID_CARD_NUMBER')).toBe('INVALID_CARD_NUMBER');
  });
});
