import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import mongoose from 'mongoose';
import { request } from 'undici';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { cardNumberRuns } from '../../src/security/card-numbers';
import { aCardNumber, anEnrollment } from '../support/builders';
import { productionEnvironment, startReady } from '../support/gateway-process';

// The security review's test, as a regression test: a real gateway process (`npm start`'s entry
// point) gets a card number in every field, header and error path, then its whole output (stdout and
// stderr) and every collection of its database are searched for the card in any form. There is no
// update operation yet (`updateUser` comes later); its input will reuse the same free-text rule.

const CANARY = aCardNumber();
const FORMS = {
  plain: CANARY,
  spaces: CANARY.replace(/(\d{4})(?=\d)/g, '$1 '),
  dashes: CANARY.replace(/(\d{4})(?=\d)/g, '$1-'),
  dots: CANARY.replace(/(\d{4})(?=\d)/g, '$1.'),
  tabs: CANARY.replace(/(\d{4})(?=\d)/g, '$1\t'),
  underscores: CANARY.replace(/(\d{4})(?=\d)/g, '$1_'),
  slashes: CANARY.replace(/(\d{4})(?=\d)/g, '$1 / '),
};
/** The canary's 16 digits with anything (up to 6 characters, e.g. an escaped tab) between them. */
const ANY_FORM = new RegExp(CANARY.split('').join('[^0-9]{0,6}'));
const CLEAR_PERSONAL_DATA = ['canary.person@example.com', 'Canaryfirst', 'Canarylast', 'Canary Holder'];

const ENROLL = 'mutation E($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';

