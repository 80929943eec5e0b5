import type { HubDatabase } from '../../src/db/database';
import { toGlobalId } from '../../src/graphql/relay/global-id';
import {
  ChangeHouseholdStatusDocument,
  DeliverExitDocumentsDocument,
  HouseholdsByStatusOverTimeDocument,
  HouseholdStatusAtDocument,
  type ChangeHouseholdStatusInput,
  type ChangeHouseholdStatusMutation,
  type HouseholdFilter,
  type HouseholdsByStatusOverTimeQuery,
} from '../generated/graphql';
import { KEY_LOOKUP, startTestHub, type GraphQLResponse, type HubClient, type TestHub } from '../support/hub-client';
import { createOtherTownship, createTownship } from '../support/regions';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

const TOWNSHIP = '520524100000';
const V1 = '520524100201';
const V2 = '520524100202';
const V3 = '520524200201';
const GUARANTEES = { food: true, clothing: true, education: true, medicalCare: true, housing: true };

interface HouseholdSpec {
  householdNo: string;
  regionCode: string;
  status: 'IDENTIFIED' | 'ASSISTED';
  identifiedOn: string | null;
  exitDeadline: string | null;
  /** Delivered history: [status, effective date]. */
  history: Array<[string, string]>;
}

/** Entry and exit years and deadlines chosen so that each filter selects a different set. */
const HOUSEHOLDS: Record<string, HouseholdSpec> = {
  exiting: { householdNo: '520524100001', regionCode: V1, status: 'ASSISTED', identifiedOn: '2016-03-01', exitDeadline: '2020-12-31', history: [['IDENTIFIED', '2016-03-01'], ['ASSISTED', '2017-01-01']] },
  identified: { householdNo: '520524100002', regionCode: V1, status: 'IDENTIFIED', identifiedOn: '2017-05-01', exitDeadline: '2019-12-31', history: [['IDENTIFIED', '2017-05-01']] },
  noHistory: { householdNo: '520524100003', regionCode: V2, status: 'ASSISTED', identifiedOn: '2016-08-01', exitDeadline: null, history: [] },
  contested: { householdNo: '520524100004', regionCode: V2, status: 'ASSISTED', identifiedOn: '2015-02-01', exitDeadline: '2018-12-31', history: [['IDENTIFIED', '2015-02-01'], ['ASSISTED', '2015-06-01']] },
  // Its identification date says 2016, its first identification on record 2015: it entered in 2015.
  recorded2015: { householdNo: '520524100006', regionCode: V1, status: 'ASSISTED', identifiedOn: '2016-01-10', exitDeadline: '2030-12-31', history: [['IDENTIFIED', '2015-12-20'], ['ASSISTED', '2016-02-01']] },
  elsewhere: { householdNo: '520524200005', regionCode: V3, status: 'ASSISTED', identifiedOn: '2016-03-01', exitDeadline: '2019-12-31', history: [['IDENTIFIED', '2016-03-01'], ['ASSISTED', '2016-06-01']] },
};

type Payload = ChangeHouseholdStatusMutation['changeHouseholdStatus'];

