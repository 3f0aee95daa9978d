import { randomUUID } from 'node:crypto';
import { passesLuhn } from '../../src/security/luhn';
import {
  DeleteUsersDocument,
  EnrollUserDocument,
  ListUsersDocument,
  type ListUsersQuery,
  type ListUsersQueryVariables,
  type UserFilterInput,
} from '../generated/operations';
import { anEnrollment, type Enrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

let cardSequence = 0;

/** A fresh, Luhn-valid card number with the given last four digits (a middle digit carries the check). */
function aCardEndingIn(last4: string): string {
  cardSequence += 1;
  const head = `222300${String(cardSequence).padStart(5, '0')}`;
  const digit = [...'0123456789'].find((candidate) => passesLuhn(`${head}${candidate}${last4}`));
  return `${head}${digit}${last4}`;
}

async function enrollAt(fixture: GatewayFixture, at: Date | string, overrides: Partial<Enrollment> = {}) {
  fixture.clock.now = new Date(at);
  const response = await fixture.graphql(EnrollUserDocument, { input: anEnrollment(overrides) });
  expect(response.errors).toBeUndefined();
  return response.data!.enrollUser.user;
}

async function listUsers(fixture: GatewayFixture, variables: ListUsersQueryVariables) {
  const response = await fixture.graphql(ListUsersDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.users;
}

// Newest first, one day apart; grace2 and alan2 are being deleted.
const CAST = {
  ada: { email: 'Ada.Lovelace@Example.com', last4: '1111', at: '2026-03-01T09:00:00.000Z' },
  ada2: { email: 'ada.lovelace@example.com', last4: '2222', at: '2026-03-02T09:00:00.000Z' },
  grace: { email: 'grace@example.com', last4: '1111', at: '2026-03-03T09:00:00.000Z' },
  grace2: { email: 'grace@example.com', last4: '3333', at: '2026-03-04T09:00:00.000Z' },
  alan: { email: 'alan@example.com', last4: '1111', at: '2026-03-05T09:00:00.000Z' },
  alan2: { email: 'alan@example.com', last4: '2222', at: '2026-03-06T09:00:00.000Z' },
  adaOrg: { email: 'ada.lovelace@example.org', last4: '4444', at: '2026-03-07T09:00:00.000Z' },
  katherine: { email: 'katherine@example.com', last4: '4444', at: '2026-03-08T09:00:00.000Z' },
  katherine2: { email: 'katherine@example.com', last4: '1111', at: '2026-03-09T09:00:00.000Z' },
  margaret: { email: 'margaret@example.com', last4: '5555', at: '2026-03-10T09:00:00.000Z' },
};
type Name = keyof typeof CAST;

describe('users and user(id)', () => {
  let fixture: GatewayFixture;
  const ids = {} as Record<Name, string>;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
    for (const [name, { email, last4, at }] of Object.entries(CAST)) {
      const user = await enrollAt(fixture, at, {
        email: { type: 'home', value: email },
        cardNumber: aCardEndingIn(last4),
      });
      ids[name as Name] = user.id;
    }
    await fixture.graphql(DeleteUsersDocument, { ids: [ids.grace2, ids.alan2] });
  });

  afterAll(() => fixture.close());

  /** The names listed for `filter`, and the totalCount beside them. */
  async function listed(filter?: UserFilterInput) {
    const users = await listUsers(fixture, { filter, first: 100 });
    const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return {
      names: users.edges.map(({ node }) => nameOf.get(node.id) ?? node.id),
      totalCount: users.totalCount,
    };
  }
  const matching = (...names: Name[]) => ({ names, totalCount: names.length });

  describe('filters', () => {
    it('lists only ACTIVE users by default, newest first; status selects the others', async () => {
      expect(await listed()).toEqual(
        matching('margaret', 'katherine2', 'katherine', 'adaOrg', 'alan', 'grace', 'ada2', 'ada'),
      );
      expect(await listed({ status: 'DELETION_PENDING' })).toEqual(matching('alan2', 'grace2'));
      expect(await listed({ status: 'DELETED' })).toEqual(matching());
    });

    it('email matches the whole address, ignoring case', async () => {
      expect(await listed({ email: 'ADA.LOVELACE@example.COM' })).toEqual(matching('ada2', 'ada'));
    });

    it('cardLast4 matches the last four digits of the card', async () => {
      expect(await listed({ cardLast4: '1111' })).toEqual(matching('katherine2', 'alan', 'grace', 'ada'));
    });

    it('enrolledAfter is inclusive and enrolledBefore exclusive', async () => {
      const range = { enrolledAfter: CAST.grace.at, enrolledBefore: CAST.adaOrg.at };

      expect(await listed(range)).toEqual(matching('alan', 'grace'));
      expect(await listed({ ...range, status: 'DELETION_PENDING' })).toEqual(matching('alan2', 'grace2'));
    });

    it('combines filters: every condition must hold', async () => {
      expect(await listed({ cardLast4: '1111', enrolledAfter: CAST.ada2.at })).toEqual(
        matching('katherine2', 'alan', 'grace'),
      );
      expect(await listed({ status: 'DELETION_PENDING', email: 'Grace@Example.com' })).toEqual(
        matching('grace2'),
      );
    });
  });

  it('backs every filter with an index', async () => {
    const indexKeys = (await fixture.users.collection.indexes()).map((index) => Object.keys(index.key));
    const equalityFields = ['status', 'emailIndex', 'cardLast4'];

    expect(indexKeys.map((keys) => keys[0])).toEqual(expect.arrayContaining(equalityFields));
    // The range is always combined with status (ACTIVE by default), so a compound index serves it.
    const rangeIndexes = indexKeys.filter(
      ([first, second]) =>
        first === 'enrolledAt' || (equalityFields.includes(first!) && second === 'enrolledAt'),
    );
    expect(rangeIndexes).not.toHaveLength(0);

    // FerretDB v1 answers explain in a shape of its own; a real MongoDB must show index scans.
    if (process.env.TEST_DATABASE_KIND !== 'ferretdb') {
      const filters: UserFilterInput[] = [
        { status: 'DELETION_PENDING' },
        { email: 'grace@example.com' },
        { cardLast4: '1111' },
        { enrolledAfter: CAST.grace.at, enrolledBefore: CAST.adaOrg.at },
      ];
      for (const filter of filters) {
        const find = await findSentFor(filter);
        const plan = await fixture.connection.db!.command({
          explain: { find: 'users', filter: find.filter, sort: find.sort, limit: find.limit },
          verbosity: 'queryPlanner',
        });
        const winningPlan = JSON.stringify(plan.queryPlanner.winningPlan);
        expect(winningPlan).toContain('"IXSCAN"');
        expect(winningPlan).not.toContain('"COLLSCAN"');
      }
    }
  });

  /** The `find` command the gateway sends to answer a listing with `filter`. */
  async function findSentFor(filter: UserFilterInput): Promise<Record<string, unknown>> {
    const sent: Record<string, unknown>[] = [];
    const client = fixture.connection.getClient();
    const record = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === 'users') sent.push(event.command);
    };
    client.on('commandStarted', record);
    try {
      await listUsers(fixture, { filter });
    } finally {
      client.off('commandStarted', record);
    }
    expect(sent).toHaveLength(1);
    return sent[0]!;
  }

  describe('refuses bad paging arguments with BAD_USER_INPUT', () => {
    const forged = Buffer.from(JSON.stringify(['2026-03-01', 'x'])).toString('base64url');
    // A safe integer, but past the last date JavaScript can hold.
    const beyondTime = Buffer.from(JSON.stringify([9e15, 'x'])).toString('base64url');

    it.each([
      ['a cursor that is not base64 JSON', { after: 'not-a-cursor' }, 'after'],
      ['a cursor with a forged position', { after: forged }, 'after'],
      ['an empty cursor', { after: '' }, 'after'],
      ['a cursor whose time is no date', { after: beyondTime }, 'after'],
      ['first: 0', { first: 0 }, 'first'],
      ['first: 101', { first: 101 }, 'first'],
    ])('%s', async (_case, variables, path) => {
      const response = await fixture.graphql(ListUsersDocument, variables);

      expect(response.data).toBeNull();
      expect(response.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ path, message: expect.any(String) }],
      });
    });
  });

  it('answers many user(id) fields in one operation with a single database query', async () => {
    const asked = [...Object.values(ids), randomUUID(), randomUUID()];
    const query = `query Many(${asked.map((_, i) => `$id${i}: ID!`).join(', ')}) {
      ${asked.map((_, i) => `u${i}: user(id: $id${i}) { id status cardLast4 }`).join('\n')}
    }`;
    const findsBefore = fixture.usersFindCount();

    const response = await fixture.graphql<Record<string, unknown>>(
      query,
      Object.fromEntries(asked.map((id, i) => [`id${i}`, id])),
    );

    expect(response.errors).toBeUndefined();
    expect(fixture.usersFindCount() - findsBefore).toBe(1);
    const expected = Object.entries(ids).map(([name, id]) => ({
      id,
      status: name === 'grace2' || name === 'alan2' ? 'DELETION_PENDING' : 'ACTIVE',
      cardLast4: CAST[name as Name].last4,
    }));
    expect(Object.values(response.data!)).toEqual([...expected, null, null]);
  });
});

