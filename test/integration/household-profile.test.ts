import { Decimal } from 'decimal.js';
import { parseIdNumber } from '../../src/domain/id-number';
import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { loadCounty } from '../../src/demo/load-county';
import { CatalogueDocument, HouseholdProfileDocument, HouseholdsDocument, NodeByIdDocument, NodesByIdsDocument } from '../generated/graphql';
import { KEY_LOOKUP, startTestHub, type TestHub } from '../support/hub-client';
import { createTestDatabase } from '../support/test-database';

let db: HubDatabase;
let hub: TestHub;
const logged: unknown[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadCounty(db.prisma, generateCounty({ seed: 7, households: 60 }));
  hub = await startTestHub(db, logged);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

/** A household paid by all four departments, found with SQL independent of the GraphQL layer. */
async function householdPaidByEveryDepartment(): Promise<string> {
  const rows = await db.prisma.$queryRaw<{ household_no: string }[]>`
    SELECT h.household_no FROM household h JOIN subsidy s ON s.household_id = h.id
    GROUP BY h.household_no HAVING count(DISTINCT s.department_id) = 4 ORDER BY h.household_no LIMIT 1`;
  expect(rows).toHaveLength(1);
  return rows[0].household_no;
}

function errorOf(response: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) {
  expect(response.errors).toHaveLength(1);
  return response.errors![0];
}

describe('the unified household profile', () => {
  it('shows members, region, history, documents, cadres, visits and subsidies from all four departments', async () => {
    const householdNo = await householdPaidByEveryDepartment();
    const { data, errors } = await hub.execute(HouseholdProfileDocument, { householdNo });
    expect(errors).toBeUndefined();
    const household = data!.household!;
    expect(household.householdNo).toBe(householdNo);
    expect(new Set(household.subsidies.map((s) => s.department.code))).toEqual(new Set(['ARCHIVE', 'POVERTY', 'CIVIL', 'AGRI']));

    const stored = await db.prisma.household.findUniqueOrThrow({
      where: { householdNo },
      include: { members: true, subsidies: true, documents: true, statusChanges: true, visits: true, region: true },
    });
    expect(household.region.code).toBe(stored.regionCode);
    expect(household.region.village?.code).toBe(stored.regionCode);
    expect(household.region.township?.code).toBe(`${stored.regionCode.slice(0, 9)}000`);
    expect(household.region.county).toMatchObject({ code: '520524000000' });
    expect(household.region.fullName).toBe(`${household.region.county!.name}${household.region.township!.name}${household.region.village!.name}`);

    expect(household.members.map((m) => m.idNumber).sort()).toEqual(stored.members.map((m) => m.idNumber).sort());
    expect(household.members[0].relation).toBe('HEAD');
    expect(household.head?.idNumber).toBe(household.members[0].idNumber);
    for (const member of household.members) {
      const facts = parseIdNumber(member.idNumber);
      expect([member.sex, member.birthDate]).toEqual([facts.sex, facts.birthDate]);
    }

    expect(household.subsidies).toHaveLength(stored.subsidies.length);
    const storedById = new Map(stored.subsidies.map((s) => [s.sourceRecordId, s]));
    for (const subsidy of household.subsidies) {
      const row = storedById.get(subsidy.sourceRecordId)!;
      expect(subsidy.amount).toBe(row.amount.toFixed(2));
      expect(subsidy.amount).toMatch(/^\d+\.\d{2}$/);
      expect(subsidy.startDate).toBe(row.startDate.toISOString().slice(0, 10));
      expect(subsidy.program.category).toBe((await db.prisma.program.findUniqueOrThrow({ where: { id: row.programId } })).categoryCode);
      expect(subsidy.program.categoryDetail.name).not.toBe('');
    }

    // Totals per department and year equal an independent exact sum of the stored rows.
    const expected = new Map<string, Decimal>();
    for (const row of stored.subsidies.filter((s) => s.state !== 'WITHDRAWN')) {
      const key = `${row.departmentId}:${row.year}`;
      expected.set(key, (expected.get(key) ?? new Decimal(0)).plus(row.amount.toString()));
    }
    const departments = new Map((await db.prisma.department.findMany()).map((d) => [d.code, d.id]));
    expect(household.subsidyTotals).toHaveLength(expected.size);
    for (const total of household.subsidyTotals) {
      expect(total.amount).toBe(expected.get(`${departments.get(total.department.code)}:${total.year}`)!.toFixed(2));
    }

    expect(household.documents).toHaveLength(stored.documents.length);
    const orders = household.documents.map((d) => d.bindingOrder ?? Infinity);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(household.statusHistory).toHaveLength(stored.statusChanges.length);
    expect(household.statusHistory.at(-1)?.toStatus).toBe(stored.status);
    expect(household.visits).toHaveLength(stored.visits.length);
    expect(household.cadres.length).toBeGreaterThan(0);
    expect(household.source.department.code).toBe('POVERTY');
  });

  it('is found by the ID number of any member, in 18- or 15-digit form', async () => {
    const member = await db.prisma.member.findFirstOrThrow({
      where: { relation: { not: 'HEAD' }, idNumber: { startsWith: '52052419' } },
      include: { household: true },
      orderBy: { id: 'asc' },
    });
    const byId = await hub.execute(HouseholdProfileDocument, { idNumber: member.idNumber });
    expect(byId.data?.household?.householdNo).toBe(member.household.householdNo);
    const fifteen = member.idNumber.slice(0, 6) + member.idNumber.slice(8, 17);
    const byOldNumber = await hub.execute(HouseholdProfileDocument, { idNumber: fifteen });
    expect(byOldNumber.data?.household?.householdNo).toBe(member.household.householdNo);
  });

  it('answers bad input with BAD_USER_INPUT naming the argument', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ idNumber: '520524195509122988' }, 'idNumber', /check character/],
      [{ idNumber: '12345' }, 'idNumber', /18 characters/],
      [{ idNumber: '11010519491231002X' }, 'idNumber', /no household has a member/],
      [{ householdNo: '999999999999' }, 'householdNo', /no household with household number/],
      [{}, 'householdNo', /exactly one/],
    ];
    for (const [variables, argumentName, message] of cases) {
      const error = errorOf(await hub.execute(HouseholdProfileDocument, variables));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
      expect(error.message).toMatch(message);
    }
  });

  it('runs the same bounded number of SQL statements however much a household holds', async () => {
    const [small, large] = await db.prisma.household.findMany({ orderBy: { id: 'asc' }, take: 2 });
    const measure = async (householdNo: string) => {
      const { result, count, statements } = await db.statements.measure(() => hub.execute(HouseholdProfileDocument, { householdNo }), KEY_LOOKUP);
      expect(result.errors).toBeUndefined();
      return { count, statements };
    };
    const before = await measure(large.householdNo);

    const program = await db.prisma.program.findUniqueOrThrow({ where: { code: 'AGR_FARMLAND' } });
    const document = await db.prisma.archiveDocument.findFirstOrThrow({ where: { householdId: large.id } });
    const member = await db.prisma.member.findFirstOrThrow({ where: { householdId: large.id } });
    await db.prisma.member.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({ ...member, id: undefined, sourceRecordId: `extra-member-${i}`, relation: 'OTHER' as const })),
    });
    await db.prisma.subsidy.createMany({
      data: Array.from({ length: 80 }, (_, i) => ({
        departmentId: program.departmentId,
        programId: program.id,
        householdId: large.id,
        amount: '123.45',
        startDate: new Date(Date.UTC(2000 + (i % 25), 0, 1)),
        endDate: new Date(Date.UTC(2000 + (i % 25), 11, 31)),
        year: 2000 + (i % 25),
        state: 'PAID' as const,
        sourceRecordId: `extra-subsidy-${i}`,
      })),
    });
    await db.prisma.archiveDocument.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ ...document, id: undefined, incomeComponents: undefined, fourLooksScores: undefined, sourceRecordId: `extra-document-${i}` })),
    });

    const after = await measure(large.householdNo);
    const other = await measure(small.householdNo);
    expect(after.count).toBe(before.count);
    // One statement per kind of thing the profile shows, whatever the household holds, and one
    // audit entry for the personal data the key read unmasked.
    expect(Math.max(after.count, other.count)).toBeLessThanOrEqual(17);
    expect(after.statements.filter((sql) => /INSERT INTO audit_entry/.test(sql))).toHaveLength(1);
    if (process.env.SHOW_SQL) console.log(after.statements.join('\n'));
  });
});

