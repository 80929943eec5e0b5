import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../graphql/relay/connection';

export const DEFAULT_MAX_COST = 10000;
/** What a plain list such as `Household.members` is assumed to hold: a household has a handful of members and subsidies. */
export const DEFAULT_LIST_SIZE = 10;
/** `__schema` and `__type` answer from the schema itself, whose size is bounded, so their nested lists are not multiplied. */
export const INTROSPECTION_COST = 10;

export interface CostLimitOptions {
  maxCost: number;
  defaultListSize: number;
  /** Page size of a connection asked for without `first`; the connections' own default. */
  defaultPageSize?: number;
}

export interface EstimateOperationCostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** Which operation of the document; may be omitted when it holds only one. */
  operationName?: string | null;
  /** The request's variables as sent; without them a variable counts as its declared default, else as absent. */
  variables?: Readonly<Record<string, unknown>>;
  defaultListSize: number;
  defaultPageSize?: number;
}

/*
 * Cost model: the cost is the number of objects the response can hold, because each object is
 * (at least) a row the hub reads. A field returning an object costs 1 for each object it can
 * return, plus the cost of its selection for each. Scalar and enum fields are read with their
 * object and cost nothing. How many objects a field can return:
 * - a connection (a field with a `first` argument): its `nodes` and `edges` lists hold `first`
 *   items (the literal, the variable's value, or the default page size), while the connection
 *   object and its `pageInfo` count once; `first` replaces the plain-list multiplier there rather
 *   than compounding with it, since those lists are the page;
 * - a list with an `ids` list argument (`nodes(ids:)`): the number of ids, when known;
 * - any other list: `defaultListSize`.
 * Selections on an interface or union count the most costly of the concrete types, since one
 * object has one type. Fields are merged by response key as the executor merges them, so two
 * fragments selecting `members` count it once. `@skip`/`@include` are honoured when known.
 */

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>> | undefined;
  variableDefinitions: Map<string, VariableDefinitionNode>;
  defaultListSize: number;
  defaultPageSize: number;
  /**
   * Cost per set of merged selection sets, concrete type and page size: a fragment spread in many
   * places is walked once, so fragments spreading fragments cannot make the walk exponential.
   */
  memo: Map<string, number>;
  ids: Map<SelectionSetNode, number>;
}

/** A selection set to merge, with the fragments spread on the way to it (to stop at fragment cycles). */
interface Part {
  selectionSet: SelectionSetNode;
  via: ReadonlySet<string>;
}

/** A value of an argument as the request gives it; undefined when unknown. */
function argumentValue(walk: Walk, value: ValueNode): unknown {
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    if (walk.variables && name in walk.variables) return walk.variables[name];
    const defaultValue = walk.variableDefinitions.get(name)?.defaultValue;
    return defaultValue ? valueFromASTUntyped(defaultValue) : undefined;
  }
  if (value.kind === Kind.LIST) return value.values.map((item) => argumentValue(walk, item));
  return valueFromASTUntyped(value);
}

function argumentOf(walk: Walk, field: FieldNode, name: string): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? argumentValue(walk, argument.value) : undefined;
}

function isIncluded(walk: Walk, directives: readonly DirectiveNode[] | undefined): boolean {
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const condition = directive.arguments?.find((argument) => argument.name.value === 'if');
    const value = condition ? argumentValue(walk, condition.value) : undefined;
    if (typeof value !== 'boolean') continue;
    if (name === 'skip' ? value : !value) return false;
  }
  return true;
}

function pageSizeOf(walk: Walk, field: FieldNode, definition: GraphQLField<unknown, unknown>): number {
  const first = argumentOf(walk, field, 'first');
  const value = first ?? definition.args.find((argument) => argument.name === 'first')?.defaultValue;
  // A negative or fractional `first` is refused by the resolver; here it only must not lower the cost below nothing.
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.ceil(value)) : walk.defaultPageSize;
}

function idsCount(walk: Walk, field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
  const ids = definition.args.find((argument) => argument.name === 'ids');
  if (!ids || !isListType(getNullableType(ids.type))) return undefined;
  const value = argumentOf(walk, field, 'ids');
  if (Array.isArray(value)) return value.length;
  // Input coercion turns a single id into a list of one.
  return value === undefined || value === null ? undefined : 1;
}

function typeConditionApplies(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (condition === undefined || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return conditionType !== undefined && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type);
}

