import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import type { GraphQLBody } from './child-gateway';
import { waitUntil } from './commands';
import { collect } from './gateway-process';

const ROOT = path.resolve(__dirname, '../..');

/** `npm run dev` as its own process (one node process, so that SIGTERM reaches the gateway itself). */
export interface DevProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The GraphQL endpoint, from the "GraphQL ready at" line. */
  readonly url: string;
  /** `Bearer ...`, from the dev token line. */
  readonly authorization: string;
  output(): string;
  graphql(query: string, variables?: Record<string, unknown>): Promise<GraphQLBody>;
  /** SIGTERM, and the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

/** Starts `src/dev.ts` with only `env` (and PATH, HOME, the cache folder) and waits for its token line. */
export async function startDev(env: Record<string, string>): Promise<DevProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Where the embedded FerretDB was built for this run (the test-database ladder).
      ...(process.env.CCE_GATEWAY_CACHE_DIR
        ? { CCE_GATEWAY_CACHE_DIR: process.env.CCE_GATEWAY_CACHE_DIR }
        : {}),
      PORT: '0',
      ...env,
    },
  });
  const { output, exit } = collect(child);
  let gone = false;
  void exit.then(() => (gone = true));
  await waitUntil(
    () => output().includes('Authorization: Bearer') || gone,
    60_000,
    'npm run dev is ready',
  ).catch((error: Error) => {
    child.kill('SIGKILL'); // never leave a stuck gateway behind
    throw new Error(`${error.message}:\n${output()}`);
  });
  if (gone) throw new Error(`npm run dev exited during start-up:\n${output()}`);
  const url = /GraphQL ready at (http:\/\/\S+\/graphql)/.exec(output())![1]!;
  const authorization = /Authorization: (Bearer [\w.-]+)/.exec(output())![1]!;
  return {
    child,
    url,
    authorization,
    output,
    async graphql(query, variables) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.body.json()) as GraphQLBody;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exit;
    },
  };
}
