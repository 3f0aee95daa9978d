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
 * Starts `node --import tsx bench/<file>` with `env` added, and waits for its first line. A bench
 * compiled by tsc (to profile with the line numbers of plain JavaScript) starts the compiled `.js`.
 */
export async function startBenchProcess<T>(
  file: string,
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
): Promise<BenchProcess<T>> {
  const compiled = path.extname(__filename) === '.js';
  const entry = path.join(__dirname, compiled ? file.replace(/\.ts$/, '.js') : file);
  const child = spawn(process.execPath, [...nodeOptions, ...(compiled ? [] : ['--import', 'tsx']), entry], {
    env: { ...process.env, ...env },
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
      // A graceful exit writes the --cpu-prof profile; a stuck process is not waited for long.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
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
