import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { once } from 'node:events';

/** A bench child process and the first JSON line it printed (its URL, token, keys...). */
export interface BenchProcess<T> {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly hello: T;
  /** The lines it prints after the first (the floor's answers). */
  readonly lines: Interface;
  stop(): Promise<void>;
}

/**
 * Starts a bench process and waits for its first line. A measured process (`buildDir` given) runs as
 * production runs the gateway: `node <buildDir>/bench/<file>.js`, compiled by bench/compiled-build.ts,
 * with NODE_ENV=production, which graphql-js and Express read when they load. The others (the sandbox,
 * which reads the contract beside its sources) run through tsx.
 */
export async function startBenchProcess<T>(
  file: string,
  env: Record<string, string>,
  buildDir: string | undefined,
  nodeOptions: readonly string[] = [],
): Promise<BenchProcess<T>> {
  const entry = buildDir
    ? [path.join(buildDir, 'bench', file.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', path.join(__dirname, file)];
  const child = spawn(process.execPath, [...nodeOptions, ...entry], {
    env: { ...process.env, ...(buildDir ? { NODE_ENV: 'production' } : {}), ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return {
    process: child,
    pid: child.pid!,
    hello: JSON.parse(line) as T,
    lines,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      // A graceful exit writes the --cpu-prof profile, which takes V8 a while after a long run; a stuck
      // process is not waited for long otherwise.
      const patienceMs = process.env.BENCH_CPU_PROF ? 180_000 : 20_000;
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, patienceMs).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Sends one request line to a child (the floor) and waits for its one answer line. */
export async function ask<T>(child: BenchProcess<unknown>, message: object): Promise<T> {
  const answer = new Promise<string>((resolve) => child.lines.once('line', resolve));
  child.process.stdin!.write(`${JSON.stringify(message)}\n`);
  return JSON.parse(await answer) as T;
}
