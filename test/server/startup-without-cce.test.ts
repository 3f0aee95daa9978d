import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { aCardNumber, anEnrollment } from '../support/builders';
import { waitUntil } from '../support/commands';
import {
  childGatewayEnvironment,
  ENROLL_MUTATION,
  startChildGateway,
  type ChildGateway,
} from '../support/child-gateway';
import { testMongoUri } from '../support/test-database';

jest.setTimeout(90_000);

describe('start-up', () => {
  let sandbox: RunningSandbox;
  let mongodbUri: string;
  const children: ChildGateway[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    mongodbUri = `${testMongoUri().replace(/\/$/, '')}/startup_${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill9();
    await sandbox.close();
  });

  async function start(extra: Record<string, string> = {}): Promise<ChildGateway> {
    const child = await startChildGateway(
      childGatewayEnvironment({
        sandbox,
        mongodbUri,
        dataDir: mkdtempSync(path.join(tmpdir(), 'cce-startup-')),
        extra,
      }),
    );
    children.push(child);
    return child;
  }

  const readyz = async (gateway: ChildGateway) => {
    const response = await request(gateway.url.replace('/graphql', '/readyz'));
    return { status: response.statusCode, body: await response.body.json() };
  };

  it('serves listing while CCE is down, with the account range CCE last gave, stored in the database', async () => {
    const first = await start(); // ready once CCE answered GET /issuers, whose profile it stored
    await first.kill9();
    await sandbox.close(); // CCE is down from here on

    const gateway = await start();
    const listed = await gateway.graphql('{ users(first: 5) { totalCount } }');
    const outsideRange = await gateway.graphql(ENROLL_MUTATION, {
      input: anEnrollment({ cardNumber: aCardNumber('411111') }),
    });
    const insideRange = await gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() });

    expect(gateway.output()).toContain('issuer profile from the last one stored');
    expect(await readyz(gateway)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(listed).toEqual({ data: { users: { totalCount: 0 } } });
    // Decided from the stored range, without CCE.
    expect(outsideRange.errors![0]!.extensions).toEqual({ code: 'CARD_NOT_SUPPORTED' });
    expect(insideRange.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_SENT' });
  });

  it('starts without any range while CCE is down, and refuses enrollments as NOT_SENT', async () => {
    await sandbox.close();

    const gateway = await start();
    const enrolled = await gateway.graphql(ENROLL_MUTATION, { input: anEnrollment() });

    expect((await gateway.graphql('{ users(first: 5) { totalCount } }')).errors).toBeUndefined();
    expect(enrolled.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_SENT' });
  });

  it('stays not ready with a clear log line when CCE rejects the credentials, even with a range override', async () => {
    const gateway = await start({
      CCE_CONSUMER_KEY: 'not-the-registered-consumer-key!abc',
      CCE_SUPPORTED_ACCOUNT_RANGE: '222300',
    });

    await waitUntil(
      () => gateway.output().includes("CCE rejected the gateway's credentials"),
      10_000,
      'the 401',
    );
    expect(await readyz(gateway)).toEqual({ status: 503, body: { status: 'CCE rejected the credentials' } });
  });

  it('refuses to start when the journal directory is not writable', async () => {
    // A path under a regular file: no directory can be made there, whoever runs the test (even root).
    const notADirectory = path.join(mkdtempSync(path.join(tmpdir(), 'cce-unwritable-')), 'a-file');
    writeFileSync(notADirectory, '');
    const failed = await start({ ENROLLMENT_JOURNAL_PATH: path.join(notADirectory, 'journal.jsonl') }).catch(
      (error: Error) => error.message,
    );

    expect(failed).toMatch(/exited during start-up/);
    expect(failed).toMatch(/journal directory .* is not writable/);
  });
});
