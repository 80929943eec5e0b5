import { type ExecutionResult, graphql } from 'graphql';
import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { loadCounty } from '../../src/demo/load-county';
import { composeIdNumber } from '../../src/domain/id-number';
import { createContext } from '../../src/graphql/context';
import { hubSchema } from '../../src/graphql/schema';
import { toGlobalId } from '../../src/graphql/relay/global-id';
import { detectIdentityReviews } from '../../src/modules/identity/identity-detection';
import { createTownship } from '../support/regions';
import { createTestDatabase } from '../support/test-database';
import { testViewer } from '../support/viewers';

jest.setTimeout(300_000);

async function execute(db: HubDatabase, source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<Record<string, any>>> {
  return (await graphql({ schema: hubSchema(), source, variableValues, contextValue: createContext(db.prisma, testViewer()) })) as ExecutionResult<Record<string, any>>;
}

const REVIEW_FIELDS = `id kind status explanation explanationZh resolvedBy resolutionReason resolvedAt raisedAt
  region { code } households { householdNo } members { name idNumber }
  survivorHousehold { householdNo } survivorMember { idNumber }
  evidence { householdId householdNo memberId name idNumber birthDate relation departmentCode sourceRecordId regionCode }`;

const MERGE = `mutation ($input: MergeIdentityReviewInput!) {
  mergeIdentityReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { field code message messageZh } } }`;
const DISMISS = `mutation ($input: DismissIdentityReviewInput!) {
  dismissIdentityReview(input: $input) { review { ${REVIEW_FIELDS} } userErrors { field code message messageZh } } }`;
const LIST = `query ($filter: IdentityReviewFilter, $first: Int, $after: String) {
  identityReviews(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id kind status households { householdNo } } } }`;

const TOWNSHIP = '520524100000';
const V1 = '520524100201';
const V2 = '520524100202';


describe('identity review on hand-built records', () => {
  let db: HubDatabase;
  const department: Record<string, number> = {};
  const household: Record<string, { id: number; householdNo: string; sourceRecordId: string }> = {};
  const member: Record<string, { id: number; idNumber: string }> = {};
  let sequence = 100;

  const ids = {
    wangHao: composeIdNumber('520524', '1990-03-03', 31),
    zhangMing: composeIdNumber('520524', '1995-06-06', 17),
    zhangMing96: composeIdNumber('520524', '1996-06-06', 21),
    liXiulanA: composeIdNumber('520524', '1970-03-04', 42),
    liXiulanB: composeIdNumber('520524', '1970-03-04', 44),
    zhaoLiA: composeIdNumber('520524', '1992-02-02', 52),
    zhaoLiB: composeIdNumber('520524', '1992-02-02', 54),
  };

  type MemberSpec = [key: string, name: string, relation: 'HEAD' | 'SPOUSE' | 'CHILD' | 'CHILD_IN_LAW' | 'OTHER', idNumber: string, departmentCode?: string];

  async function addHousehold(key: string, householdNo: string, regionCode: string, members: MemberSpec[], mergedIntoId: number | null = null) {
    const row = await db.prisma.household.create({
      data: {
        householdNo,
        regionCode,
        povertyType: 'GENERAL',
        status: 'ASSISTED',
        departmentId: department.POVERTY,
        sourceRecordId: `FP-${householdNo}`,
        mergedIntoId,
      },
    });
    household[key] = row;
    for (const [memberKey, name, relation, idNumber, departmentCode] of members) {
      const created = await db.prisma.member.create({
        data: { householdId: row.id, idNumber, name, relation, departmentId: department[departmentCode ?? 'POVERTY'], sourceRecordId: `M-${sequence++}` },
      });
      member[memberKey] = created;
    }
    return row;
  }

  const born = (date: string) => composeIdNumber('520524', date, 501 + (sequence++ % 400) * 2);

  async function reviews() {
    return db.prisma.identityReview.findMany({ orderBy: { id: 'asc' } });
  }

  const reviewOf = async (kind: string, householdKey: string) => {
    const all = await reviews();
    return all.filter((review) => review.kind === kind && review.householdIds.includes(household[householdKey].id)).at(-1)!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const row of await db.prisma.department.findMany()) department[row.code] = row.id;
    await createTownship(db.prisma, { [V1]: '五星村', [V2]: '新华村' });
    await addHousehold('H1', '520524100001', V1, [
      ['wangDeming', '王德明', 'HEAD', born('1960-01-01')],
      ['liuXiuying', '刘秀英', 'SPOUSE', born('1962-02-02')],
      ['wangHao', '王浩', 'CHILD', ids.wangHao],
    ]);
    // The same person on record in another household, in another village, by another department.
    await addHousehold('H2', '520524100002', V2, [
      ['yangGuoqiang', '杨国强', 'HEAD', born('1958-04-04')],
      ['wangHaoCopy', '王浩', 'CHILD_IN_LAW', ids.wangHao, 'CIVIL'],
    ]);
    // Near misses: one ID number twice in the same household; the same name born a year apart.
    await addHousehold('H3', '520524100003', V1, [
      ['zhangJianhua', '张建华', 'HEAD', born('1970-05-05')],
      ['zhangMing', '张明', 'CHILD', ids.zhangMing],
      ['zhangMingTwice', '张明', 'CHILD', ids.zhangMing, 'CIVIL'],
      ['zhaoLiA', '赵丽', 'OTHER', ids.zhaoLiA],
    ]);
    await addHousehold('H4', '520524100004', V1, [
      ['liDegui', '李德贵', 'HEAD', born('1965-07-07')],
      ['zhangMing96', '张明', 'CHILD', ids.zhangMing96],
      ['liXiulanA', '李秀兰', 'SPOUSE', ids.liXiulanA],
    ]);
    // Same name and birth date in the same village under another ID number.
    await addHousehold('H5', '520524100005', V1, [
      ['chenGuofu5', '陈国富', 'HEAD', born('1955-08-08')],
      ['liXiulanB', '李秀兰', 'SPOUSE', ids.liXiulanB],
    ]);
    // Same head name in the same village; the namesake in the other village and the merged
    // household are near misses.
    await addHousehold('H6', '520524100006', V1, [['chenGuofu6', '陈国富', 'HEAD', born('1957-09-09')]]);
    await addHousehold('H7', '520524100007', V2, [
      ['chenGuofu7', '陈国富', 'HEAD', born('1950-10-10')],
      ['zhaoLiB', '赵丽', 'OTHER', ids.zhaoLiB],
    ]);
    await addHousehold('H8', '520524100008', V1, [['chenGuofu8', '陈国富', 'HEAD', born('1961-11-11')]], household.H1.id);
    // A non-head namesake is not a head.
    await addHousehold('H10', '520524100010', V1, [
      ['zhouQiang', '周强', 'HEAD', born('1963-12-12')],
      ['chenGuofuChild', '陈国富', 'CHILD', born('1985-01-15')],
    ]);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('raises only what the scope covers, and each kind once', async () => {
    const delivery = await db.prisma.delivery.create({ data: { departmentId: department.POVERTY, channel: 'GRAPHQL' } });
    expect(await detectIdentityReviews(db.prisma, { idNumbers: [ids.zhangMing], householdIds: [] }, delivery.id)).toEqual([]);
    const sameId = await detectIdentityReviews(db.prisma, { idNumbers: [ids.wangHao, ids.zhangMing], householdIds: [] }, delivery.id);
    expect(sameId).toHaveLength(1);
    expect(await detectIdentityReviews(db.prisma, { idNumbers: [], householdIds: [household.H7.id] }, null)).toEqual([]);
    const village = await detectIdentityReviews(db.prisma, { idNumbers: [], householdIds: [household.H4.id] }, null);
    expect(village).toHaveLength(2);
    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);

    const all = await reviews();
    expect(all.map((review) => review.id)).toEqual([...sameId, ...village]);
    expect(all.map((review) => [review.kind, review.regionCode, review.householdIds, review.memberIds])).toEqual([
      ['SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', V1, [household.H1.id, household.H2.id], [member.wangHao.id, member.wangHaoCopy.id]],
      ['SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', V1, [household.H4.id, household.H5.id], [member.liXiulanA.id, member.liXiulanB.id]],
      ['SAME_HEAD_NAME_IN_VILLAGE', V1, [household.H5.id, household.H6.id], [member.chenGuofu5.id, member.chenGuofu6.id]],
    ]);
    expect(all.map((review) => [review.status, review.raisedByDeliveryId])).toEqual([
      ['OPEN', delivery.id],
      ['OPEN', null],
      ['OPEN', null],
    ]);
    expect(all[0].evidence).toEqual([
      {
        householdId: household.H1.id,
        householdNo: '520524100001',
        memberId: member.wangHao.id,
        name: '王浩',
        idNumber: ids.wangHao,
        birthDate: '1990-03-03',
        relation: 'CHILD',
        departmentCode: 'POVERTY',
        sourceRecordId: expect.stringMatching(/^M-/),
        regionCode: V1,
      },
      expect.objectContaining({ householdNo: '520524100002', memberId: member.wangHaoCopy.id, relation: 'CHILD_IN_LAW', departmentCode: 'CIVIL', regionCode: V2 }),
    ]);
  });

  it('raises nothing new when run again', async () => {
    const before = await db.prisma.identityReview.count();
    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);
    expect(await detectIdentityReviews(db.prisma, { idNumbers: Object.values(ids), householdIds: Object.values(household).map((h) => h.id) }, null)).toEqual([]);
    expect(await db.prisma.identityReview.count()).toBe(before);
  });

  it('lists reviews by status, kind, region and household, in pages, and explains them in both languages', async () => {
    const open = await execute(db, LIST, { filter: { status: 'OPEN', regionCode: TOWNSHIP }, first: 2 });
    expect(open.errors).toBeUndefined();
    expect(open.data!.identityReviews).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = await execute(db, LIST, { filter: { status: 'OPEN', regionCode: TOWNSHIP }, first: 2, after: open.data!.identityReviews.pageInfo.endCursor });
    expect(rest.data!.identityReviews.nodes.map((node: { kind: string }) => node.kind)).toEqual(['SAME_HEAD_NAME_IN_VILLAGE']);

    const byHousehold = await execute(db, LIST, { filter: { householdId: toGlobalId('Household', household.H2.id) } });
    expect(byHousehold.data!.identityReviews.nodes).toEqual([
      expect.objectContaining({ kind: 'SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', households: [{ householdNo: '520524100001' }, { householdNo: '520524100002' }] }),
    ]);
    const byKind = await execute(db, LIST, { filter: { kind: 'SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE' } });
    expect(byKind.data!.identityReviews.totalCount).toBe(1);
    const otherVillage = await execute(db, LIST, { filter: { regionCode: V2 } });
    expect(otherVillage.data!.identityReviews.totalCount).toBe(0);
    const unknownRegion = await execute(db, LIST, { filter: { regionCode: '520524999000' } });
    expect(unknownRegion.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.regionCode' });

    const profile = await execute(db, `query ($no: String) { household(householdNo: $no) { identityReviews { kind explanation explanationZh evidence { name birthDate } } } }`, {
      no: '520524100005',
    });
    expect(profile.errors).toBeUndefined();
    const [headName, nameAndBirth] = profile.data!.household.identityReviews;
    expect([headName.kind, nameAndBirth.kind]).toEqual(['SAME_HEAD_NAME_IN_VILLAGE', 'SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE']);
    expect(headName.explanation).toBe(`The heads of households 520524100005 and 520524100006 in village ${V1} have the same name, 陈国富`);
    expect(headName.explanationZh).toBe(`村 ${V1} 的 520524100005、520524100006 两户户主同名（陈国富）`);
    expect(nameAndBirth.evidence).toEqual([
      { name: '李秀兰', birthDate: '1970-03-04' },
      { name: '李秀兰', birthDate: '1970-03-04' },
    ]);
    const sameId = await reviewOf('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', 'H1');
    const node = await execute(db, `query { identityReviews(filter: { kind: SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS }) { nodes { ${REVIEW_FIELDS} } } }`);
    expect(node.data!.identityReviews.nodes[0]).toMatchObject({
      id: toGlobalId('IdentityReview', sameId.id),
      explanation: `ID number ${ids.wangHao} is on record in households 520524100001 and 520524100002`,
      explanationZh: `身份证号 ${ids.wangHao} 同时登记在 520524100001、520524100002 两户`,
      region: { code: V1 },
      members: [{ name: '王浩', idNumber: ids.wangHao }, { name: '王浩', idNumber: ids.wangHao }],
      evidence: [
        expect.objectContaining({ householdId: toGlobalId('Household', household.H1.id), memberId: toGlobalId('Member', member.wangHao.id), departmentCode: 'POVERTY' }),
        expect.objectContaining({ householdNo: '520524100002', departmentCode: 'CIVIL', regionCode: V2 }),
      ],
      survivorHousehold: null,
      resolvedAt: null,
    });
  });

  it('keeps a dismissed review dismissed, and raises a new one when another household joins the group', async () => {
    const headName = await reviewOf('SAME_HEAD_NAME_IN_VILLAGE', 'H5');
    const dismissed = await execute(db, DISMISS, {
      input: { reviewId: toGlobalId('IdentityReview', headName.id), reason: '两户户主同名不同人，身份证号不同', resolvedBy: '城关镇扶贫站 李四' },
    });
    expect(dismissed.errors).toBeUndefined();
    expect(dismissed.data!.dismissIdentityReview).toMatchObject({
      userErrors: [],
      review: { status: 'DISMISSED', resolvedBy: '城关镇扶贫站 李四', resolutionReason: '两户户主同名不同人，身份证号不同' },
    });
    expect(dismissed.data!.dismissIdentityReview.review.resolvedAt).not.toBeNull();

    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);
    expect((await db.prisma.identityReview.findUniqueOrThrow({ where: { id: headName.id } })).status).toBe('DISMISSED');

    await addHousehold('H9', '520524100009', V1, [['chenGuofu9', '陈国富', 'HEAD', born('1966-03-21')]]);
    const raised = await detectIdentityReviews(db.prisma, { idNumbers: [], householdIds: [household.H9.id] }, null);
    expect(raised).toHaveLength(1);
    const joined = await db.prisma.identityReview.findUniqueOrThrow({ where: { id: raised[0] } });
    expect(joined).toMatchObject({ kind: 'SAME_HEAD_NAME_IN_VILLAGE', status: 'OPEN', householdIds: [household.H5.id, household.H6.id, household.H9.id] });
  });

  it('refuses wrong resolutions as userErrors with stable codes, changing nothing', async () => {
    const sameId = await reviewOf('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', 'H1');
    const nameAndBirth = await reviewOf('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', 'H4');
    const dismissedHeads = (await reviews()).find((review) => review.status === 'DISMISSED')!;
    const openHeads = await reviewOf('SAME_HEAD_NAME_IN_VILLAGE', 'H9');
    const review = (id: number) => toGlobalId('IdentityReview', id);
    const merge = (reviewId: string, survivorId: string) => execute(db, MERGE, { input: { reviewId, survivorId, reason: '同一人', resolvedBy: '张三' } });
    const refusal = async (response: Promise<ExecutionResult<Record<string, any>>>) => {
      const { data, errors } = await response;
      expect(errors).toBeUndefined();
      const result = data!.mergeIdentityReview ?? data!.dismissIdentityReview;
      expect(result.review).toBeNull();
      expect(result.userErrors).toHaveLength(1);
      expect(result.userErrors[0].messageZh).toBeTruthy();
      return result.userErrors[0];
    };

    expect(await refusal(merge(review(999_999), toGlobalId('Household', household.H1.id)))).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'reviewId'],
      message: expect.stringContaining('999999'),
    });
    expect(await refusal(merge(toGlobalId('Household', household.H1.id), toGlobalId('Household', household.H1.id)))).toMatchObject({ code: 'INVALID_ID', field: ['input', 'reviewId'] });
    expect(await refusal(merge(review(sameId.id), 'bm9wZQ'))).toMatchObject({ code: 'INVALID_ID', field: ['input', 'survivorId'] });
    expect(await refusal(merge(review(sameId.id), toGlobalId('Region', V1)))).toMatchObject({ code: 'INVALID_ID', field: ['input', 'survivorId'] });
    expect(await refusal(merge(review(dismissedHeads.id), toGlobalId('Household', household.H5.id)))).toMatchObject({
      code: 'NOT_OPEN',
      field: ['input', 'reviewId'],
      message: expect.stringMatching(new RegExp(`identity review ${dismissedHeads.id} is DISMISSED`)),
    });
    expect(await refusal(merge(review(sameId.id), toGlobalId('Household', household.H3.id)))).toMatchObject({
      code: 'SURVIVOR_NOT_IN_REVIEW',
      field: ['input', 'survivorId'],
      message: expect.stringContaining(`Household ${household.H3.id} is not one of the households of identity review ${sameId.id}`),
    });
    expect(await refusal(merge(review(sameId.id), toGlobalId('Member', member.liXiulanA.id)))).toMatchObject({ code: 'SURVIVOR_NOT_IN_REVIEW' });
    expect(await refusal(merge(review(nameAndBirth.id), toGlobalId('Household', household.H4.id)))).toMatchObject({ code: 'MERGE_NOT_ALLOWED', field: ['input', 'survivorId'] });
    expect(await refusal(merge(review(openHeads.id), toGlobalId('Member', member.chenGuofu5.id)))).toMatchObject({ code: 'MERGE_NOT_ALLOWED' });
    expect(
      await refusal(execute(db, DISMISS, { input: { reviewId: review(openHeads.id), reason: '  ', resolvedBy: '张三' } })),
    ).toMatchObject({ code: 'REASON_REQUIRED', field: ['input', 'reason'], message: expect.stringContaining(`identity review ${openHeads.id}`) });
    expect(
      await refusal(execute(db, MERGE, { input: { reviewId: review(sameId.id), survivorId: toGlobalId('Household', household.H1.id), reason: 'x', resolvedBy: '' } })),
    ).toMatchObject({ code: 'RESOLVED_BY_REQUIRED', field: ['input', 'resolvedBy'] });

    const after = await reviews();
    expect(after.filter((row) => row.status !== 'OPEN').map((row) => row.id)).toEqual([dismissedHeads.id]);
    expect(await db.prisma.household.count({ where: { mergedIntoId: { not: null } } })).toBe(1);
  });

  it('merges households: every row moves to the survivor, the same person becomes one, and history is kept', async () => {
    const { H1, H2 } = household;
    const program = await db.prisma.program.findFirstOrThrow({ where: { department: { code: 'CIVIL' } } });
    const cadre = await db.prisma.cadre.create({ data: { name: '吴帮扶', organisation: '织金县民政局', departmentId: department.CIVIL, sourceRecordId: 'GB-1' } });
    const common = { departmentId: department.CIVIL, programId: program.id, amount: '1200.00', startDate: new Date('2020-01-01'), endDate: new Date('2020-12-31'), year: 2020, state: 'PAID' as const };
    const personal = await db.prisma.subsidy.create({ data: { ...common, householdId: H2.id, memberId: member.wangHaoCopy.id, sourceRecordId: 'MZ-S1' } });
    const family = await db.prisma.subsidy.create({ data: { ...common, householdId: H2.id, sourceRecordId: 'MZ-S2' } });
    const documentType = await db.prisma.archiveDocumentType.findFirstOrThrow({ orderBy: { code: 'asc' } });
    const document = await db.prisma.archiveDocument.create({
      data: { householdId: H2.id, typeCode: documentType.code, archiveCategory: documentType.archiveCategory, title: '贫困户调查登记表', departmentId: department.ARCHIVE, sourceRecordId: 'DA-1' },
    });
    const pairing = await db.prisma.pairing.create({ data: { cadreId: cadre.id, householdId: H2.id, startDate: new Date('2019-01-01'), departmentId: department.CIVIL, sourceRecordId: 'P-1' } });
    const visit = await db.prisma.visit.create({ data: { cadreId: cadre.id, householdId: H2.id, visitedOn: new Date('2019-05-01'), departmentId: department.CIVIL, sourceRecordId: 'V-1' } });
    const change = await db.prisma.householdStatusChange.create({
      data: { householdId: H2.id, toStatus: 'IDENTIFIED', effectiveOn: new Date('2016-01-01'), actor: '城关镇人民政府', departmentId: department.POVERTY, sourceRecordId: 'SC-1' },
    });
    const card = await db.prisma.bankCard.create({
      data: { householdId: H2.id, holderMemberId: member.wangHaoCopy.id, bankName: '织金农商银行', cardNo: '6217003360724349703', departmentId: department.CIVIL, sourceRecordId: 'CARD-1' },
    });
    const payment = await db.prisma.bankPayment.create({
      data: { departmentId: department.CIVIL, cardNo: '6217003360724349703', holderName: '王浩', amount: '1200.00', paidOn: new Date('2020-03-10'), householdId: H2.id, sourceRecordId: 'BK-1' },
    });
    const householdReport = await db.prisma.departmentReport.create({
      data: { departmentId: department.CIVIL, recordType: 'HOUSEHOLD', sourceRecordId: 'MZ-H2', subjectId: H2.id, values: { familySize: 2 } },
    });
    const memberReport = await db.prisma.departmentReport.create({
      data: { departmentId: department.CIVIL, recordType: 'MEMBER', sourceRecordId: 'MZ-M2', subjectId: member.wangHaoCopy.id, values: { name: '王浩' } },
    });
    await db.prisma.recordRevision.create({
      data: { departmentId: department.POVERTY, recordType: 'HOUSEHOLD', sourceRecordId: H2.sourceRecordId, subjectId: H2.id, version: 2, changes: [{ field: 'status', from: 'IDENTIFIED', to: 'ASSISTED' }] },
    });

    const review = await reviewOf('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', 'H1');
    const { data, errors } = await execute(db, MERGE, {
      input: { reviewId: toGlobalId('IdentityReview', review.id), survivorId: toGlobalId('Household', H1.id), reason: '同一户重复建档', resolvedBy: '县扶贫办 王五' },
    });
    expect(errors).toBeUndefined();
    expect(data!.mergeIdentityReview.userErrors).toEqual([]);
    expect(data!.mergeIdentityReview.review).toMatchObject({
      status: 'MERGED',
      resolvedBy: '县扶贫办 王五',
      resolutionReason: '同一户重复建档',
      survivorHousehold: { householdNo: H1.householdNo },
      survivorMember: null,
    });

    expect((await db.prisma.household.findUniqueOrThrow({ where: { id: H2.id } })).mergedIntoId).toBe(H1.id);
    expect(await db.prisma.member.count({ where: { householdId: H2.id } })).toBe(0);
    const moved = await db.prisma.member.findMany({ where: { id: { in: [member.yangGuoqiang.id, member.wangHaoCopy.id] } }, orderBy: { id: 'asc' } });
    expect(moved.map((row) => [row.householdId, row.mergedIntoId])).toEqual([
      [H1.id, null],
      [H1.id, member.wangHao.id],
    ]);
    expect(await db.prisma.subsidy.findUniqueOrThrow({ where: { id: personal.id } })).toMatchObject({ householdId: H1.id, memberId: member.wangHao.id });
    expect(await db.prisma.subsidy.findUniqueOrThrow({ where: { id: family.id } })).toMatchObject({ householdId: H1.id, memberId: null });
    for (const row of [
      await db.prisma.archiveDocument.findUniqueOrThrow({ where: { id: document.id } }),
      await db.prisma.pairing.findUniqueOrThrow({ where: { id: pairing.id } }),
      await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } }),
      await db.prisma.householdStatusChange.findUniqueOrThrow({ where: { id: change.id } }),
      await db.prisma.bankCard.findUniqueOrThrow({ where: { id: card.id } }),
      await db.prisma.bankPayment.findUniqueOrThrow({ where: { id: payment.id } }),
    ]) {
      expect(row.householdId).toBe(H1.id);
    }
    expect((await db.prisma.departmentReport.findUniqueOrThrow({ where: { id: householdReport.id } })).subjectId).toBe(H1.id);
    expect((await db.prisma.departmentReport.findUniqueOrThrow({ where: { id: memberReport.id } })).subjectId).toBe(member.wangHao.id);

    const revisions = await db.prisma.recordRevision.findMany({ where: { deliveryId: null, changes: { array_contains: [{ field: 'mergedInto' }] } }, orderBy: { id: 'asc' } });
    expect(revisions.map((row) => [row.recordType, row.departmentId, row.sourceRecordId, row.subjectId, row.version, row.changes])).toEqual([
      ['MEMBER', department.CIVIL, expect.stringMatching(/^M-/), member.wangHaoCopy.id, 1, [{ field: 'mergedInto', from: null, to: `${ids.wangHao}@${H1.householdNo}` }]],
      ['HOUSEHOLD', department.POVERTY, H2.sourceRecordId, H2.id, 3, [{ field: 'mergedInto', from: null, to: H1.householdNo }]],
    ]);

    // The profile and the look-ups see one household with one copy of the person.
    const profile = await execute(db, `query ($no: String, $id: String) {
      byNumber: household(householdNo: $no) { householdNo members { idNumber } }
      byId: household(idNumber: $id) { householdNo }
      households(first: 100) { nodes { householdNo } } }`, { no: H2.householdNo, id: ids.wangHao });
    expect(profile.errors).toBeUndefined();
    expect(profile.data!.byNumber.householdNo).toBe(H1.householdNo);
    expect(profile.data!.byNumber.members.filter((m: { idNumber: string }) => m.idNumber === ids.wangHao)).toHaveLength(1);
    expect(profile.data!.byId.householdNo).toBe(H1.householdNo);
    expect(profile.data!.households.nodes.map((h: { householdNo: string }) => h.householdNo)).not.toContain(H2.householdNo);

    // The merged household and the absorbed copy no longer count as duplicates.
    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);
    const again = await execute(db, MERGE, {
      input: { reviewId: toGlobalId('IdentityReview', review.id), survivorId: toGlobalId('Household', H1.id), reason: '再次', resolvedBy: '王五' },
    });
    expect(again.data!.mergeIdentityReview.userErrors[0].code).toBe('NOT_OPEN');
  });

  it('merges members: the absorbed person points at the survivor, whose household its subsidies follow', async () => {
    const program = await db.prisma.program.findFirstOrThrow({ where: { department: { code: 'CIVIL' } } });
    const subsidy = await db.prisma.subsidy.create({
      data: {
        departmentId: department.CIVIL,
        programId: program.id,
        householdId: household.H5.id,
        memberId: member.liXiulanB.id,
        amount: '300.00',
        startDate: new Date('2021-01-01'),
        endDate: new Date('2021-12-31'),
        year: 2021,
        state: 'PAID',
        sourceRecordId: 'MZ-S3',
      },
    });
    const report = await db.prisma.departmentReport.create({
      data: { departmentId: department.POVERTY, recordType: 'MEMBER', sourceRecordId: 'FP-M5', subjectId: member.liXiulanB.id, values: { name: '李秀兰' } },
    });
    const review = await reviewOf('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', 'H4');
    const { data, errors } = await execute(db, MERGE, {
      input: { reviewId: toGlobalId('IdentityReview', review.id), survivorId: toGlobalId('Member', member.liXiulanA.id), reason: '身份证号录入错误', resolvedBy: '村委会 赵六' },
    });
    expect(errors).toBeUndefined();
    expect(data!.mergeIdentityReview).toMatchObject({ userErrors: [], review: { status: 'MERGED', survivorMember: { idNumber: ids.liXiulanA }, survivorHousehold: null } });

    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: member.liXiulanB.id } })).toMatchObject({ mergedIntoId: member.liXiulanA.id, householdId: household.H5.id });
    expect(await db.prisma.subsidy.findUniqueOrThrow({ where: { id: subsidy.id } })).toMatchObject({ memberId: member.liXiulanA.id, householdId: household.H4.id });
    expect((await db.prisma.departmentReport.findUniqueOrThrow({ where: { id: report.id } })).subjectId).toBe(member.liXiulanA.id);
    const revision = await db.prisma.recordRevision.findFirstOrThrow({ where: { recordType: 'MEMBER', subjectId: member.liXiulanB.id } });
    expect(revision).toMatchObject({ version: 1, deliveryId: null, departmentId: department.POVERTY, changes: [{ field: 'mergedInto', from: null, to: `${ids.liXiulanA}@520524100004` }] });
    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);
  });
});

