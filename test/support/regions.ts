import type { PrismaClient } from '../../src/generated/prisma/client';

/** 城关镇 of 织金县 with the given villages (12-digit codes in 520524100…), for tests that deliver records by hand. */
export async function createTownship(prisma: PrismaClient, villages: Record<string, string>): Promise<void> {
  await prisma.region.createMany({
    data: [
      { code: '520000000000', name: '贵州省', level: 'PROVINCE', parentCode: null },
      { code: '520500000000', name: '毕节市', level: 'CITY', parentCode: '520000000000' },
      { code: '520524000000', name: '织金县', level: 'COUNTY', parentCode: '520500000000' },
      { code: '520524100000', name: '城关镇', level: 'TOWNSHIP', parentCode: '520524000000' },
      ...Object.entries(villages).map(([code, name]) => ({ code, name, level: 'VILLAGE' as const, parentCode: '520524100000' })),
    ],
  });
}

/** A second township of 织金县, 八步镇 (520524200000), with one village, 红岩村 (520524200201); after createTownship. */
export async function createOtherTownship(prisma: PrismaClient): Promise<void> {
  await prisma.region.createMany({
    data: [
      { code: '520524200000', name: '八步镇', level: 'TOWNSHIP', parentCode: '520524000000' },
      { code: '520524200201', name: '红岩村', level: 'VILLAGE', parentCode: '520524200000' },
    ],
  });
}
