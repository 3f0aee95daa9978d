import type { Db } from 'mongodb';

/**
 * What the connected server can do beyond the subset that both MongoDB and FerretDB v1 support.
 * The cache relies only on single-document atomic writes; anything listed here is an optional extra.
 */
export interface DatabaseCapabilities {
  readonly server: 'mongodb' | 'ferretdb';
  readonly version: string;
  /** Multi-document transactions: MongoDB replica sets and sharded clusters only. */
  readonly transactions: boolean;
  /** TTL, partial and collation indexes: FerretDB v1 has none of them. */
  readonly ttlIndexes: boolean;
  readonly partialIndexes: boolean;
  /** FerretDB v1 does not report E11000 when an update (not an insert) violates a unique index. */
  readonly uniqueViolationsOnUpdate: boolean;
}

export async function detectCapabilities(db: Db): Promise<DatabaseCapabilities> {
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  const ferretDbVersion = typeof buildInfo.ferretdbVersion === 'string' ? buildInfo.ferretdbVersion : null;
  if (ferretDbVersion !== null) {
    return {
      server: 'ferretdb',
      version: ferretDbVersion,
      transactions: false,
      ttlIndexes: false,
      partialIndexes: false,
      uniqueViolationsOnUpdate: false,
    };
  }
  const hello = await db.admin().command({ hello: 1 });
  const replicated = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  return {
    server: 'mongodb',
    version: String(buildInfo.version),
    transactions: replicated,
    ttlIndexes: true,
    partialIndexes: true,
    uniqueViolationsOnUpdate: true,
  };
}
