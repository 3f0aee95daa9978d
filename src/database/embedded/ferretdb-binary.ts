import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DatabaseRungUnavailableError } from '../running-database';

const execFileAsync = promisify(execFile);

/** The Go launcher module committed in the repository (same relative path from src/ and dist/). */
export const FERRETDB_LAUNCHER_DIR = path.resolve(__dirname, '../../../tools/ferretdb');
const LAUNCHER_SOURCES = ['go.mod', 'go.sum', 'main.go'];

export function ferretDbCacheDir(): string {
  return process.env.CCE_GATEWAY_CACHE_DIR ?? path.join(homedir(), '.cache', 'cce-gateway');
}

/**
 * Returns the path of the FerretDB launcher binary, building it with `go build` the first time.
 * The binary name carries a hash of the launcher sources, so a changed launcher is rebuilt and
 * an unchanged one survives `npm ci`.
 */
export async function ensureFerretDbBinary(log: (message: string) => void): Promise<string> {
  const hash = createHash('sha256');
  for (const file of LAUNCHER_SOURCES) {
    hash.update(await readFile(path.join(FERRETDB_LAUNCHER_DIR, file)));
  }
  const binary = path.join(ferretDbCacheDir(), `ferretdb-launcher-${hash.digest('hex').slice(0, 16)}`);
  if (await exists(binary)) return binary;

  await mkdir(ferretDbCacheDir(), { recursive: true });
  log(
    `database ladder: building the embedded FerretDB launcher into ${binary} (first run only, 1-3 minutes)`,
  );
  const started = Date.now();
  // Build to a private name and rename, so concurrent first runs never see half a binary.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await execFileAsync('go', ['build', '-trimpath', '-o', partial, '.'], {
      cwd: FERRETDB_LAUNCHER_DIR,
      // The committed go.sum pins every module, so the checksum database is never needed;
      // GOTOOLCHAIN=local stops Go from trying to download another toolchain.
      env: { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new DatabaseRungUnavailableError('ferretdb', describeBuildFailure(error));
  }
  await rename(partial, binary);
  log(`database ladder: FerretDB launcher built in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

function describeBuildFailure(error: unknown): string {
  const failure = error as { code?: string; stderr?: string; message?: string };
  if (failure.code === 'ENOENT') return 'the Go toolchain (`go`) is not on PATH';
  const stderr = (failure.stderr ?? failure.message ?? '').trim().split('\n').slice(-5).join(' | ');
  return `go build failed: ${stderr}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
