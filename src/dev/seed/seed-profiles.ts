import { randomInt } from 'node:crypto';
import { passesLuhn } from '../../security/luhn';

/** A random integer in [0, max): crypto by default, so that every run draws different cards. */
export type RandomInt = (max: number) => number;

/** One country's worth of consistent settings, so that currency, locale and address agree. */
interface Region {
  countryCode: string;
  currency: string;
  locale: string;
  cities: readonly { city: string; state: string; postalCode: string }[];
  firstNames: readonly string[];
  lastNames: readonly string[];
}

const REGIONS: readonly Region[] = [
  {
    countryCode: 'USA',
    currency: 'USD',
    locale: 'en-US',
    cities: [
      { city: 'Brooklyn', state: 'New York', postalCode: '11201' },
      { city: 'Austin', state: 'Texas', postalCode: '73301' },
      { city: 'Portland', state: 'Oregon', postalCode: '97201' },
    ],
    firstNames: ['Jane', 'John', 'Maria', 'Tyrone', 'Emily', 'Carlos'],
    lastNames: ['Doe', 'Smith', 'Johnson', 'Nguyen', 'Garcia', 'Brown'],
  },
  {
    countryCode: 'GBR',
    currency: 'GBP',
    locale: 'en-GB',
    cities: [
      { city: 'London', state: 'Greater London', postalCode: 'SW1A 1AA' },
      { city: 'Leeds', state: 'West Yorkshire', postalCode: 'LS1 4AP' },
    ],
    firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'Priya'],
    lastNames: ['Taylor', 'Wilson', 'Patel', "O'Brien", 'Evans'],
  },
  {
    countryCode: 'FRA',
    currency: 'EUR',
    locale: 'fr-FR',
    cities: [
      { city: 'Paris', state: 'Ile-de-France', postalCode: '75001' },
      { city: 'Lyon', state: 'Rhone', postalCode: '69001' },
    ],
    firstNames: ['Camille', 'Léa', 'Hugo', 'Chloé', 'Théo'],
    lastNames: ['Martin', 'Bernard', 'Lefèvre', 'Dubois', 'Moreau'],
  },
  {
    countryCode: 'DEU',
    currency: 'EUR',
    locale: 'de-DE',
    cities: [
      { city: 'Berlin', state: 'Berlin', postalCode: '10115' },
      { city: 'München', state: 'Bayern', postalCode: '80331' },
    ],
    firstNames: ['Jürgen', 'Anna', 'Lukas', 'Sophie', 'Max'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber'],
  },
  {
    countryCode: 'BRA',
    currency: 'BRL',
    locale: 'pt-BR',
    cities: [{ city: 'São Paulo', state: 'São Paulo', postalCode: '01000000' }],
    firstNames: ['João', 'Ana', 'Luís', 'Beatriz', 'Gabriel'],
    lastNames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Conceição'],
  },
  {
    countryCode: 'JPN',
    currency: 'JPY',
    locale: 'ja-JP',
    cities: [{ city: 'Tokyo', state: 'Tokyo', postalCode: '1000001' }],
    firstNames: ['Haruto', 'Yui', 'Sota', 'Aoi'],
    lastNames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka'],
  },
  {
    countryCode: 'SWE',
    currency: 'SEK',
    locale: 'sv-SE',
    cities: [{ city: 'Stockholm', state: 'Stockholm', postalCode: '11122' }],
    firstNames: ['Åsa', 'Björn', 'Elin', 'Oskar'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson'],
  },
];

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

/** The fields of the gateway's EnrollUserInput (every Donate field too, so it works with Donate on). */
export interface SeedEnrollment {
  email: { type: string; value: string };
  name: { firstName: string; lastName: string };
  cardholderName: string;
  cardNumber: string;
  cardBaseCurrency: string;
  expiryInfo: { month: string; year: string };
  billingAddress: {
    countryCode: string;
    type: string;
    line1: string;
    city: string;
    state: string;
    postalCode: string;
  };
  locale: string;
}

/** A made-up cardholder with a fresh random card under one of `accountRanges` (BIN prefixes). */
export function seedEnrollment(
  accountRanges: readonly string[],
  now: Date,
  random: RandomInt = randomInt,
): SeedEnrollment {
  const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
  const region = pick(REGIONS);
  const firstName = pick(region.firstNames);
  const lastName = pick(region.lastNames);
  const place = pick(region.cities);
  const emailType = pick(['home', 'work']);
  return {
    email: {
      type: emailType,
      value: `${asciiLocalPart(firstName)}.${asciiLocalPart(lastName)}.${random(100_000)}@${pick(EMAIL_DOMAINS)}`,
    },
    name: { firstName, lastName },
    cardholderName: `${firstName} ${lastName}`,
    cardNumber: randomCardNumber(pick(accountRanges), random),
    cardBaseCurrency: region.currency,
    expiryInfo: {
      month: String(1 + random(12)).padStart(2, '0'),
      year: String(now.getUTCFullYear() + 1 + random(6)),
    },
    billingAddress: {
      countryCode: region.countryCode,
      type: emailType,
      line1: `${1 + random(999)} Main Street`,
      city: place.city,
      state: place.state,
      postalCode: place.postalCode,
    },
    locale: region.locale,
  };
}

/** A Luhn-valid 16-digit number starting with `prefix`, its other digits random. */
function randomCardNumber(prefix: string, random: RandomInt): string {
  let body = prefix;
  while (body.length < 15) body += String(random(10));
  const checkDigit = [...'0123456789'].find((digit) => passesLuhn(`${body}${digit}`))!;
  return `${body}${checkDigit}`;
}

function asciiLocalPart(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  return ascii || 'user';
}
