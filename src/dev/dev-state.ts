import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Environment } from '../config/config-error';
import { ferretDbCacheDir } from '../database/embedded/ferretdb-binary';
import type { RunningDatabase } from '../database/running-database';

/**
 * Where `npm run dev` keeps what outlives one run. With DEV_DATA_DIR: the embedded database, the
 * enrollment journal and instance id, the dev keys and the running gateway's address, all in one
 * folder a developer can delete. Without it: the keys and the address in the cache folder, and the
 * database thrown away at exit.
 */
export interface DevState {
  /** DEV_DATA_DIR as an absolute path, when set. */
  readonly dataDir: string | undefined;
  /** Dev keys and the gateway file: DEV_DATA_DIR, else the cache folder (CCE_GATEWAY_CACHE_DIR). */
  readonly stateDir: string;
}

export function devState(environment: Environment): DevState {
  const dataDir = environment.DEV_DATA_DIR?.trim()
    ? path.resolve(environment.DEV_DATA_DIR.trim())
    : undefined;
  return { dataDir, stateDir: dataDir ?? ferretDbCacheDir() };
}

/** The end of the start-up line `database: ...`: whether this run's data outlives it. */
export function dataRetention(database: RunningDatabase, state: DevState): string {
  if (database.kind === 'external') return 'data kept by that server';
  if (state.dataDir) return `data kept in ${state.dataDir}`;
  return 'data thrown away at exit (DEV_DATA_DIR=<folder> keeps it)';
}

/** The running dev gateway, as `npm run seed` finds it. */
export interface DevGateway {
  readonly url: string;
  readonly authorization: string;
}

const GATEWAY_FILE = 'dev-gateway.json';

/** Written once the gateway listens; holds a token of this run's throw-away issuer, readable by its owner only. */
export async function writeDevGateway(state: DevState, gateway: DevGateway): Promise<() => Promise<void>> {
  const file = path.join(state.stateDir, GATEWAY_FILE);
  const content = JSON.stringify(gateway);
  await mkdir(state.stateDir, { recursive: true, mode: 0o700 });
  await writeFile(file, content, { mode: 0o600 });
  // Removed at exit, unless another dev gateway started since and wrote its own.
  return async () => {
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === content) await rm(file, { force: true });
  };
}

export async function readDevGateway(state: DevState): Promise<DevGateway | undefined> {
  try {
    const parsed = JSON.parse(
      await readFile(path.join(state.stateDir, GATEWAY_FILE), 'utf8'),
    ) as Partial<DevGateway>;
    return typeof parsed.url === 'string' && typeof parsed.authorization === 'string'
      ? { url: parsed.url, authorization: parsed.authorization }
      : undefined;
  } catch {
    return undefined;
  }
}