describe('household status over time (状态变更)', () => {
  let db: HubDatabase;
  let hub: TestHub;
  let official: HubClient;
  let maskedOfficial: HubClient;
  const ids: Record<string, number> = {};
  const OFFICIAL_NAME = '城关镇 王干部';

  async function change(input: ChangeHouseholdStatusInput, client: HubClient = official): Promise<Payload> {
    const response = await client.execute(ChangeHouseholdStatusDocument, { input });
    expect(response.errors).toBeUndefined();
    return response.data!.changeHouseholdStatus;
  }

  async function written() {
    return { changes: await db.prisma.householdStatusChange.count(), audit: await db.prisma.auditEntry.count({ where: { action: 'CHANGE_HOUSEHOLD_STATUS' } }) };
  }

  async function listed(filter: HouseholdFilter): Promise<string[]> {
    const numbers: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<HouseholdsByStatusOverTimeQuery> = await official.execute(HouseholdsByStatusOverTimeDocument, { filter: { regionCode: TOWNSHIP, ...filter }, first: 1, after });
      expect(response.errors).toBeUndefined();
      const page: HouseholdsByStatusOverTimeQuery['households'] = response.data!.households;
      numbers.push(...page.nodes.map((node) => node.householdNo));
      expect(page.totalCount).toBeGreaterThanOrEqual(numbers.length);
      if (!page.pageInfo.hasNextPage) {
        expect(page.totalCount).toBe(numbers.length);
        return numbers.sort();
      }
      after = page.pageInfo.endCursor ?? null;
    }
  }

  const householdId = (key: string) => toGlobalId('Household', ids[key]);

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTownship(db.prisma, { [V1]: '五星村', [V2]: '新华村' });
    await createOtherTownship(db.prisma);
    const poverty = await db.prisma.department.findUniqueOrThrow({ where: { code: 'POVERTY' } });
    for (const [key, spec] of Object.entries(HOUSEHOLDS)) {
      const household = await db.prisma.household.create({
        data: {
          householdNo: spec.householdNo,
          regionCode: spec.regionCode,
          povertyType: 'GENERAL',
          status: spec.status,
          identifiedOn: spec.identifiedOn ? new Date(`${spec.identifiedOn}T00:00:00Z`) : null,
          exitDeadline: spec.exitDeadline ? new Date(`${spec.exitDeadline}T00:00:00Z`) : null,
          departmentId: poverty.id,
          sourceRecordId: `FP-${spec.householdNo}`,
        },
      });
      ids[key] = household.id;
      let from: string | null = null;
      for (const [status, on] of spec.history) {
        await db.prisma.householdStatusChange.create({
          data: {
            householdId: household.id,
            fromStatus: from as never,
            toStatus: status as never,
            effectiveOn: new Date(`${on}T00:00:00Z`),
            actor: '织金县扶贫办',
            departmentId: poverty.id,
            sourceRecordId: `SC-${spec.householdNo}-${status}`,
          },
        });
        from = status;
      }
    }
    hub = await startTestHub(db);
    official = hub.as(await hub.createKey({ name: OFFICIAL_NAME, role: 'OFFICIAL', regionCode: TOWNSHIP, personalData: ['INCOME'] }));
    maskedOfficial = hub.as(await hub.createKey({ name: '城关镇 李干部', role: 'OFFICIAL', regionCode: TOWNSHIP }));
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  it('refuses an exit without evidence, listing every missing item, and writes nothing', async () => {
    const before = await written();
    const payload = await change({ householdId: householdId('exiting'), toStatus: 'EXITED', effectiveOn: '2020-06-30', actor: '城关镇人民政府' });
    expect(payload.household).toBeNull();
    expect(payload.statusChange).toBeNull();
    expect(payload.userErrors.map((error) => [error.field.join('.'), error.code])).toEqual([
      ['input.evidenceDocumentIds', 'EXIT_ASSESSMENT_MISSING'],
      ['input.evidenceDocumentIds', 'INCOME_EVIDENCE_MISSING'],
      ['input.guarantees.food', 'GUARANTEE_NOT_CONFIRMED'],
      ['input.guarantees.clothing', 'GUARANTEE_NOT_CONFIRMED'],
      ['input.guarantees.education', 'GUARANTEE_NOT_CONFIRMED'],
      ['input.guarantees.medicalCare', 'GUARANTEE_NOT_CONFIRMED'],
      ['input.guarantees.housing', 'GUARANTEE_NOT_CONFIRMED'],
    ]);
    for (const error of payload.userErrors) expect(error.messageZh).toBeTruthy();
    expect(await written()).toEqual(before);
    expect((await db.prisma.household.findUniqueOrThrow({ where: { id: ids.exiting } })).status).toBe('ASSISTED');
  });

  it('refuses a forbidden move and a removal without a reason', async () => {
    const before = await written();
    const forbidden = await change({ householdId: householdId('identified'), toStatus: 'EXITED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', guarantees: GUARANTEES });
    expect(forbidden.userErrors[0]).toMatchObject({ field: ['input', 'toStatus'], code: 'TRANSITION_NOT_ALLOWED' });
    expect(forbidden.userErrors[0].message).toMatch(/a IDENTIFIED household cannot become EXITED: from IDENTIFIED it can only become ASSISTED or REMOVED/);
    const removal = await change({ householdId: householdId('identified'), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', reason: '  ' });
    expect(removal.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REASON_REQUIRED' })]);
    const early = await change({ householdId: householdId('identified'), toStatus: 'ASSISTED', effectiveOn: '2017-04-30', actor: '城关镇人民政府' });
    expect(early.userErrors).toEqual([expect.objectContaining({ field: ['input', 'effectiveOn'], code: 'EFFECTIVE_DATE_BEFORE_LAST_CHANGE' })]);
    expect(await written()).toEqual(before);
  });

  it('refuses a household outside the key’s region like a look-up, and writes nothing', async () => {
    const before = await written();
    const response = await official.execute(ChangeHouseholdStatusDocument, {
      input: { householdId: householdId('elsewhere'), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', reason: '识别不精准' },
    });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const missing = await official.execute(ChangeHouseholdStatusDocument, {
      input: { householdId: toGlobalId('Household', 999_999), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', reason: '识别不精准' },
    });
    expect(missing.errors?.map((error) => error.message)).toEqual(response.errors?.map((error) => error.message));
    expect(await written()).toEqual(before);
    expect((await db.prisma.household.findUniqueOrThrow({ where: { id: ids.elsewhere } })).status).toBe('ASSISTED');
  });

  it('accepts an exit resting on a P11 and a P04 delivered by the archive bureau, with an audit entry', async () => {
    const archive = await hub.asDepartment('ARCHIVE');
    const delivered = await archive.execute(DeliverExitDocumentsDocument, {
      input: {
        department: 'ARCHIVE',
        sourceSystem: '档案管理系统',
        documents: [
          { sourceRecordId: 'EXIT-P11', householdNo: HOUSEHOLDS.exiting.householdNo, typeCode: 'P11', documentDate: '2020-06-20', uniformCode: 'FP·2016·520524100001·11' },
          // Dated after the exit: never counts, however high.
          { sourceRecordId: 'LATE-P04', householdNo: HOUSEHOLDS.exiting.householdNo, typeCode: 'P04', documentDate: '2020-07-01', perCapitaIncome: '9999.00' },
          // Exactly at the 2020 line: not above it.
          { sourceRecordId: 'EXIT-P04', householdNo: HOUSEHOLDS.exiting.householdNo, typeCode: 'P04', documentDate: '2020-05-10', perCapitaIncome: '4000.00', uniformCode: 'FP·2016·520524100001·04' },
        ],
      },
    });
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.ingest).toMatchObject({ accepted: 3, rejected: [] });

    const atTheLine = await change({ householdId: householdId('exiting'), toStatus: 'EXITED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', guarantees: GUARANTEES });
    expect(atTheLine.userErrors.map((error) => error.code)).toEqual(['INCOME_NOT_ABOVE_POVERTY_LINE']);

    const corrected = await archive.execute(DeliverExitDocumentsDocument, {
      input: {
        department: 'ARCHIVE',
        documents: [{ sourceRecordId: 'EXIT-P04', householdNo: HOUSEHOLDS.exiting.householdNo, typeCode: 'P04', documentDate: '2020-05-10', perCapitaIncome: '5200.00', uniformCode: 'FP·2016·520524100001·04' }],
      },
    });
    expect(corrected.data!.ingest).toMatchObject({ accepted: 1, rejected: [] });

    const before = await written();
    const payload = await change({
      householdId: householdId('exiting'),
      toStatus: 'EXITED',
      effectiveOn: '2020-06-30',
      actor: '城关镇人民政府',
      guarantees: GUARANTEES,
      fromStatus: 'ASSISTED',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.household).toMatchObject({ householdNo: HOUSEHOLDS.exiting.householdNo, status: 'EXITED' });
    const p11 = await db.prisma.archiveDocument.findFirstOrThrow({ where: { sourceRecordId: 'EXIT-P11' } });
    const p04 = await db.prisma.archiveDocument.findFirstOrThrow({ where: { sourceRecordId: 'EXIT-P04' } });
    expect(payload.statusChange).toMatchObject({
      fromStatus: 'ASSISTED',
      toStatus: 'EXITED',
      effectiveOn: '2020-06-30',
      actor: '城关镇人民政府',
      recordedBy: OFFICIAL_NAME,
      evidenceDetail: {
        documents: [],
        exitAssessment: { documentId: toGlobalId('ArchiveDocument', p11.id), typeCode: 'P11', documentDate: '2020-06-20' },
        incomeDocument: { documentId: toGlobalId('ArchiveDocument', p04.id), typeCode: 'P04', documentDate: '2020-05-10' },
        perCapitaIncome: '5200.00',
        povertyLineYear: 2020,
        povertyLine: '4000.00',
        windowFrom: '2019-06-30',
        guarantees: GUARANTEES,
      },
    });
    expect(payload.statusChange!.reason).toMatch(/2020 年贫困线 4000.00 元/);
    expect(payload.statusChange!.evidence).toMatch(/FP·2016·520524100001·11/);

    const stored = await db.prisma.householdStatusChange.findFirstOrThrow({ where: { householdId: ids.exiting, toStatus: 'EXITED' }, include: { department: true } });
    expect(stored).toMatchObject({ sourceSystem: 'hub', recordedBy: OFFICIAL_NAME, department: { code: 'POVERTY' } });
    expect(stored.sourceRecordId).toMatch(/^hub-status-[0-9a-f-]{36}$/);
    expect(await written()).toEqual({ changes: before.changes + 1, audit: before.audit + 1 });
    const audit = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'CHANGE_HOUSEHOLD_STATUS' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actor: OFFICIAL_NAME, householdId: ids.exiting, fields: ['Household.status', 'Household.statusHistory'] });
    expect(audit.detail).toEqual({ statusChangeId: stored.id, from: 'ASSISTED', to: 'EXITED', effectiveOn: '2020-06-30' });
    // The archive is re-assessed against what an exited household must hold (P12 检查验收表 among them).
    const assessment = await db.prisma.archiveAssessment.findUniqueOrThrow({ where: { householdId: ids.exiting } });
    expect(assessment.missingCodes).toEqual(expect.arrayContaining(['P12']));
    expect(assessment.missingCodes).not.toContain('P11');
  });

  it('answers the status in force at the end of a date, before and after the exit', async () => {
    const at = async (date: string, client: HubClient = official) => {
      const response = await client.execute(HouseholdStatusAtDocument, { householdNo: HOUSEHOLDS.exiting.householdNo, date });
      expect(response.errors).toBeUndefined();
      return response.data!.household!;
    };
    expect((await at('2016-02-29')).statusAt).toBeNull();
    expect((await at('2016-03-01')).statusAt).toMatchObject({ toStatus: 'IDENTIFIED', effectiveOn: '2016-03-01', evidenceDetail: null, recordedBy: null });
    expect((await at('2020-06-29')).statusAt).toMatchObject({ toStatus: 'ASSISTED', effectiveOn: '2017-01-01', actor: '织金县扶贫办' });
    const after = await at('2020-06-30');
    expect(after.statusAt).toMatchObject({ toStatus: 'EXITED', effectiveOn: '2020-06-30', recordedBy: OFFICIAL_NAME, evidenceDetail: { perCapitaIncome: '5200.00', povertyLine: '4000.00' } });
    expect(after.statusHistory.map((change) => change.toStatus)).toEqual(['IDENTIFIED', 'ASSISTED', 'EXITED']);
    // Income is personal data: masked for a key without the INCOME scope, the rest shown.
    expect((await at('2024-01-01', maskedOfficial)).statusAt).toMatchObject({ toStatus: 'EXITED', evidenceDetail: { perCapitaIncome: null, povertyLine: '4000.00', exitAssessment: { typeCode: 'P11' } } });
    // The deprecated statusOn still answers.
    const old = await official.send('query ($no: String!) { household(householdNo: $no) { before: statusOn(date: "2020-06-29") after: statusOn(date: "2020-06-30") } }', { no: HOUSEHOLDS.exiting.householdNo });
    expect(old.data).toEqual({ household: { before: 'ASSISTED', after: 'EXITED' } });
  });

  it('checks a named document list: only those are used, and each must be in the archive', async () => {
    const other = await db.prisma.archiveDocument.create({
      data: { householdId: ids.noHistory, typeCode: 'P14', archiveCategory: 'HOUSEHOLD', title: '其他材料', documentDate: new Date('2020-01-01T00:00:00Z'), departmentId: (await db.prisma.department.findUniqueOrThrow({ where: { code: 'ARCHIVE' } })).id, sourceRecordId: 'OTHER-P14' },
    });
    const payload = await change({
      householdId: householdId('exiting'),
      toStatus: 'MONITORED',
      effectiveOn: '2020-07-01',
      actor: '城关镇人民政府',
      evidenceDocumentIds: [toGlobalId('ArchiveDocument', other.id), 'not-an-id'],
    });
    expect(payload.userErrors.map((error) => [error.field.join('.'), error.code])).toEqual([
      ['input.evidenceDocumentIds.1', 'INVALID_ID'],
      ['input.evidenceDocumentIds.0', 'DOCUMENT_NOT_IN_ARCHIVE'],
    ]);
  });

  it('lets one of two concurrent changes win and refuses the other because the status moved', async () => {
    const before = await written();
    const requests = ['识别不精准，经村民代表大会评议予以清退', '家庭成员有财政供养人员'].map((reason) =>
      change({ householdId: householdId('contested'), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', reason, fromStatus: 'ASSISTED' }),
    );
    const results = await Promise.all(requests);
    const won = results.filter((result) => result.userErrors.length === 0);
    const lost = results.filter((result) => result.userErrors.length > 0);
    expect(won).toHaveLength(1);
    expect(lost.map((result) => result.userErrors.map((error) => [error.field.join('.'), error.code]))).toEqual([[['input.fromStatus', 'STATUS_MOVED']]]);
    expect(await written()).toEqual({ changes: before.changes + 1, audit: before.audit + 1 });
    expect((await db.prisma.household.findUniqueOrThrow({ where: { id: ids.contested } })).status).toBe('REMOVED');
  });

  it('judges the loser of a race against the status the winner left, without fromStatus too', async () => {
    const before = await written();
    const results = await Promise.all(
      [1, 2].map(() => change({ householdId: householdId('identified'), toStatus: 'ASSISTED', effectiveOn: '2018-01-01', actor: '城关镇人民政府' })),
    );
    expect(results.filter((result) => result.userErrors.length === 0)).toHaveLength(1);
    // Refused either under the lock (the status moved since the request read it) or, had it read after the winner's commit, as no change at all.
    const [loser] = results.filter((result) => result.userErrors.length > 0);
    expect(loser.userErrors).toHaveLength(1);
    expect(['STATUS_MOVED', 'STATUS_UNCHANGED']).toContain(loser.userErrors[0].code);
    expect(await written()).toEqual({ changes: before.changes + 1, audit: before.audit + 1 });
  });

  it('filters households by entry year, exit year and a passed exit deadline, page by page', async () => {
    const no = (...keys: string[]) => keys.map((key) => HOUSEHOLDS[key].householdNo).sort();
    expect(await listed({ enteredInYear: 2016 })).toEqual(no('exiting', 'noHistory'));
    expect(await listed({ enteredInYear: 2015 })).toEqual(no('contested', 'recorded2015'));
    expect(await listed({ enteredInYear: 2017 })).toEqual(no('identified'));
    expect(await listed({ exitedInYear: 2020 })).toEqual(no('exiting'));
    expect(await listed({ exitedInYear: 2019 })).toEqual([]);
    // The exited household's and the removed household's deadlines passed too, but they are done.
    expect(await listed({ pastExitDeadline: true })).toEqual(no('identified'));
    expect(await listed({ pastExitDeadline: false })).toEqual(no('exiting', 'noHistory', 'contested', 'recorded2015'));
    expect(await listed({ enteredInYear: 2016, exitedInYear: 2020, status: 'EXITED' })).toEqual(no('exiting'));
    // In SQL: the page and its count, each with its EXISTS on the status history, whatever the number of households.
    const { statements } = await db.statements.measure(
      () => official.execute(HouseholdsByStatusOverTimeDocument, { filter: { enteredInYear: 2016, exitedInYear: 2020, pastExitDeadline: false }, first: 5 }),
      KEY_LOOKUP,
    );
    expect(statements).toHaveLength(2);
    for (const sql of statements) expect(sql).toMatch(/EXISTS[\s\S]*household_status_change/i);
    const bad = await official.execute(HouseholdsByStatusOverTimeDocument, { filter: { exitedInYear: 20 }, first: 5 });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('keeps a status recorded in the hub when the poverty office re-delivers the household with its old status', async () => {
    const poverty = await hub.asDepartment('POVERTY');
    const send = async (status: string, causeOfPoverty: string, statusEffectiveOn?: string) => {
      const response = await poverty.send(
        `mutation($input: IngestInput!) { ingest(input: $input) { accepted created updated rejected { field code message } } }`,
        { input: { department: 'POVERTY', households: [{ sourceRecordId: 'FP-HH-9', householdNo: '520524100009', regionCode: V1, povertyType: 'GENERAL', status, statusEffectiveOn, identifiedOn: '2016-04-01', causeOfPoverty }] } },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.ingest as { accepted: number; rejected: Array<{ field: string; code: string; message: string }> };
    };
    const deliver = async (status: string, causeOfPoverty: string, statusEffectiveOn?: string) =>
      expect(await send(status, causeOfPoverty, statusEffectiveOn)).toMatchObject({ accepted: 1, rejected: [] });
    const history = async () =>
      (await db.prisma.householdStatusChange.findMany({ where: { household: { householdNo: '520524100009' } }, orderBy: { id: 'asc' } })).map((change) => [change.fromStatus, change.toStatus, change.sourceSystem]);

    // A household created by a delivery starts its history with the status it was delivered in, as of its identification.
    await deliver('ASSISTED', '缺技术');
    const created = await db.prisma.household.findUniqueOrThrow({ where: { householdNo: '520524100009' } });
    expect(await history()).toEqual([[null, 'ASSISTED', null]]);
    const at = await official.execute(HouseholdStatusAtDocument, { householdNo: '520524100009', date: '2016-04-01' });
    expect(at.data!.household!.statusAt).toMatchObject({ toStatus: 'ASSISTED' });

    const removed = await change({ householdId: toGlobalId('Household', created.id), toStatus: 'REMOVED', effectiveOn: '2020-01-15', actor: '织金县扶贫开发领导小组', reason: '识别不精准，经评议清退' });
    expect(removed.userErrors).toEqual([]);

    // The office's system still says ASSISTED; it corrects the cause of poverty and sends the record again.
    await deliver('ASSISTED', '缺资金');
    expect(await db.prisma.household.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'REMOVED', causeOfPoverty: '缺资金' });
    expect(await history()).toEqual([[null, 'ASSISTED', null], ['ASSISTED', 'REMOVED', 'hub']]);

    // A new status may not be dated before the last change on record; nothing of the record is written.
    const early = await send('EXITED', '缺劳力', '2019-12-31');
    expect(early.accepted).toBe(0);
    expect(early.rejected).toEqual([expect.objectContaining({ field: 'statusEffectiveOn', code: 'INVALID_DATE', message: expect.stringContaining('2020-01-15') })]);
    expect(await db.prisma.household.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'REMOVED', causeOfPoverty: '缺资金' });

    // A status the office has not stated before is its decision, and it applies from the date it gives.
    await deliver('EXITED', '缺资金', '2020-03-01');
    expect((await db.prisma.household.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('EXITED');
    const last = await db.prisma.householdStatusChange.findFirstOrThrow({ where: { householdId: created.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ fromStatus: 'REMOVED', toStatus: 'EXITED', sourceSystem: null, effectiveOn: new Date('2020-03-01T00:00:00Z') });
    const between = await official.execute(HouseholdStatusAtDocument, { householdNo: '520524100009', date: '2020-02-29' });
    expect(between.data!.household!.statusAt).toMatchObject({ toStatus: 'REMOVED' });
  });
});
