import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { formatMoney, InvalidMoneyError, parseMoney } from '../../domain/money';
import { refusingAsBadUserInput } from './refusal';

const parse = refusingAsBadUserInput(parseMoney, InvalidMoneyError);

export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description:
    'An exact amount in yuan (元) as a decimal string with two places, e.g. "1860.00". Never a float: ' +
    'parse it with a decimal library. Input accepts a string with at most two decimals, or an integer.',
  serialize: (value) => formatMoney(value as Parameters<typeof formatMoney>[0]),
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    if (ast.kind === Kind.INT) return parse(Number(ast.value));
    throw new GraphQLError('Money must be a decimal string such as "1860.00"', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
  },
});
