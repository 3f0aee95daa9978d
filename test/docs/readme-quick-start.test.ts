import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { request } from 'undici';
import { testMongoUri } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

/** The GraphQL operations of the README's quick start, in order, as a reader would paste them. */
function quickStartOperations(): OperationDefinitionNode[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const quickStart = readme.slice(
    readme.indexOf('## Quick start'),
    readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
  );
  const blocks = [...quickStart.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.flatMap((block) =>
    parse(block).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    ),
  );
}

describe('the README quick start, as written', () => {
  it('npm run dev logs a token with every scope; the examples work with it, and the landing page carries it', async () => {
    // `npm run dev` runs this file; MONGODB_URI skips the database ladder's own start-up.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        MONGODB_URI: `${testMongoUri().replace(/\/$/, '')}/readme_${randomUUID().slice(0, 8)}`,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => (output.includes('Authorization: Bearer') ? resolve() : undefined);
        child.stdout.on('data', check);
        child.once('exit', () => reject(new Error(`npm run dev exited:\n${output}`)));
      });
      const url = /GraphQL ready at (http:\/\/\S+\/graphql)/.exec(output)![1]!;
      const authorization = /Authorization: (Bearer [\w.-]+)/.exec(output)![1]!;

      let enrolledId = '';
      for (const operation of quickStartOperations()) {
        const query = print(operation).replace('<id from above>', enrolledId);
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query }),
        });
        const body = (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown };
        expect({
          operation: operation.name?.value ?? print(operation).slice(0, 40),
          errors: body.errors,
        }).toEqual({
          operation: expect.any(String),
          errors: undefined,
        });
        const enrolled = (body.data?.enrollUser as { user?: { id: string } } | undefined)?.user?.id;
        if (enrolled) enrolledId = enrolled;
      }
      expect(enrolledId).not.toBe('');

      const landing = await request(url, { headers: { accept: 'text/html' } });
      expect(landing.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(await landing.body.text()).toContain(authorization.slice('Bearer '.length));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
