import { request } from 'undici';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('health endpoints', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture();
  });

  afterAll(async () => {
    await fixture.close();
  });

  const get = async (path: string) => {
    const response = await request(`${fixture.url}${path}`);
    return { status: response.statusCode, body: await response.body.json() };
  };

  it('reports live and ready while the database answers', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('stays live but not ready while the database is unreachable', async () => {
    await fixture.connection.close();

    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'database unreachable' } });
  });
});