/** The fields of `parts` for an object of `type`, by response key, as the executor merges them. */
function collectFields(walk: Walk, parts: readonly Part[], type: GraphQLObjectType): Map<string, { field: FieldNode; via: ReadonlySet<string> }[]> {
  const fields = new Map<string, { field: FieldNode; via: ReadonlySet<string> }[]>();
  const visited = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, via: ReadonlySet<string>): void => {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(walk, selection.directives)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), { field: selection, via }]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (typeConditionApplies(walk, selection.typeCondition?.name.value, type)) visit(selection.selectionSet, via);
      } else {
        const name = selection.name.value;
        // A fragment spread inside itself (an invalid document, which graphql's own rules report) adds nothing more.
        if (visited.has(name) || via.has(name)) continue;
        visited.add(name);
        const fragment = walk.fragments.get(name);
        if (fragment && typeConditionApplies(walk, fragment.typeCondition.name.value, type)) visit(fragment.selectionSet, new Set(via).add(name));
      }
    }
  };
  for (const part of parts) visit(part.selectionSet, part.via);
  return fields;
}

/** `pageSize` is set when `type` is a connection: its lists hold one page. */
function selectionCost(walk: Walk, parts: readonly Part[], type: GraphQLObjectType, pageSize: number | undefined): number {
  const ids = parts.map((part) => {
    if (!walk.ids.has(part.selectionSet)) walk.ids.set(part.selectionSet, walk.ids.size);
    return walk.ids.get(part.selectionSet)!;
  });
  const key = `${type.name}:${pageSize ?? ''}:${ids.sort((a, b) => a - b).join(',')}`;
  const known = walk.memo.get(key);
  if (known !== undefined) return known;
  let cost = 0;
  for (const merged of collectFields(walk, parts, type).values()) cost += fieldCost(walk, merged, type, pageSize);
  walk.memo.set(key, cost);
  return cost;
}

function fieldCost(walk: Walk, merged: readonly { field: FieldNode; via: ReadonlySet<string> }[], type: GraphQLObjectType, pageSize: number | undefined): number {
  const field = merged[0].field;
  const name = field.name.value;
  if (name === '__schema' || name === '__type') return INTROSPECTION_COST;
  const definition = type.getFields()[name];
  if (!definition) return 0;
  const returned = getNamedType(definition.type);
  if (isLeafType(returned)) return 0;

  const isList = isListType(getNullableType(definition.type));
  let count = 1;
  let childPageSize: number | undefined;
  if (definition.args.some((argument) => argument.name === 'first')) {
    const first = pageSizeOf(walk, field, definition);
    if (isList) count = first;
    else childPageSize = first;
  } else if (isList) {
    count = pageSize ?? idsCount(walk, field, definition) ?? walk.defaultListSize;
  }

  const parts = merged.flatMap(({ field: node, via }) => (node.selectionSet ? [{ selectionSet: node.selectionSet, via }] : []));
  const possibleTypes = isObjectType(returned) ? [returned] : isAbstractType(returned) ? walk.schema.getPossibleTypes(returned) : [];
  let each = 0;
  for (const possible of possibleTypes) each = Math.max(each, selectionCost(walk, parts, possible, childPageSize));
  return count * (1 + each);
}

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  defaultListSize: number,
  defaultPageSize: number,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefinitions = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition]));
  const walk: Walk = { schema, fragments, variables, variableDefinitions, defaultListSize, defaultPageSize, memo: new Map(), ids: new Map() };
  return selectionCost(walk, [{ selectionSet: operation.selectionSet, via: new Set() }], root, undefined);
}

/** The cost of one operation of `document` under the model above. */
export function estimateOperationCost(input: EstimateOperationCostInput): number {
  const operations = input.document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = input.operationName ? operations.find((candidate) => candidate.name?.value === input.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    throw new Error(input.operationName ? `the document has no operation named ${input.operationName}` : `the document holds ${operations.length} operations: name one`);
  }
  return costOf(input.schema, input.document, operation, input.variables, input.defaultListSize, input.defaultPageSize ?? DEFAULT_PAGE_SIZE);
}

function tooCostly(operation: OperationDefinitionNode, cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `${operation.name?.value ?? 'the operation'} costs ${cost}; the hub answers at most ${maxCost} (ask for fewer items with \`first\`, or fewer nested lists)`,
    { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } } },
  );
}

/** Refuses, before execution, an operation whose cost with the request's variables is above `maxCost`. */
export function costLimitPlugin(options: CostLimitOptions): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables, options.defaultListSize, options.defaultPageSize ?? DEFAULT_PAGE_SIZE);
          if (cost > options.maxCost) throw tooCostly(operation, cost, options.maxCost);
        },
      };
    },
  };
}
