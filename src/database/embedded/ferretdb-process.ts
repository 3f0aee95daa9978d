import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseRungUnavailableError, type RunningDatabase } from '../running-database';
import { ensureFerretDbBinary } from './ferretdb-binary';

const STARTUP_TIMEOUT_MS = 30_000;

/** A FerretDB this process started: its pid lets fault tests stop (SIGSTOP) and resume it. */
export interface RunningFerretDb extends RunningDatabase {
  readonly pid: number;
}

export interface FerretDbOptions {
  /** Keeps the data here, and leaves it on stop (a restart on the same directory finds it again). */
  dataDir?: string;
  /** e.g. 127.0.0.1:27018, to come back on the same address after a restart; a free port by default. */
  listen?: string;
}

/** Rung 3: FerretDB v1 with a throw-away SQLite directory (or a kept one), on a free loopback port. */
export async function startFerretDb(
  log: (message: string) => void,
  options: FerretDbOptions = {},
): Promise<RunningFerretDb> {
  const binary = await ensureFerretDbBinary(log);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'cce-gateway-ferretdb-')));
  if (!ownDataDir) await mkdir(dataDir, { recursive: true });
  const args = ['-data-dir', dataDir, ...(options.listen ? ['-listen', options.listen] : [])];
  // stdin stays piped: the launcher exits when it closes, i.e. when this process dies.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });

  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not print its URI in time')), STARTUP_TIMEOUT_MS);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`exited during start-up: ${stderr.trim()}`)));
  }).catch(async (error: Error) => {
    child.kill('SIGKILL');
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw new DatabaseRungUnavailableError('ferretdb', error.message);
  });

  return {
    kind: 'ferretdb',
    pid: child.pid!,
    uri,
    description: `FerretDB v1 (SQLite backend, embedded) at ${uri}`,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
