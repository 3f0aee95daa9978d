import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';

// The baseline: the same users page as `users(first: N)`, served by plain node:http and the
// MongoDB driver, with the same query, index and JSON shape. What the gateway's layers cost is
// the gap between the two.
async function main(): Promise<void> {
  // An exit through the process (not the signal's default) writes the --cpu-prof profile.
  process.once('SIGTERM', () => process.exit(0));
  const uri = process.env.BENCH_MONGODB_URI;
  if (!uri) throw new Error('BENCH_MONGODB_URI is required');
  const client = await MongoClient.connect(uri);
  const users = client.db().collection('users');

  const server = createServer((request, response) => {
    const first = Math.min(
      Number(new URL(request.url ?? '/', 'http://x').searchParams.get('first') ?? 20),
      100,
    );
    users
      .find({ status: 'ACTIVE' })
      .sort({ enrolledAt: -1, userId: -1 })
      .limit(first + 1)
      .toArray()
      .then((rows) => {
        const edges = rows.slice(0, first).map((row) => ({
          cursor: Buffer.from(JSON.stringify([row.enrolledAt.getTime(), row.userId])).toString('base64url'),
          node: { id: row.userId, cardLast4: row.cardLast4, status: row.status, enrolledAt: row.enrolledAt },
        }));
        const body = JSON.stringify({
          data: {
            users: { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor } },
          },
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      })
      .catch(() => response.writeHead(500).end());
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
