import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../errors';
import { MAX_ROW_KEY } from './global-id';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return: 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (the `endCursor` of the previous page).' })
  after?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'True when there are more items after this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was requested with an `after` cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `Item`: `<Name>Connection` with `<Name>Edge`. */
export function ConnectionType<T extends object>(Item: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque position of this item; pass it as `after`.' })
    cursor!: string;

    @Field(() => Item, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class Connection implements Page<T> {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges!: Edge[];

    @Field(() => [Item], { description: 'The items of this page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Paging information.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match in all pages.' })
    totalCount!: number;
  }
  return Connection;
}

const CURSOR_PREFIX = 'cursor:';

export function encodeCursor(key: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argumentName = 'after'): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const key = decoded.startsWith(CURSOR_PREFIX) ? Number(decoded.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(key) || key < 0 || key > MAX_ROW_KEY || encodeCursor(key) !== cursor) {
    throw badUserInput(argumentName, `"${cursor}" is not a cursor returned by this list`);
  }
  return key;
}

export interface KeysetWindow {
  /** Rows to fetch: one more than the page, to learn whether a next page exists. */
  take: number;
  /** Only rows whose key is greater than this. */
  afterKey: number | null;
  pageSize: number;
}

export function keysetWindow(args: PageArgs): KeysetWindow {
  const pageSize = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const afterKey = args.after ? decodeCursor(args.after) : null;
  return { take: pageSize + 1, afterKey, pageSize };
}

/** Turns rows fetched with `keysetWindow` (ordered by key ascending) into a page. */
export function toPage<R, T>(rows: R[], window: KeysetWindow, totalCount: number, keyOf: (row: R) => number, toItem: (row: R) => T): Page<T> {
  const pageRows = rows.slice(0, window.pageSize);
  const edges = pageRows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: toItem(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > window.pageSize,
      hasPreviousPage: window.afterKey !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
