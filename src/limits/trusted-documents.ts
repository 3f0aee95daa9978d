import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Apollo's persisted query manifest format: what `npm run codegen` writes and routers read too. */
export interface TrustedDocumentsManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

export function documentId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The operations a deployment allows; a document is trusted when its exact text is in the manifest. */
export class TrustedDocuments {
  private constructor(private readonly ids: ReadonlySet<string>) {}

  static fromFile(file: string): TrustedDocuments {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<TrustedDocumentsManifest>;
    if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
      throw new Error('not an apollo-persisted-query-manifest');
    }
    // The id is recomputed from the body: a manifest cannot vouch for a text it does not hold.
    return new TrustedDocuments(new Set(manifest.operations.map((operation) => documentId(operation.body))));
  }

  has(body: string): boolean {
    return this.ids.has(documentId(body));
  }

  get size(): number {
    return this.ids.size;
  }
}
