import type { PrismaClient } from '../../generated/prisma/client';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

/** Households of a region (a region-code prefix, '' for the whole hub) not merged into another: how many. */
export async function countRegionHouseholds(sql: Sql, prefix: string): Promise<number> {
  const [{ count }] = await sql.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM household WHERE region_code LIKE $1 AND merged_into_id IS NULL`,
    `${prefix}%`,
  );
  return Number(count);
}

/** The same households' ids in id order, `size` at a time; each chunk is read once the caller is done with the one before. */
export async function* regionHouseholdChunks(sql: Sql, prefix: string, size: number): AsyncGenerator<number[]> {
  let after = 0;
  for (;;) {
    const rows = await sql.$queryRawUnsafe<Array<{ id: number }>>(
      `SELECT id FROM household WHERE region_code LIKE $1 AND merged_into_id IS NULL AND id > $2 ORDER BY id LIMIT $3`,
      `${prefix}%`,
      after,
      size,
    );
    if (rows.length === 0) return;
    const ids = rows.map((row) => Number(row.id));
    after = ids[ids.length - 1];
    yield ids;
  }
}
