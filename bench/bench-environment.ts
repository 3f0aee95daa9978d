import type { SandboxKeys } from '../src/sandbox/sandbox-keys';

/** The sandbox bench/sandbox-process.ts started, as bench/run.ts hands it to the other processes. */
export function sandboxFromEnvironment(): { baseUrl: string; keys: SandboxKeys } {
  const sandbox = process.env.BENCH_SANDBOX;
  if (!sandbox) throw new Error('BENCH_SANDBOX is required');
  return JSON.parse(sandbox) as { baseUrl: string; keys: SandboxKeys };
}
