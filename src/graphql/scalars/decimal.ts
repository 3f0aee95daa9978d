import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

function asDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  throw new GraphQLError('Decimal must be a string of digits with an optional fraction, e.g. "32.45"');
}

/** Exact decimals (grams of CO2) as strings: a float would round what CCE sent. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "32.45".',
  serialize: asDecimal,
  parseValue: asDecimal,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('Decimal must be given as a string');
    return asDecimal(node.value);
  },
});
