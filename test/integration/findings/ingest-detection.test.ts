import { composeIdNumber } from '../../../src/domain/id-number';
import type { HubDatabase } from '../../../src/db/database';
import type { IngestRecords } from '../../../src/modules/ingest/ingest-records';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { createTownship } from '../../support/regions';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

let db: HubDatabase;
let hub: TestHub;

const VILLAGE = '520524100201';
const HOUSEHOLD_NO = '520524100201001';
const head = composeIdNumber('520524', '1962-03-04', 123);

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村' });
  hub = await startTestHub(db);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const INGEST = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) {
    accepted unchanged
    rejected { code message }
    findings { id status amountAtRisk explanation explanationEn rule { code } departments { code } subsidies { program { code } } }
  }
}`;

interface Payload {
  accepted: number;
  unchanged: number;
  rejected: Array<{ code: string; message: string }>;
  findings: Array<{ id: string; status: string; amountAtRisk: string; explanation: string; explanationEn: string; rule: { code: string }; departments: Array<{ code: string }>; subsidies: Array<{ program: { code: string } }> }>;
}

async function ingest(department: string, records: IngestRecords): Promise<Payload> {
  const response = await (await hub.asDepartment(department)).send(INGEST, { input: { department, sourceSystem: 'test', ...records } });
  expect(response.errors).toBeUndefined();
  const payload = (response.data as { ingest: Payload }).ingest;
  expect(payload.rejected).toEqual([]);
  return payload;
}

const goat = (program: string, id: string, startDate: string, endDate: string, amount: string, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: id,
  householdNo: HOUSEHOLD_NO,
  programCode: program,
  amount,
  startDate,
  endDate,
  state: 'PAID',
  approvedOn: startDate,
  paidOn: endDate,
  ...extra,
});

const findingRows = async () => {
  const findings = await db.prisma.finding.findMany({ include: { rule: true }, orderBy: { id: 'asc' } });
  const events = await db.prisma.findingEvent.findMany({ orderBy: { id: 'asc' } });
  return findings.map((finding) => ({ ...finding, events: events.filter((event) => event.findingId === finding.id) }));
};

describe('detection on ingest', () => {
  it('raises nothing for one department’s project alone', async () => {
    const payload = await ingest('POVERTY', {
      households: [{ sourceRecordId: 'H-1', householdNo: HOUSEHOLD_NO, regionCode: VILLAGE, povertyType: '一般贫困户', status: 'ASSISTED', identifiedOn: '2016-05-01', headName: '王德富', headIdNumber: head, familySize: 3 }],
      subsidies: [goat('POV_INDUSTRY_GOAT', 'FP-1', '2018-04-01', '2018-09-01', '5000.00')],
    });
    expect(payload.accepted).toBe(2);
    expect(payload.findings).toEqual([]);
    expect(await findingRows()).toEqual([]);
  });

  it('returns the finding a second department’s overlapping project raises, in the same answer', async () => {
    const payload = await ingest('AGRI', { subsidies: [goat('AGR_GOAT', 'NY-1', '2018-05-10', '2018-10-01', '6400.00')] });
    expect(payload.findings).toHaveLength(1);
    const [finding] = payload.findings;
    expect(finding).toMatchObject({ status: 'OPEN', amountAtRisk: '5000.00', rule: { code: 'DUP-INDUSTRY' } });
    expect(finding.departments.map((d) => d.code).sort()).toEqual(['AGRI', 'POVERTY']);
    expect(finding.subsidies.map((s) => s.program.code).sort()).toEqual(['AGR_GOAT', 'POV_INDUSTRY_GOAT']);
    expect(finding.explanation).toContain('扶贫办「产业扶贫-黑山羊」2018-04-01 至 2018-09-01 5000.00 元');
    expect(finding.explanation).toContain('农业农村局「黑山羊养殖项目」2018-05-10 至 2018-10-01 6400.00 元');
    const [row] = await findingRows();
    expect(row.events.map((e) => [e.kind, e.actorName])).toEqual([['RAISED', expect.stringContaining('AGRI')]]);
  });

  it('raises nothing again when the delivery is re-sent', async () => {
    const payload = await ingest('AGRI', { subsidies: [goat('AGR_GOAT', 'NY-1', '2018-05-10', '2018-10-01', '6400.00')] });
    expect(payload.unchanged).toBe(1);
    expect(payload.findings).toEqual([]);
    expect(await findingRows()).toHaveLength(1);
  });

  it('updates the finding when a subsidy is corrected, and closes it with the reason when one is withdrawn', async () => {
    expect((await ingest('POVERTY', { subsidies: [goat('POV_INDUSTRY_GOAT', 'FP-1', '2018-04-01', '2018-09-01', '4500.00')] })).findings).toEqual([]);
    let [row] = await findingRows();
    expect(row.amountAtRisk.toFixed(2)).toBe('4500.00');
    expect(row.events.at(-1)).toMatchObject({ kind: 'UPDATED', note: expect.stringContaining('amount at risk 5000.00 → 4500.00') });

    await ingest('AGRI', { subsidies: [goat('AGR_GOAT', 'NY-1', '2018-05-10', '2018-10-01', '6400.00', { state: 'WITHDRAWN', paidOn: null })] });
    [row] = await findingRows();
    expect(row.status).toBe('CLOSED');
    expect(row.events.at(-1)).toMatchObject({ kind: 'CLOSED', fromStatus: 'OPEN', toStatus: 'CLOSED', note: expect.stringContaining('was withdrawn') });
  });

  it('reopens the closed finding when the project is paid again', async () => {
    const payload = await ingest('AGRI', { subsidies: [goat('AGR_GOAT', 'NY-1', '2018-05-10', '2018-10-01', '6400.00')] });
    expect(payload.findings.map((f) => f.status)).toEqual(['OPEN']);
    const rows = await findingRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].events.map((e) => e.kind)).toEqual(['RAISED', 'UPDATED', 'CLOSED', 'REOPENED']);
  });
});
