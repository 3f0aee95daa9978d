import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { request } from 'undici';
import type { GatewayContext } from '../../src/graphql/context';
import { graphqlEndpoint } from '../../src/http/graphql-endpoint';
import { routeRequests } from '../../src/http/request-router';

const CARD_NUMBER = '2223000048400011';

/** The endpoint over real HTTP, in front of an Apollo that fails the way no real request can make it. */
async function endpointFailingWith(error: Error) {
  const logged: string[] = [];
  const logger = pino(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const apollo = {
    executeHTTPGraphQLRequest: () => Promise.reject(error),
  } as unknown as ApolloServer<GatewayContext>;
  const endpoint = graphqlEndpoint({
    apollo,
    createContext: () => Promise.reject(new Error('not reached')),
    maxBodyBytes: 1024,
    guard: { maxTokens: 100, trustedDocuments: undefined },
    logger,
  });
  const server: Server = createServer(routeRequests(endpoint, (_request, response) => response.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, logged, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the /graphql endpoint when Apollo itself fails', () => {
  it('answers JSON 500 with no message, path or card number of the failure, and logs it', async () => {
    const failing = await endpointFailingWith(new Error(`failed at /srv/app/secret.js for ${CARD_NUMBER}`));
    try {
      const response = await request(failing.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ users { totalCount } }' }),
      });
      const text = await response.body.text();

      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      expect(failing.logged.join('')).toContain('unexpected HTTP error');
    } finally {
      await failing.close();
    }
  });
});
