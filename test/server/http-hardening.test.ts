import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

type Body = { errors: { message: string; extensions: Record<string, unknown> }[] };

/** A client that sends `head`, then one byte of `trickle` every 200 ms; resolves when the server hangs up. */
function slowClient(url: string, head: string, trickle: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  let sent = 0;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  const timer = setInterval(() => {
    if (sent < trickle.length) socket.write(trickle[sent++]!);
  }, 200);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return closed.then(() => {
    clearInterval(timer);
    return { received, unsentBytes: trickle.length - sent };
  });
}

describe('HTTP hardening', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      http: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxBodyBytes: 64 * 1024 },
      // The highest token limit the configuration accepts, to reach the parser with deep documents.
      queryLimits: { maxTokens: 100_000 },
    });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('cuts a client that sends its headers one byte at a time at the headers timeout', async () => {
    const { received, unsentBytes } = await slowClient(
      fixture.url,
      'POST /graphql HTTP/1.1\r\nHost: localhost\r\n',
      `X-Slow: ${'a'.repeat(200)}\r\n\r\n`,
    );

    expect(unsentBytes).toBeGreaterThan(0);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a client that sends its body one byte at a time at the request timeout', async () => {
    const body = JSON.stringify({ query: `{ users { totalCount } } # ${'x'.repeat(200)}` });
    const { received, unsentBytes } = await slowClient(
      fixture.url,
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer ${fixture.token}\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );

    expect(unsentBytes).toBeGreaterThan(0);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(received).not.toContain('"data"');
  });

  async function post(headers: Record<string, string>, body: string | Buffer) {
    const response = await request(`${fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}`, ...headers },
      body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, type: response.headers['content-type'], text };
  }

  it('answers an unsupported content-encoding with JSON 415, no HTML and no stack', async () => {
    const response = await post({ 'content-encoding': 'x-unknown' }, '{"query":"{ users { totalCount } }"}');

    expect(response.status).toBe(415);
    expect(response.type).toMatch(/^application\/json/);
    expect((JSON.parse(response.text) as Body).errors[0]).toEqual({
      message: 'Unsupported content-encoding: send identity, gzip, deflate or br',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(response.text).not.toMatch(/<html|at .*\.js/i);
  });

  it('answers a body past HTTP_MAX_BODY_BYTES with JSON 413', async () => {
    const response = await post(
      {},
      JSON.stringify({ query: `{ users { totalCount } } # ${'x'.repeat(70_000)}` }),
    );

    expect(response.status).toBe(413);
    expect((JSON.parse(response.text) as Body).errors[0]!.message).toBe(
      'The request body is larger than this server accepts',
    );
  });

  it('answers a corrupt gzip body with JSON 400', async () => {
    const response = await post({ 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'));

    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/json/);
  });

  it('never exposes internals for deeply nested input', async () => {
    const nested = `${'['.repeat(1500)}${']'.repeat(1500)}`;
    const response = await post({}, `{"query":"{ users { totalCount } }","variables":{"a":${nested}}}`);

    expect(response.text).not.toMatch(/Maximum call stack|RangeError|at .*\.js/);
    expect(response.type).toMatch(/^application\/json/);

    const deepQuery = `{ users { ${'edges { '.repeat(20_000)}cursor${' }'.repeat(20_000)} } }`;
    const deep = await post({}, JSON.stringify({ query: deepQuery }));
    expect(deep.text).not.toMatch(/Maximum call stack|RangeError|at .*\.js/);
    expect((JSON.parse(deep.text) as Body).errors[0]!.extensions.code).toMatch(/^[A-Z_]+$/);
  });

  it('answers unknown paths with JSON 404', async () => {
    const response = await request(`${fixture.url}/nothing-here`);

    expect(response.statusCode).toBe(404);
    expect(await response.body.json()).toEqual({
      errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
    });
  });

  it.each(['/graphql/', '/graphql/graphql', '/GRAPHQL'])(
    'serves GraphQL at /graphql only: %s answers JSON 404, with a request id',
    async (path) => {
      const response = await request(`${fixture.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
        body: JSON.stringify({ query: '{ users(first: 1) { totalCount } }' }),
      });

      expect(response.statusCode).toBe(404);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.body.json()).toEqual({
        errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
      });
    },
  );

  it('answers a GraphQL operation as JSON with its length and its request id', async () => {
    const response = await request(`${fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
      body: JSON.stringify({ query: '{ users(first: 1) { totalCount } }' }),
    });
    const text = await response.body.text();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(text));
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(JSON.parse(text)).toEqual({ data: { users: { totalCount: expect.any(Number) } } });
  });

  it('refuses a malformed user(id) with BAD_USER_INPUT, as deleteUsers does', async () => {
    const response = await fixture.graphql('{ user(id: "abc") { id } }');

    expect(response.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'id', message: 'must be a CCE user id: 36 hex digits and dashes' }],
    });
  });
});