describe('identity review on the generated demo county', () => {
  let db: HubDatabase;
  const county = generateCounty({ seed: 2016, households: 2000 });

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCounty(db.prisma, county);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Planted pairs as sorted household-number pairs; each pair is planted once per household. */
  function plantedPairs(kind: string, detail: RegExp = /./): string[] {
    const pairs = county.planted
      .filter((problem) => problem.kind === kind && detail.test(problem.detail))
      .map((problem) => [...new Set([problem.householdNo, ...(problem.detail.match(/\b\d{12}\b/g) ?? [])])].sort().join(' '));
    return [...new Set(pairs)].sort();
  }

  it('raises exactly one review per planted duplicate pair and nothing else', async () => {
    const raised = await detectIdentityReviews(db.prisma, 'ALL', null);
    const rows = await db.prisma.identityReview.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.id)).toEqual(raised);
    const numbers = new Map((await db.prisma.household.findMany({ select: { id: true, householdNo: true } })).map((row) => [row.id, row.householdNo]));
    const found = (kind: string) =>
      rows
        .filter((row) => row.kind === kind)
        .map((row) => row.householdIds.map((id) => numbers.get(id)!).sort().join(' '))
        .sort();

    expect(plantedPairs('DUPLICATE_PERSON', / is a member of /).length).toBeGreaterThan(0);
    expect(plantedPairs('DUPLICATE_PERSON', / under different ID numbers/).length).toBeGreaterThan(0);
    if (process.env.SHOW_REVIEWS) console.log(rows.map((row) => `${row.kind} ${row.householdIds.map((id) => numbers.get(id)).join(' ')}`).join('\n'));
    expect(found('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS')).toEqual(plantedPairs('DUPLICATE_PERSON', / is a member of /));
    expect(found('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE')).toEqual(plantedPairs('DUPLICATE_PERSON', / under different ID numbers/));
    expect(found('SAME_HEAD_NAME_IN_VILLAGE')).toEqual(plantedPairs('DUPLICATE_HEAD_NAME'));
    const planted = county.planted.filter((problem) => problem.kind === 'DUPLICATE_PERSON' || problem.kind === 'DUPLICATE_HEAD_NAME').length;
    expect(rows).toHaveLength(planted / 2);

    expect(await detectIdentityReviews(db.prisma, 'ALL', null)).toEqual([]);
  });
});
