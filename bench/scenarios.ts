import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Options } from 'autocannon';
import { print } from 'graphql';
import { BenchEnrollUserDocument, BenchUsersPageDocument } from '../test/generated/operations';
import { benchProfile } from './enrollment-profile';

/** The bench's processes: the gateway, the plain driver baseline and the bare enrollment loop. */
export type BenchTarget = 'gateway' | 'baseline' | 'floor';

/** Load sent over HTTP by autocannon. */
export interface HttpScenario {
  kind: 'http';
  name: string;
  target: 'gateway' | 'baseline';
  phase: 'reads' | 'enrollments';
  options: (url: string, token: string, nextSerial: () => number) => Partial<Options> & Pick<Options, 'url'>;
}

/** Enrollments run by the floor process itself (bench/floor-process.ts). */
export interface FloorScenario {
  kind: 'floor';
  name: string;
  target: 'floor';
  phase: 'enrollments';
}

export type Scenario = HttpScenario | FloorScenario;

export const USERS_PAGE = 'users(first: 20)';
export const BASELINE_PAGE = 'baseline users page (node:http + driver)';
export const MANY_USERS = '20 x user(id) in one operation';
export const ENROLL_USER = 'enrollUser (sign + encrypt + sandbox + write)';
export const ENROLLMENT_FLOOR = 'enrollment floor (bare loop)';

/** The issue's targets: a scenario's CPU per request at most `max` times its reference's. */
export const TARGETS = [
  { scenario: USERS_PAGE, reference: BASELINE_PAGE, max: 1.3 },
  { scenario: MANY_USERS, reference: BASELINE_PAGE, max: 1.5 },
  { scenario: ENROLL_USER, reference: ENROLLMENT_FLOOR, max: 1.2 },
] as const;

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

export function scenarios(userIds: readonly string[]): Scenario[] {
  return [
    {
      kind: 'http',
      name: USERS_PAGE,
      target: 'gateway',
      phase: 'reads',
      options: (url, token) => graphqlPost(url, token, usersPage({ first: 20 })),
    },
    {
      kind: 'http',
      name: BASELINE_PAGE,
      target: 'baseline',
      phase: 'reads',
      options: (url) => ({ url: `${url}/?first=20` }),
    },
    {
      kind: 'http',
      name: MANY_USERS,
      target: 'gateway',
      phase: 'reads',
      options: (url, token) =>
        graphqlPost(
          url,
          token,
          JSON.stringify({ query: manyUsersQuery(userIds.slice(0, 20)), variables: {} }),
        ),
    },
    {
      kind: 'http',
      name: ENROLL_USER,
      target: 'gateway',
      phase: 'enrollments',
      options: (url, token, nextSerial) => ({
        ...graphqlPost(url, token, ''),
        // A new card for every request, so every enrollment is a real one.
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: enrollUser({ input: benchProfile(nextSerial()) }),
            }),
          },
        ],
      }),
    },
    { kind: 'floor', name: ENROLLMENT_FLOOR, target: 'floor', phase: 'enrollments' },
  ];
}
