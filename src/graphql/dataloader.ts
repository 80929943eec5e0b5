import DataLoader from 'dataloader';
import { toNode } from './relay/node';

/** One row per key (or null), fetched for all keys of a tick in one statement. */
export function loaderByKey<K, R>(fetch: (keys: K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key (possibly none), fetched for all keys of a tick in one statement. */
export function loaderGroupedBy<K, R>(fetch: (keys: K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch([...keys]);
    const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key)!);
  });
}

/** Objects of a Node type by row id: `findByIds` fetches the rows, the loader makes them nodes. */
export function nodeLoaderById<T extends { id: number }>(Type: new () => T, findByIds: (ids: number[]) => Promise<object[]>): DataLoader<number, T | null> {
  return loaderByKey(async (ids: number[]) => (await findByIds(ids)).map((row) => toNode(Type, row)), (node) => node.id);
}

/** Items a loader found (`loadMany`), in order, without the keys it found nothing for; a loader error fails the field. */
export function present<T>(items: ReadonlyArray<T | null | Error>): T[] {
  const failure = items.find((item) => item instanceof Error);
  if (failure) throw failure;
  return items.filter((item): item is T => item !== null);
}
