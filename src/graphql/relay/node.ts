import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId } from './global-id';

/** Classes that implement Node name their GraphQL type and say which of their fields is the key. */
export interface NodeClass {
  readonly typename: string;
}

@InterfaceType('Node', {
  description:
    'An object with a globally unique, opaque ID. Any object of the hub can be fetched again with `node(id:)`. 对象全局唯一标识。',
  resolveType: (value: object) => (value.constructor as unknown as NodeClass).typename,
})
export abstract class Node {
  /** The row key the global ID encodes. */
  abstract get nodeKey(): string | number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID. Stable for the life of the record; do not parse it.' })
  get globalId(): string {
    return toGlobalId((this.constructor as unknown as NodeClass).typename, this.nodeKey);
  }
}

/** Builds a GraphQL object from a database row. */
export function toNode<T extends object>(Type: new () => T, row: Partial<T> | object): T {
  return Object.assign(new Type(), row);
}
