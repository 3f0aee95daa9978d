import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Options } from 'autocannon';
import { print } from 'graphql';
import { BenchEnrollUserDocument, BenchUsersPageDocument } from '../test/generated/operations';
import { cardNumber } from '../test/support/builders';

export interface Scenario {
  name: string;
  target: 'gateway' | 'baseline';
  options: (url: string, token: string) => Partial<Options> & Pick<Options, 'url'>;
}

/** Request bodies for `document`, printed once; the variables are checked against the operation. */
function bodiesOf<TVariables>(document: TypedDocumentNode<unknown, TVariables>) {
  const query = print(document);
  return (variables: TVariables) => JSON.stringify({ query, variables });
}

const usersPage = bodiesOf(BenchUsersPageDocument);
const enrollUser = bodiesOf(BenchEnrollUserDocument);

function graphqlPost(url: string, token: string, body: string) {
  return {
    url: `${url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
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
      options: (url, token) => graphqlPost(url, token, usersPage({ first: 20 })),
    },
    {
      name: 'baseline users page (node:http + driver)',
      target: 'baseline',
      options: (url) => ({ url: `${url}/?first=20` }),
    },
    {
      name: '20 x user(id) in one operation',
      target: 'gateway',
      options: (url, token) =>
        graphqlPost(
          url,
          token,
          JSON.stringify({ query: manyUsersQuery(userIds.slice(0, 20)), variables: {} }),
        ),
    },
    {
      name: 'enrollUser (sign + encrypt + sandbox + write)',
      target: 'gateway',
      options: (url, token) => ({
        ...graphqlPost(url, token, ''),
        // A new card for every request, so every enrollment is a real one.
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: enrollUser({
                input: {
                  email: { value: 'bench@example.com' },
                  cardholderName: 'Bench Mark',
                  cardNumber: cardNumber('222300', (enrollmentSerial += 1)),
                  cardBaseCurrency: 'USD',
                  expiryInfo: { month: '01', year: '2039' },
                },
              }),
            }),
          },
        ],
      }),
    },
  ];
}
