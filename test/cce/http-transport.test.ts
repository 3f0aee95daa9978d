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

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a call that found no free connection within its deadline, unsent', async () => {
    const transport = new HttpTransport({ timeoutMs: 300, maxConnections: 1 });
    const before = received;
    try {
      // A holds the only connection until its deadline; B waits and then gets it, with a deadline of
      // its own; C, behind B, cannot get it before its wait is over.
      const a = transport.send({ method: 'GET', url, headers: {} });
      const b = transport.send({ method: 'GET', url, headers: {} });
      const c = transport.send({ method: 'POST', url, headers: {}, body: '{}' });

      await expect(c).rejects.toMatchObject({ failure: 'saturated' });
      await expect(a).rejects.toMatchObject({ failure: 'timeout' });
      await expect(b).rejects.toMatchObject({ failure: 'timeout' });
      // A and B were sent; C never was.
      expect(received - before).toBe(2);
    } finally {
      held.splice(0);
      await transport.close();
    }
  });

  it('refuses at once when more calls wait than it allows', async () => {
    const transport = new HttpTransport({ timeoutMs: 5_000, maxConnections: 1, maxWaiting: 1 });
    const before = received;
    try {
      const running = transport.send({ method: 'GET', url, headers: {} });
      const waiting = transport.send({ method: 'GET', url, headers: {} });
      const refused = transport.send({ method: 'GET', url, headers: {} });

      await expect(refused).rejects.toMatchObject({ failure: 'saturated' });
      await waitFor(() => held.length > 0);
      for (const response of held.splice(0)) response.end('{}');
      await expect(running).resolves.toMatchObject({ status: 200 });
      // The waiting call got the freed connection.
      await waitFor(() => held.length > 0);
      for (const response of held.splice(0)) response.end('{}');
      await expect(waiting).resolves.toMatchObject({ status: 200 });
      expect(received - before).toBe(2);
    } finally {
      await transport.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