describe('a card number sent everywhere is stored and logged nowhere', () => {
  let sandbox: RunningSandbox;
  let gateway: { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> };
  let url: string;
  let env: Record<string, string>;
  let authorization: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const production = await productionEnvironment(sandbox, `canary_${process.pid}`);
    authorization = production.authorization;
    env = {
      ...production.env,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_QUERIES_PER_MINUTE: '10000',
      RATE_LIMIT_ENROLLMENTS_PER_MINUTE: '10000',
      RATE_LIMIT_DELETIONS_PER_MINUTE: '10000',
    };
    const started = await startReady(env);
    gateway = started;
    url = started.url;
  });

  afterAll(async () => {
    if (gateway.child.exitCode === null) {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
    await sandbox.close();
  });

  async function post(body: string | object, headers: Record<string, string> = {}) {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.body.text();
    expect(text).not.toMatch(ANY_FORM);
    return { status: response.statusCode, headers: response.headers, text };
  }

  const graphql = (query: string, variables?: object, headers?: Record<string, string>) =>
    post({ query, variables }, headers).then((response) => ({
      ...response,
      json: JSON.parse(response.text) as {
        data?: Record<string, never> | null;
        errors?: { extensions: { code: string; fields?: { path: string }[]; reasonCode?: string } }[];
      },
    }));

  /** An enrollment that passes every rule, carrying the canary as its card number. */
  const canaryEnrollment = () =>
    anEnrollment({
      cardNumber: CANARY,
      email: { type: 'home', value: 'canary.person@example.com' },
      name: { firstName: 'Canaryfirst', lastName: 'Canarylast' },
      cardholderName: 'Canary Holder',
    });

  it('enrolls, lists, finds by email and deletes the canary card without ever returning it', async () => {
    const headers = {
      'x-request-id': CANARY,
      'user-agent': `canary ${FORMS.spaces}`,
      'x-forwarded-for': FORMS.dashes,
      referer: `https://example.com/${FORMS.dots}`,
      cookie: `pan=${CANARY}`,
    };
    const enrolled = await graphql(ENROLL, { input: canaryEnrollment() }, headers);
    expect(enrolled.json.errors).toBeUndefined();
    expect(enrolled.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const id = (enrolled.json.data as unknown as { enrollUser: { user: { id: string } } }).enrollUser.user.id;

    const duplicate = await graphql(ENROLL, { input: canaryEnrollment() }, headers);
    expect(duplicate.json.errors?.[0]?.extensions.code).toBe('DUPLICATE_CARD');

    const listed = await graphql(
      'query L($email: String) { users(filter: { email: $email }) { totalCount edges { node { id email { value } cardLast4 } } } }',
      { email: 'Canary.Person@example.com' },
      headers,
    );
    expect(listed.text).toContain(id);
    expect(listed.text).toContain(CANARY.slice(-4));

    const deleted = await graphql('mutation D($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }', {
      ids: [id],
    });
    expect(deleted.text).toContain(id);
  });

  it('refuses the canary in every free-text field, naming only the path', async () => {
    const base = anEnrollment();
    const inFields: [string, object][] = [
      ['input.cardholderName', { cardholderName: FORMS.plain }],
      ['input.name.firstName', { name: { firstName: FORMS.spaces, lastName: 'Doe' } }],
      ['input.name.lastName', { name: { firstName: 'Jane', lastName: FORMS.dashes } }],
      ['input.email.value', { email: { type: 'home', value: `${CANARY}@example.com` } }],
      ['input.locale', { locale: CANARY }],
      [
        'input.billingAddress.line1',
        { billingAddress: { ...base.billingAddress, line1: FORMS.underscores } },
      ],
      ['input.billingAddress.line2', { billingAddress: { ...base.billingAddress, line2: FORMS.tabs } }],
      ['input.billingAddress.city', { billingAddress: { ...base.billingAddress, city: FORMS.dots } }],
      ['input.billingAddress.state', { billingAddress: { ...base.billingAddress, state: FORMS.plain } }],
      [
        'input.billingAddress.locality',
        { billingAddress: { ...base.billingAddress, locality: FORMS.slashes } },
      ],
      ['input.billingAddress.postalCode', { billingAddress: { ...base.billingAddress, postalCode: CANARY } }],
    ];
    for (const [path, override] of inFields) {
      const response = await graphql(ENROLL, { input: { ...anEnrollment(), ...override } });
      const error = response.json.errors?.[0];

      expect({ path, code: error?.extensions.code }).toEqual({ path, code: 'BAD_USER_INPUT' });
      expect(error?.extensions.fields?.map((field) => field.path)).toContain(path);
    }
    // NUL bytes and lone surrogates too.
    for (const cardholderName of ['Jane\u0000Doe', 'Jane \ud800 Doe']) {
      const response = await graphql(ENROLL, { input: anEnrollment({ cardholderName }) });
      expect(response.json.errors?.[0]?.extensions.fields).toEqual([
        { path: 'input.cardholderName', message: expect.any(String) },
      ]);
    }
  });

  it("answers UNKNOWN for a CCE reason code holding the canary, and never passes on CCE's text", async () => {
    for (const status of [400, 500]) {
      sandbox.faults.failNext(1, {
        kind: 'status',
        status,
        reasonCode: `INVALID_CARD_${CANARY}`,
        description: `card ${FORMS.spaces} refused`,
      });
      const response = await graphql(ENROLL, { input: anEnrollment() });
      expect(response.json.errors?.[0]?.extensions.reasonCode).toBe('UNKNOWN');
    }
    sandbox.faults.failNext(1, { kind: 'status', status: 400, reasonCode: `X_${FORMS.underscores}` });
    const deletion = await graphql(
      'mutation D($ids: [ID!]!) { deleteUsers(ids: $ids) { failures { code reasonCode } } }',
      { ids: ['f5d88571-ac15-465a-a0d8-1ad1327b9a06'] },
    );
    expect(deletion.text).toContain('"reasonCode":"UNKNOWN"');
  });

  it('echoes the canary from no refused token', async () => {
    for (const token of [`Bearer ${CANARY}`, `Bearer x.${FORMS.dots}.y`, FORMS.spaces]) {
      const refused = await graphql('{ users { totalCount } }', undefined, { authorization: token });
      expect(refused.json.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('echoes the canary from no malformed request, wrong type or unknown argument', async () => {
    await post(`{"query": "mutation { enrollUser }", "variables": {"cardNumber": "${CANARY}"`);
    await post(`{"query": "{ users { totalCount } }", "extensions": ${CANARY}}`);
    await graphql(`{ ${CANARY} }`);
    await graphql(`{ users(first: ${CANARY}) { totalCount } }`);
    await graphql(`{ user(id: "${FORMS.dashes}") { id } }`);
    await graphql(ENROLL, { input: { ...anEnrollment(), cardNumber: Number(CANARY) } });
    await graphql(ENROLL, { input: { ...anEnrollment(), cardNumber: `${CANARY.slice(0, 15)}0` } });
    await graphql(ENROLL, { input: { ...anEnrollment(), [`x${CANARY}`]: CANARY } });
    await graphql('mutation D($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds } }', { ids: [CANARY] });
    await graphql('query L($f: UserFilterInput) { users(filter: $f) { totalCount } }', {
      f: { email: `${CANARY}@example.com`, cardLast4: CANARY },
    });
    const get = await request(`${url}?query=${encodeURIComponent(`{ user(id: "${CANARY}") { id } }`)}`, {
      headers: { authorization, 'apollo-require-preflight': 'true', 'x-request-id': FORMS.underscores },
    });
    expect(await get.body.text()).not.toMatch(ANY_FORM);
    const elsewhere = await request(`${url.replace('/graphql', '')}/${CANARY}?pan=${CANARY}`);
    expect(await elsewhere.body.text()).not.toMatch(ANY_FORM);
  });

  it('leaves no card number in any form, and no clear personal data, in the database or the output', async () => {
    gateway.child.kill('SIGTERM');
    expect(await gateway.exit).toBe(0);

    const connection = await mongoose.createConnection(env.MONGODB_URI!).asPromise();
    const dump: Record<string, unknown[]> = {};
    for (const { name } of await connection.db!.listCollections().toArray()) {
      dump[name] = await connection.db!.collection(name).find({}).toArray();
    }
    await connection.dropDatabase();
    await connection.close();

    // The enrolled (then deleted) user, and the intent of the enrollment CCE answered with a 5xx: kept,
    // since CCE may have enrolled that card.
    expect(dump.users!.map((user) => (user as { status: string }).status).sort()).toEqual([
      'DELETION_PENDING',
      'OUTCOME_UNKNOWN',
    ]);
    const stored = JSON.stringify(dump);
    expect(stored).not.toMatch(ANY_FORM);
    for (const clear of CLEAR_PERSONAL_DATA) expect(stored.toLowerCase()).not.toContain(clear.toLowerCase());
    // Nothing else card-shaped either. Random hex (the HMAC fingerprint, the UUIDs of ids) holds a
    // Luhn-valid digit run now and then by chance: leave it out.
    // The issuer's account range (BIN prefixes of 4-8 digits, public configuration) reads as one run.
    const withoutRandomHex = stored
      .replace(/"supportedAccountRange":(\[[^\]]*\]|"[^"]*")/g, '')
      .replace(/"cardFingerprint":"[0-9a-f]{64}"/g, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
    expect(cardNumberRuns(withoutRandomHex)).toEqual([]);

    const output = gateway.output();
    expect(output).toContain('graphql operation');
    expect(output).not.toMatch(ANY_FORM);
    for (const clear of CLEAR_PERSONAL_DATA) expect(output).not.toContain(clear);
  });
});