describe('users pagination', () => {
  // A fixture of its own: the walk must see exactly the users enrolled here.
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(() => fixture.close());

  it('walks every user exactly once, newest first, while others enroll between pages', async () => {
    const originals: { id: string; enrolledAt: string }[] = [];
    for (let minute = 0; minute < 25; minute += 1) {
      // Six users share 10:10: their order falls to the id tie-break, across pages 2 and 3.
      const at = new Date(Date.UTC(2026, 3, 1, 10, minute >= 10 && minute <= 15 ? 10 : minute));
      originals.push(await enrollAt(fixture, at));
    }
    const newestFirst = [...originals]
      .sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt) || (a.id < b.id ? 1 : -1))
      .map((user) => user.id);

    const walked: string[] = [];
    const pages: { size: number; hasNextPage: boolean; totalCount: number }[] = [];
    let after: string | null = null;
    for (let newcomers = 1; newcomers <= 10; newcomers += 1) {
      const page: ListUsersQuery['users'] = await listUsers(fixture, { first: 7, after });
      walked.push(...page.edges.map(({ node }) => node.id));
      pages.push({
        size: page.edges.length,
        hasNextPage: page.pageInfo.hasNextPage,
        totalCount: page.totalCount,
      });
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      await enrollAt(fixture, new Date(Date.UTC(2026, 3, 2, 10, newcomers)));
    }

    expect(walked).toEqual(newestFirst);
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages).toEqual([
      { size: 7, hasNextPage: true, totalCount: 25 },
      { size: 7, hasNextPage: true, totalCount: 26 },
      { size: 7, hasNextPage: true, totalCount: 27 },
      { size: 4, hasNextPage: false, totalCount: 28 },
    ]);
  });
});
