import type { Options } from 'autocannon';
import { cardNumber } from '../test/support/builders';

export interface Scenario {
  name: string;
  target: 'gateway' | 'baseline';
  options: (url: string) => Partial<Options> & Pick<Options, 'url'>;
}

const USERS_PAGE = `query Page($first: Int) { users(first: $first) {
  edges { cursor node { id cardLast4 status enrolledAt } } pageInfo { hasNextPage endCursor } } }`;

function graphqlPost(url: string, query: string, variables: Record<string, unknown>) {
  return {
    url: `${url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

/** `20 x user(id)` in one operation, with aliases: exercises the per-request DataLoader. */
function manyUsersQuery(ids: readonly string[]): string {
  return `{ ${ids.map((id, i) => `u${i}: user(id: "${id}") { id cardLast4 status }`).join(' ')} }`;
}

let enrollmentSerial = Date.now() % 1e8;

export function scenarios(userIds: readonly string[]): Scenario[] {
  return [
    {
      name: 'users(first: 20)',
      target: 'gateway',
      options: (url) => graphqlPost(url, USERS_PAGE, { first: 20 }),
    },
    {
      name: 'baseline users page (node:http + driver)',
      target: 'baseline',
      options: (url) => ({ url: `${url}/?first=20` }),
    },
    {
      name: '20 x user(id) in one operation',
      target: 'gateway',
      options: (url) => graphqlPost(url, manyUsersQuery(userIds.slice(0, 20)), {}),
    },
    {
      name: 'enrollUser (sign + encrypt + sandbox + write)',
      target: 'gateway',
      options: (url) => ({
        ...graphqlPost(url, '', {}),
        // A new card for every request, so every enrollment is a real one.
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({
                query: 'mutation E($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }',
                variables: {
                  input: {
                    email: { value: 'bench@example.com' },
                    cardholderName: 'Bench Mark',
                    cardNumber: cardNumber('222300', (enrollmentSerial += 1)),
                    cardBaseCurrency: 'USD',
                    expiryInfo: { month: '01', year: '2039' },
                  },
                },
              }),
            }),
          },
        ],
      }),
    },
  ];
}
