import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../src/cce/http-transport';

// The pool's guarantee: a call either gets a connection and its whole deadline, or is refused as
// `saturated` without a byte sent. It never waits in a queue until its deadline lapses unsent.
describe('HttpTransport under a saturated pool', () => {
  const held: ServerResponse[] = [];
  let received = 0;
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    received += 1;
    held.push(response);
  });
  let url: string;
  const call = (transport: HttpTransport, method: 'GET' | 'POST' = 'GET') =>
    transport.withConnection(() =>
      transport.send({ method, url, headers: {}, body: method === 'POST' ? '{}' : undefined }),
    );
  const answerHeld = () => {
    for (const response of held.splice(0)) response.end('{}');
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterEach(() => held.splice(0));

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a call that found no free connection within its wait, unsent; the running one keeps its deadline', async () => {
    const transport = new HttpTransport({ timeoutMs: 400, maxConnections: 1 });
    const before = received;
    try {
      const running = call(transport);
      const waiting = call(transport, 'POST');

      await expect(waiting).rejects.toMatchObject({ failure: 'saturated' });
      await expect(running).rejects.toMatchObject({ failure: 'timeout' });
      expect(received - before).toBe(1);
    } finally {
      await transport.close();
    }
  });

  it('refuses at once when more calls wait than it allows', async () => {
    const transport = new HttpTransport({ timeoutMs: 5_000, maxConnections: 1, maxWaiting: 1 });
    const before = received;
    try {
      const running = call(transport);
      const waiting = call(transport);
      const refused = call(transport);

      await expect(refused).rejects.toMatchObject({ failure: 'saturated' });
      await waitFor(() => held.length > 0);
      answerHeld();
      await expect(running).resolves.toMatchObject({ status: 200 });
      await waitFor(() => held.length > 0);
      answerHeld();
      await expect(waiting).resolves.toMatchObject({ status: 200 });
      expect(received - before).toBe(2);
    } finally {
      await transport.close();
    }
  });

  it('hands a freed connection on past calls that gave up waiting', async () => {
    const transport = new HttpTransport({ timeoutMs: 1_000, maxConnections: 1 });
    const before = received;
    try {
      const running = call(transport);
      await waitFor(() => held.length > 0);
      const gaveUp = call(transport);
      await expect(gaveUp).rejects.toMatchObject({ failure: 'saturated' });
      const later = call(transport);

      answerHeld();
      await expect(running).resolves.toMatchObject({ status: 200 });
      await waitFor(() => held.length > 0);
      answerHeld();
      await expect(later).resolves.toMatchObject({ status: 200 });
      expect(received - before).toBe(2);
    } finally {
      await transport.close();
    }
  });

  it('refuses calls still waiting when it closes, unsent, and lets the running one finish', async () => {
    const transport = new HttpTransport({ timeoutMs: 5_000, maxConnections: 1 });
    const before = received;
    const running = call(transport);
    await waitFor(() => held.length > 0);
    const waiting = call(transport, 'POST');

    const closed = transport.close();
    answerHeld();

    await expect(running).resolves.toMatchObject({ status: 200 });
    await expect(waiting).rejects.toMatchObject({ failure: 'saturated' });
    await closed;
    expect(received - before).toBe(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
