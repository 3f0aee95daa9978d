import { request } from 'undici';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = `mutation Enroll($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }`;

describe('structured logs', () => {
  const lines: string[] = [];
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ logDestination: { write: (line: string) => lines.push(line) } });
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await request(`${fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}`, ...headers },
      body: JSON.stringify(body),
    });
    await response.body.dump();
    return response.headers['x-request-id'] as string;
  }

  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('logs one line per operation with its request id, outcome and duration, echoing the id', async () => {
    const requestId = await post(
      { query: ENROLL, variables: { input: anEnrollment() } },
      { 'x-request-id': 'req-42' },
    );

    expect(requestId).toBe('req-42');
    expect(logged()).toContainEqual(
      expect.objectContaining({
        requestId: 'req-42',
        msg: 'graphql operation',
        operation: 'mutation enrollUser',
        operationName: 'Enroll',
        outcome: 'success',
        durationMs: expect.any(Number),
        caller: { sub: 'test-suite', clientId: null },
      }),
    );
  });

  it('makes up a request id when the caller sends none or an unsafe one', async () => {
    const generated = await post(
      { query: '{ users { totalCount } }' },
      { 'x-request-id': 'not a token; drop table' },
    );

    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged()).toContainEqual(expect.objectContaining({ requestId: generated, outcome: 'success' }));
  });

  it('never writes a card number or an email address, whatever happens to the enrollment', async () => {
    const input = anEnrollment({ email: { type: 'home', value: 'secret.person@example.com' } });
    await post({ query: ENROLL, variables: { input } });
    await post({ query: ENROLL, variables: { input } });
    await post({
      query: ENROLL,
      variables: { input: { ...input, cardNumber: `${input.cardNumber.slice(0, 15)}0` } },
    });
    await post({ query: ENROLL, variables: { input: { ...input, cardNumber: Number(input.cardNumber) } } });
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 500 });
    await post({
      query: ENROLL,
      variables: { input: anEnrollment({ cardNumber: input.cardNumber.replace(/.$/, '') }) },
    });

    // pino's `time` is a 13-digit number: leave it out of the digit check.
    const log = logged()
      .map(({ time: _time, ...rest }) => JSON.stringify(rest))
      .join('\n');
    expect(logged().map((line) => line.outcome)).toEqual(
      expect.arrayContaining(['success', 'DUPLICATE_CARD', 'BAD_USER_INPUT']),
    );
    expect(log).not.toContain(input.cardNumber);
    expect(log).not.toContain(input.cardNumber.slice(0, 15));
    expect(log).not.toContain('secret.person@example.com');
    expect(log).not.toMatch(/\d{13,19}/);
  });

  it('answers an unreadable request body with a 400 that echoes nothing, logging only its error type', async () => {
    const pan = anEnrollment().cardNumber;
    const response = await request(`${fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query": "mutation { enrollUser }", "variables": {"cardNumber": "${pan}"`,
    });
    const body = await response.body.text();

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(body)).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(lines.join('')).not.toContain(pan);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ msg: 'unreadable request body', type: 'entity.parse.failed', status: 400 }),
    );
  });
});
