/* eslint-disable no-console -- a build step reporting what it wrote */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import * as operations from '../test/generated/operations';
import type { TrustedDocumentsManifest } from '../src/limits/trusted-documents';
import { documentId } from '../src/limits/trusted-documents';

// Part of `npm run codegen`: the operations of operations/*.graphql, as graphql-codegen typed them,
// in Apollo's persisted query manifest format. GRAPHQL_TRUSTED_DOCUMENTS=schema/trusted-documents.json
// then serves exactly these texts (what `print(document)` of the typed documents sends).
const documents = Object.entries(operations).filter((entry): entry is [string, DocumentNode] =>
  entry[0].endsWith('Document'),
);

const manifest: TrustedDocumentsManifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: documents.map(([, document]) => {
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
    )!;
    const body = print(document);
    return { id: documentId(body), name: operation.name!.value, type: operation.operation, body };
  }),
};

const file = path.resolve(__dirname, '../schema/trusted-documents.json');
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)} (${manifest.operations.length} operations)`);
