import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens (port 0 picks a free one) and resolves to the server's base URL, e.g. http://127.0.0.1:4000. */
export async function listenOn(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
