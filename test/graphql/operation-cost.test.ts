import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costKeyPart, costVariablesOf } from '../../src/graphql/limits/cost-variables';
import { operationCost, pageWeightedEstimator } from '../../src/graphql/limits/operation-cost';

const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));

const OPERATION = parse(`
  query Page($n: Int, $after: String, $withNames: Boolean!, $skipCount: Boolean = false, $email: String) {
    users(first: $n, after: $after, filter: { email: $email }) {
      totalCount @skip(if: $skipCount)
      edges { node { id cardLast4 name @include(if: $withNames) { firstName lastName } } }
    }
    one: user(id: "00000000-0000-4000-8000-000000000000") { id status }
  }
`);

describe('the variables a cost depends on', () => {
  it('are the page sizes and the @include/@skip switches, never inputs or filters', () => {
    expect(costVariablesOf(OPERATION)).toEqual(['n', 'skipCount', 'withNames']);
  });

  it('are kept as numbers, booleans and list lengths only: no string or object reaches a key', () => {
    expect(['5', 'true', '[3]', 'null', 'null', 'string', 'object']).toEqual(
      [5, true, [{ a: 1 }, 2, 3], null, undefined, '4111111111111111', { cardNumber: '4111' }].map(
        costKeyPart,
      ),
    );
  });
});

describe('operationCost', () => {
  it('gives, for the same document and any variables, what graphql-query-complexity computes afresh', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
          withNames: fc.boolean(),
          skipCount: fc.option(fc.boolean(), { nil: undefined }),
          email: fc.option(fc.emailAddress(), { nil: undefined }),
          after: fc.option(fc.string(), { nil: undefined }),
        }),
        (generated) => {
          // As JSON sends them: a variable left out is absent, never undefined.
          const variables = JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
          const fresh = getComplexity({
            schema,
            query: parse(OPERATION.loc!.source.body),
            estimators: [pageWeightedEstimator],
            variables,
          });
          expect(operationCost(schema, OPERATION, 'Page', variables)).toBe(fresh);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still refuses variables that do not fit the operation once a cost is remembered', () => {
    expect(operationCost(schema, OPERATION, 'Page', { n: 5, withNames: true })).toBeGreaterThan(0);

    expect(() => operationCost(schema, OPERATION, 'Page', { n: 'five', withNames: true })).toThrow();
    expect(() => operationCost(schema, OPERATION, 'Page', { n: 5 })).toThrow();
  });
});