describe('households, nodes and the catalogue', () => {
  it('pages through a township with a capped page size and exact totals', async () => {
    const anyHousehold = await db.prisma.household.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const township = `${anyHousehold.regionCode.slice(0, 9)}000`;
    const expectedTotal = await db.prisma.household.count({ where: { regionCode: { startsWith: township.slice(0, 9) } } });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: Awaited<ReturnType<typeof hub.execute<import('../generated/graphql').HouseholdsQuery, unknown>>> = await hub.execute(HouseholdsDocument, {
        filter: { regionCode: township },
        first: 7,
        after,
      });
      const page = response.data!.households;
      expect(page.totalCount).toBe(expectedTotal);
      for (const edge of page.edges) {
        expect(edge.node.region.code.startsWith(township.slice(0, 9))).toBe(true);
        seen.push(edge.node.householdNo);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(expectedTotal);
    expect(new Set(seen).size).toBe(expectedTotal);

    const tooMany = errorOf(await hub.execute(HouseholdsDocument, { first: 101 }));
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const unknownRegion = errorOf(await hub.execute(HouseholdsDocument, { filter: { regionCode: '520524999000' } }));
    expect(unknownRegion.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.regionCode' });
    const malformedVariable = errorOf(await hub.execute(HouseholdsDocument, { filter: { regionCode: '52052A' } }));
    expect(malformedVariable.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformedVariable.message).toMatch(/regionCode.*12 digits/s);
    const malformedLiteral = errorOf(await hub.send('{ region(code: "5205") { name } }'));
    expect(malformedLiteral.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformedLiteral.message).toMatch(/invalid region code "5205".*12 digits/);
    const unknownLiteral = errorOf(await hub.send('{ region(code: "520524999999") { name } }'));
    expect(unknownLiteral.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'code' });
    const exited = await hub.execute(HouseholdsDocument, { filter: { status: 'EXITED' }, first: 100 });
    expect(exited.data!.households.totalCount).toBe(await db.prisma.household.count({ where: { status: 'EXITED' } }));
    expect(exited.data!.households.edges.every((edge) => edge.node.status === 'EXITED')).toBe(true);
  });

  it('fetches every object of a profile again by its opaque global ID', async () => {
    const householdNo = await householdPaidByEveryDepartment();
    const household = (await hub.execute(HouseholdProfileDocument, { householdNo })).data!.household!;
    const ids = [
      household.id,
      household.members[0].id,
      household.subsidies[0].id,
      household.documents[0].id,
      household.statusHistory[0].id,
      household.visits[0].id,
      household.cadres[0].id,
    ];
    const { data } = await hub.execute(NodesByIdsDocument, { ids });
    expect(data!.nodes.map((node) => node?.__typename)).toEqual(['Household', 'Member', 'Subsidy', 'ArchiveDocument', 'StatusChange', 'Visit', 'Cadre']);
    expect(data!.nodes.map((node) => node?.id)).toEqual(ids);

    const member = await hub.execute(NodeByIdDocument, { id: household.members[0].id });
    expect(member.data!.node).toMatchObject({ __typename: 'Member', idNumber: household.members[0].idNumber });
    const forged = errorOf(await hub.execute(NodesByIdsDocument, { ids: [household.id, 'Zm9yZ2Vk'] }));
    expect(forged.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids[1]' });
    const deleted = await hub.execute(NodeByIdDocument, { id: Buffer.from('Household:99999999').toString('base64url') });
    expect(deleted.data!.node).toBeNull();
  });

  it('lists the four departments and the disbursing bank, and the program catalogue with categories', async () => {
    const { data } = await hub.execute(CatalogueDocument, { department: 'AGRI' });
    expect(data!.departments.map((d) => d.code)).toEqual(['ARCHIVE', 'POVERTY', 'CIVIL', 'AGRI', 'BANK']);
    expect(data!.programs.length).toBeGreaterThan(3);
    expect(data!.programs.every((p) => p.department.code === 'AGRI')).toBe(true);
    expect(data!.programs.find((p) => p.code === 'AGR_BIOGAS')).toMatchObject({ oneTime: true, category: 'ENERGY', categoryDetail: { name: '能源（沼气）' } });
    const unknown = errorOf(await hub.execute(CatalogueDocument, { department: 'NOPE' }));
    expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'department' });
  });
});

