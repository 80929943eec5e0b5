import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { isCountyLoaded, loadCounty, type LoadSummary } from '../../src/demo/load-county';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const county = generateCounty({ households: 150 });
const records = county.batch();
const planted = (kind: string) => [...new Set(county.planted.filter((problem) => problem.kind === kind).map((problem) => problem.householdNo))].sort();

describe('loadCounty', () => {
  let db: HubDatabase;
  let summary: LoadSummary;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    expect(await isCountyLoaded(db.prisma)).toBe(false);
    summary = await loadCounty(db.prisma, county, { chunkSize: 40, onProgress: (done, total) => progress.push([done, total]) });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('writes every record in chunks and counts them', async () => {
    const prisma = db.prisma;
    const expected: LoadSummary = {
      regions: county.regions.length,
      cadres: county.cadres.length,
      households: 150,
      members: records.members.length,
      statusChanges: records.statusChanges.length,
      subsidies: records.subsidies.length,
      documents: records.documents.length,
      pairings: records.pairings.length,
      visits: records.visits.length,
      cards: 150,
      // December's bank file is left for the README's import (demo:bank-file).
      payments: records.payments.filter((payment) => !payment.paidOn.startsWith('2024-12')).length,
    };
    expect(summary).toEqual(expected);
    expect({
      regions: await prisma.region.count(),
      cadres: await prisma.cadre.count(),
      households: await prisma.household.count(),
      members: await prisma.member.count(),
      statusChanges: await prisma.householdStatusChange.count(),
      subsidies: await prisma.subsidy.count(),
      documents: await prisma.archiveDocument.count(),
      pairings: await prisma.pairing.count(),
      visits: await prisma.visit.count(),
      cards: await prisma.bankCard.count(),
      payments: await prisma.bankPayment.count(),
    }).toEqual(expected);
    expect((await prisma.bankCoverageMonth.findMany({ orderBy: { month: 'asc' } })).map((row) => row.month.toISOString().slice(0, 7))).toEqual(
      Array.from({ length: 11 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}`),
    );
    expect(progress).toEqual([[40, 150], [80, 150], [120, 150], [150, 150]]);
    expect(await isCountyLoaded(prisma)).toBe(true);
  });

  it('keeps amounts, dates, provenance and links as generated', async () => {
    const record = records.subsidies.find((subsidy) => subsidy.memberKey !== null && subsidy.paidOn !== null)!;
    const row = await db.prisma.subsidy.findFirstOrThrow({
      where: { sourceRecordId: record.sourceRecordId, department: { code: record.department } },
      include: { program: true, household: true, member: true, department: true },
    });
    expect(row.amount.toFixed(2)).toBe(record.amount);
    expect(row.paidOn?.toISOString().slice(0, 10)).toBe(record.paidOn);
    expect(row.program.code).toBe(record.programCode);
    expect(row.household.householdNo).toBe(record.householdNo);
    expect(row.member?.sourceRecordId).toBe(record.memberKey);
    expect(row.sourceSystem).toBe(record.sourceSystem);

    const village = await db.prisma.region.findUniqueOrThrow({ where: { code: '520524100201' }, include: { parent: true, households: { take: 1 } } });
    expect(village).toMatchObject({ name: '五星村', level: 'VILLAGE', parent: { name: '城关镇' } });
    expect(village.households).toHaveLength(1);

    const pairing = await db.prisma.pairing.findFirstOrThrow({ where: { household: { householdNo: records.pairings[0].householdNo } }, include: { cadre: true } });
    expect(pairing.cadre.sourceRecordId).toBe(records.pairings[0].cadreKey);
  });

  it('keeps the archive facts: income components, four-looks scores and totals, exit deadlines', async () => {
    const stored = await db.prisma.archiveDocument.findMany({
      where: { typeCode: { in: ['P03', 'P04'] } },
      select: { sourceRecordId: true, incomeComponents: true, fourLooksScores: true, fourLooksTotal: true },
    });
    const generated = new Map(records.documents.map((document) => [document.sourceRecordId, document]));
    expect(stored.length).toBe(records.documents.filter((document) => document.typeCode === 'P03' || document.typeCode === 'P04').length);
    for (const row of stored) {
      const document = generated.get(row.sourceRecordId)!;
      expect({ incomeComponents: row.incomeComponents, fourLooksScores: row.fourLooksScores, fourLooksTotal: row.fourLooksTotal?.toFixed(2) ?? null }).toEqual({
        incomeComponents: document.incomeComponents,
        fourLooksScores: document.fourLooksScores,
        fourLooksTotal: document.fourLooksTotal,
      });
    }
    expect(await db.prisma.archiveDocument.count({ where: { typeCode: { notIn: ['P03', 'P04'] }, fourLooksTotal: { not: null } } })).toBe(0);

    const households = await db.prisma.household.findMany({ select: { householdNo: true, exitDeadline: true } });
    const deadlines = Object.fromEntries(households.map((household) => [household.householdNo, household.exitDeadline?.toISOString().slice(0, 10) ?? null]));
    expect(deadlines).toEqual(Object.fromEntries(county.households.map((household) => [household.householdNo, household.exitDeadline])));
    expect(Object.values(deadlines)).toContain(null);
  });

  it('makes the planted duplicate subsidies queryable', async () => {
    const subsidies = await db.prisma.subsidy.findMany({
      where: { state: { not: 'WITHDRAWN' }, program: { categoryCode: { in: ['INDUSTRY_LIVESTOCK', 'HOUSING'] } } },
      select: { startDate: true, endDate: true, household: { select: { householdNo: true } }, department: { select: { code: true } }, program: { select: { categoryCode: true } } },
    });
    const funded = new Map<string, typeof subsidies>();
    for (const subsidy of subsidies) {
      const key = `${subsidy.household.householdNo}/${subsidy.program.categoryCode}`;
      funded.set(key, [...(funded.get(key) ?? []), subsidy]);
    }
    const twice = [...funded.values()]
      .filter((group) => group.some((a) => group.some((b) => a.department.code < b.department.code && a.startDate <= b.endDate && b.startDate <= a.endDate)))
      .map((group) => group[0].household.householdNo);
    expect([...new Set(twice)].sort()).toEqual(planted('DUPLICATE_CATEGORY_SUBSIDY'));
  });

  it('makes the planted payments to the deceased queryable', async () => {
    const personal = await db.prisma.subsidy.findMany({
      where: { paidOn: { not: null }, member: { deceasedOn: { not: null } } },
      select: { paidOn: true, household: { select: { householdNo: true } }, member: { select: { deceasedOn: true } } },
    });
    const afterDeath = personal.filter((subsidy) => subsidy.paidOn! > subsidy.member!.deceasedOn!).map((subsidy) => subsidy.household.householdNo);
    expect([...new Set(afterDeath)].sort()).toEqual(planted('PAID_TO_DECEASED'));
  });

  it('makes the planted duplicate ID numbers queryable', async () => {
    const shared = await db.prisma.member.groupBy({ by: ['idNumber'], _count: { householdId: true }, having: { householdId: { _count: { gt: 1 } } } });
    expect(shared.length).toBeGreaterThan(0);
    const members = await db.prisma.member.findMany({
      where: { idNumber: { in: shared.map((group) => group.idNumber) } },
      select: { household: { select: { householdNo: true } } },
    });
    const households = [...new Set(members.map((member) => member.household.householdNo))];
    expect(households.length).toBe(2 * shared.length);
    expect(planted('DUPLICATE_PERSON')).toEqual(expect.arrayContaining(households));
  });

  it('makes the planted archive inconsistencies queryable', async () => {
    const stated = await db.prisma.archiveDocument.findMany({
      where: { familySize: { not: null } },
      select: { familySize: true, household: { select: { householdNo: true, _count: { select: { members: true } } } } },
    });
    const mismatched = stated.filter((document) => document.familySize !== document.household._count.members).map((document) => document.household.householdNo);
    // E02 against the members is the paper/electronic mismatch; every other form is a family-size one.
    expect([...new Set(mismatched)].sort()).toEqual([...planted('FAMILY_SIZE_MISMATCH'), ...planted('PAPER_ELECTRONIC_MISMATCH')].sort());

    const blank = await db.prisma.household.findMany({
      where: { status: { not: 'IDENTIFIED' }, documents: { none: { typeCode: { in: ['E05', 'E08'] } } } },
      select: { regionCode: true },
    });
    const villages = await db.prisma.household.groupBy({ by: ['regionCode'], where: { status: { not: 'IDENTIFIED' } }, _count: { _all: true } });
    const blankVillages = villages.filter((village) => blank.filter((household) => household.regionCode === village.regionCode).length === village._count._all);
    expect(blankVillages).toHaveLength(1);
  });
});