describe('records as departments really keep them', () => {
  it('refuses to pick one household for an ID number on record in two, naming both', async () => {
    const [first, second] = await db.prisma.household.findMany({ orderBy: { id: 'asc' }, take: 2, include: { members: true } });
    const person = first.members[0];
    const copy = await db.prisma.member.create({
      data: { ...person, id: undefined, createdAt: undefined, updatedAt: undefined, householdId: second.id, relation: 'OTHER', sourceRecordId: 'copy-of-person' },
    });
    try {
      const error = errorOf(await hub.execute(HouseholdProfileDocument, { idNumber: person.idNumber }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'idNumber' });
      expect(error.message).toContain(`2 households (${first.householdNo}, ${second.householdNo})`);
    } finally {
      await db.prisma.member.delete({ where: { id: copy.id } });
    }
  });

  it('still shows a household whose member carries an ID number with a wrong check character', async () => {
    const member = await db.prisma.member.findFirstOrThrow({ orderBy: { id: 'asc' }, include: { household: true } });
    const wrong = member.idNumber.slice(0, 17) + (member.idNumber[17] === '0' ? '1' : '0');
    await db.prisma.member.update({ where: { id: member.id }, data: { idNumber: wrong } });
    try {
      const { data, errors } = await hub.execute(HouseholdProfileDocument, { householdNo: member.household.householdNo });
      expect(errors).toBeUndefined();
      const shown = data!.household!.members.find((m) => m.idNumber === wrong)!;
      expect([shown.sex, shown.birthDate]).toEqual([parseIdNumber(member.idNumber).sex, parseIdNumber(member.idNumber).birthDate]);
    } finally {
      await db.prisma.member.update({ where: { id: member.id }, data: { idNumber: member.idNumber } });
    }
  });

  it('answers unknown codes and impossible dates as bad input', async () => {
    const householdNo = (await db.prisma.household.findFirstOrThrow()).householdNo;
    const department = errorOf(await hub.send('query($no: String) { household(householdNo: $no) { subsidies(department: "NOPE") { amount } } }', { no: householdNo }));
    expect(department.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'department' });
    const category = errorOf(await hub.send('{ programs(category: "NOPE") { code } }'));
    expect(category.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'category' });
    const date = errorOf(await hub.send('query($no: String) { household(householdNo: $no) { statusOn(date: "2018-02-30") } }', { no: householdNo }));
    expect(date.extensions?.code).toBe('BAD_USER_INPUT');
    const forgedCursor = errorOf(await hub.send(`{ households(after: "${Buffer.from('cursor:3000000000').toString('base64url')}") { totalCount } }`));
    expect(forgedCursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it('lists departments with their programs in a bounded number of statements', async () => {
    const { result, count } = await db.statements.measure(() => hub.send('{ departments { code programs { code } } }'), KEY_LOOKUP);
    // Every department runs programs except the disbursing bank, which only pays them out.
    expect((result.data as { departments: { code: string; programs: unknown[] }[] }).departments.filter((d) => d.programs.length === 0).map((d) => d.code)).toEqual(['BANK']);
    expect(count).toBe(2);
  });
});

describe('the HTTP server', () => {
  it('masks unexpected failures and logs them', async () => {
    await db.prisma.$executeRawUnsafe('ALTER TABLE visit RENAME TO visit_moved');
    try {
      const response = await hub.send('{ households(first: 1) { nodes { visits { notes } } } }');
      const error = errorOf(response);
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response)).not.toMatch(/visit_moved|relation|prisma|stack/i);
      expect(String(logged.at(-1))).toMatch(/visit/);
    } finally {
      await db.prisma.$executeRawUnsafe('ALTER TABLE visit_moved RENAME TO visit');
    }
  });

  it('refuses queries nested deeper than the limit before running them', async () => {
    const deep = `{ household(householdNo: "x") { ${'subsidies { household { '.repeat(6)}householdNo${' } }'.repeat(6)} } }`;
    const { result, count } = await db.statements.measure(() => hub.send(deep), KEY_LOOKUP);
    expect(result.status).toBe(400);
    expect(errorOf(result).extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(count).toBe(0);
  });

  it('serves a GraphQL IDE that needs no internet, and a health check', async () => {
    const page = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('HouseholdProfile');
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:|<link[^>]+href=["']?https?:/i);
    const health = await fetch(hub.url.replace('/graphql', '/health'));
    expect(await health.json()).toEqual({ status: 'ok', database: db.kind });
  });
});
