import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  builtInMappingNames,
  checkHeaders,
  parseMapping,
  resolveMapping,
  resolveMappingPath,
  translateRow,
  type ColumnMapping,
  type IngestRecord,
  type RowTranslation,
} from '../../src/modules/ingest/file-import';
import { openTable, type TableRow } from '../../src/modules/ingest/file-import/table-reader';

const SAMPLES = '/work/shared/samples';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-import-mapping-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Translated {
  rowNumber: number;
  result: RowTranslation;
}

async function translateFile(mappingName: string, path: string): Promise<Translated[]> {
  const mapping = await resolveMapping(mappingName);
  const reader = await openTable(path, { headerRow: mapping.headerRow });
  checkHeaders(mapping, reader.headers, path);
  const out: Translated[] = [];
  for await (const row of reader.rows()) out.push({ rowNumber: row.rowNumber, result: translateRow(mapping, row) });
  return out;
}

function records(translated: Translated[]): IngestRecord[] {
  return translated.map(({ rowNumber, result }) => {
    if ('error' in result) throw new Error(`row ${rowNumber}: ${result.error.field}: ${result.error.message}`);
    return result.record;
  });
}

function row(values: Record<string, string>): TableRow {
  return { rowNumber: 2, values };
}

function mapping(json: object, file = 'test-mapping.json'): ColumnMapping {
  return parseMapping(JSON.stringify(json), file);
}

describe('built-in mappings on the sample deliveries', () => {
  it('lists the built-in mappings and resolves a bare name to its file', () => {
    expect(builtInMappingNames()).toEqual([
      'agri-projects',
      'archive-catalogue',
      'bank-cards',
      'bank-payments',
      'civil-dibao',
      'civil-tekun',
      'poverty-households',
      'poverty-measures',
      'poverty-members',
    ]);
    expect(resolveMappingPath('civil-dibao')).toMatch(/file-import[\\/]mappings[\\/]civil-dibao\.json$/);
    expect(resolveMappingPath('./my-mapping.json')).toBe('./my-mapping.json');
    expect(() => resolveMappingPath('civil-dibbao')).toThrow(/No built-in column mapping "civil-dibbao"; the built-in mappings are agri-projects, /);
  });

  it('poverty-households: the GB18030 register becomes household records', async () => {
    const households = records(await translateFile('poverty-households', join(SAMPLES, 'poverty-office-households-gb18030.csv')));
    expect(households).toHaveLength(24);
    expect(households[0]).toEqual({
      sourceRecordId: '520524100001',
      householdNo: '520524100001',
      townshipName: '城关镇',
      villageName: '新华村',
      villageGroup: '6组',
      povertyType: 'GENERAL',
      identifiedOn: '2017-01-01',
      causeOfPoverty: '缺技术',
      familySize: 6,
      headName: '孟勇承',
      headIdNumber: '520524195509122987',
    });
    expect(households[1]).toMatchObject({ householdNo: '520524100002', povertyType: 'EXTREME_POVERTY', identifiedOn: '2015-01-01' });
    expect(households[8]).toMatchObject({ headIdNumber: '52052419850612354X', povertyType: 'MINIMUM_ALLOWANCE' });
    expect(households.every((household) => !('regionCode' in household))).toBe(true);
  });

  it('poverty-measures: payments with the old 15-digit ID number passed through for validation', async () => {
    const subsidies = records(await translateFile('poverty-measures', join(SAMPLES, 'poverty-office-measures-2024.csv')));
    expect(subsidies).toHaveLength(6);
    expect(subsidies[0]).toEqual({
      sourceRecordId: '520524100009-产业扶贫-黑山羊-2024-03-15',
      householdNo: '520524100009',
      beneficiaryIdNumber: '52052419850612354X',
      programCode: 'POV_INDUSTRY_GOAT',
      amount: '6000.00',
      startDate: '2024-03-15',
      endDate: '2024-03-15',
      state: 'PAID',
      paidOn: '2024-03-15',
    });
    expect(subsidies[4]).toMatchObject({ beneficiaryIdNumber: '520524761106714', programCode: 'POV_HOUSING_RENOVATION', amount: '14000.00' });
    expect(subsidies[5]).toMatchObject({ programCode: 'POV_BIOGAS', paidOn: '2019-05-20' });
  });

  it('civil-dibao: a month column gives the whole month as the period', async () => {
    const subsidies = records(await translateFile('civil-dibao', join(SAMPLES, 'civil-affairs-dibao-2024-06.csv')));
    expect(subsidies).toHaveLength(16);
    expect(subsidies[0]).toEqual({
      sourceRecordId: 'DIBAO-520524195509122987-2024-06',
      beneficiaryIdNumber: '520524195509122987',
      programCode: 'CIV_DIBAO',
      amount: '1860.00',
      startDate: '2024-06-01',
      endDate: '2024-06-30',
      state: 'PAID',
    });
    // the planted duplicate row keeps its id, so the ingest service can see the repeat
    expect(subsidies[14].sourceRecordId).toBe(subsidies[3].sourceRecordId);
    expect(subsidies[15]).toMatchObject({ beneficiaryIdNumber: '520524198501198990', amount: '930.00' });
  });

  it('civil-tekun: start and end dates from their own columns', async () => {
    const subsidies = records(await translateFile('civil-tekun', join(SAMPLES, 'civil-affairs-tekun-2024.csv')));
    expect(subsidies).toEqual([
      {
        sourceRecordId: 'TEKUN-520524195208154256-2024-01-01',
        beneficiaryIdNumber: '520524195208154256',
        programCode: 'CIV_TEKUN',
        amount: '6780.00',
        startDate: '2024-01-01',
        endDate: '2024-12-31',
      },
      expect.objectContaining({ beneficiaryIdNumber: '520524194001046763', amount: '8400.00' }),
    ]);
  });

  it('agri-projects: a year column gives the whole year as the period', async () => {
    const subsidies = records(await translateFile('agri-projects', join(SAMPLES, 'agriculture-projects-2024.csv')));
    expect(subsidies).toHaveLength(9);
    expect(subsidies[0]).toEqual({
      sourceRecordId: 'AGRI-2024-520524198511145962-黑山羊养殖',
      beneficiaryIdNumber: '520524198511145962',
      programCode: 'AGR_GOAT',
      amount: '4000.00',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
    });
    expect(subsidies[8]).toMatchObject({ beneficiaryIdNumber: '520524194902217806', programCode: 'AGR_BIOGAS', amount: '1500.00' });
  });

  it('archive-catalogue: document types by their catalogue names', async () => {
    const documents = records(await translateFile('archive-catalogue', join(SAMPLES, 'archive-bureau-catalogue.csv')));
    expect(documents).toHaveLength(33);
    expect(documents[0]).toEqual({
      sourceRecordId: 'FP·2017·520524100001·01',
      householdNo: '520524100001',
      typeCode: 'P08',
      title: '孟勇承户帮扶计划及方案',
      documentDate: '2017-06-14',
      uniformCode: 'FP·2017·520524100001·01',
      pageCount: 4,
      retention: '长期',
    });
    const codes = new Set(documents.map((document) => (document as { typeCode: string }).typeCode));
    expect([...codes].sort()).toEqual(['P01', 'P02', 'P03', 'P04', 'P06', 'P07', 'P08']);
  });

  it('poverty-members: relations, health and labour ability as codes, yes/no as booleans', async () => {
    const path = join(dir, 'members.csv');
    await writeFile(
      path,
      [
        '户编号,姓名,身份证号,与户主关系,民族,文化程度,健康状况,劳动能力,是否务工,是否在校生',
        '520524100001,孟勇承,520524195509122987,户主,汉族,小学,长期慢性病,普通劳动力,否,否',
        '520524100001,孟小兰,520524198001012345,之女,穿青人,初中,健康,技能劳动力,是,',
        '520524100001,孟某,520524200001012345,表弟,苗族,,残疾,无劳动力,N,Y',
      ].join('\r\n'),
    );
    const members = records(await translateFile('poverty-members', path));
    expect(members[0]).toEqual({
      sourceRecordId: '520524100001-520524195509122987',
      householdNo: '520524100001',
      idNumber: '520524195509122987',
      name: '孟勇承',
      relation: 'HEAD',
      ethnicity: '汉族',
      education: '小学',
      health: 'CHRONIC_ILLNESS',
      labourAbility: 'ORDINARY',
      migrantWorker: false,
      student: false,
    });
    expect(members[1]).toMatchObject({ relation: 'CHILD', ethnicity: '穿青人', health: 'HEALTHY', labourAbility: 'SKILLED', migrantWorker: true, student: null });
    // a text the values map does not know passes through for the ingest service to refuse
    expect(members[2]).toMatchObject({ relation: '表弟', education: null, health: 'DISABLED', labourAbility: 'NONE', migrantWorker: false, student: true });
  });

  it('refuses a sheet that lacks the columns a mapping needs, before reading rows', async () => {
    const dibao = await resolveMapping('civil-dibao');
    const tekun = await openTable(join(SAMPLES, 'civil-affairs-tekun-2024.csv'));
    tekun.close();
    expect(() => checkHeaders(dibao, tekun.headers, 'civil-affairs-tekun-2024.csv')).toThrow(
      /^civil-affairs-tekun-2024\.csv lacks columns that the mapping "civil-dibao" \(.*civil-dibao\.json\) needs: 发放月份, 月保障金额（元）\. The sheet's columns are: 序号, 乡镇（街道）, 村（社区）, 姓名, 身份证号码, 供养方式/,
    );
    const withRequired = mapping({
      recordType: 'SUBSIDY',
      department: 'CIVIL',
      requiredColumns: ['序号', '备注'],
      fields: { sourceRecordId: { column: '序号' }, programCode: { constant: 'CIV_DIBAO' }, amount: { column: '金额' }, period: { year: '年度' } },
    });
    expect(() => checkHeaders(withRequired, ['序号', '金额', '年度'])).toThrow(/the sheet lacks the column that the mapping "test-mapping" \(test-mapping\.json\) needs: 备注\./);
    expect(() => checkHeaders(withRequired, ['序号', '金额', '年度', '备注'])).not.toThrow();
  });
});

describe('translateRow', () => {
  const subsidy = (fields: object): ColumnMapping =>
    mapping({
      recordType: 'SUBSIDY',
      department: 'POVERTY',
      fields: { sourceRecordId: { column: '编号' }, programCode: { constant: 'POV_BIOGAS' }, amount: { column: '金额' }, startDate: { column: '日期' }, endDate: { column: '日期' }, ...fields },
    });

  it('passes a text the values map lacks through, and refuses it when the field is strict', () => {
    const programs = { 沼气池改造: 'POV_BIOGAS', 危房改造: 'POV_HOUSING_RENOVATION' };
    const lenient = subsidy({ programCode: { column: '帮扶措施', values: programs } });
    const strict = subsidy({ programCode: { column: '帮扶措施', values: programs, strict: true } });
    const values = { 编号: '1', 金额: '100', 日期: '2024-01-01', 帮扶措施: '改厕' };
    expect(translateRow(lenient, row(values))).toEqual({ record: expect.objectContaining({ programCode: '改厕' }) });
    expect(translateRow(strict, row(values))).toEqual({
      error: { field: 'programCode', message: '帮扶措施 "改厕" is not one of the texts this mapping knows: 沼气池改造, 危房改造' },
    });
    expect(translateRow(strict, row({ ...values, 帮扶措施: '危房改造' }))).toEqual({ record: expect.objectContaining({ programCode: 'POV_HOUSING_RENOVATION' }) });
  });

  it('refuses a cell that is not a whole number for an integer field, naming the column and the text', () => {
    const catalogue = mapping({
      recordType: 'DOCUMENT',
      department: 'ARCHIVE',
      fields: { sourceRecordId: { column: '档号' }, typeCode: { constant: 'P01' }, pageCount: { column: '页数' }, familySize: { column: '人口' } },
    });
    expect(translateRow(catalogue, row({ 档号: 'A', 页数: '4页', 人口: '3' }))).toEqual({ error: { field: 'pageCount', message: '页数 "4页" is not a whole number' } });
    expect(translateRow(catalogue, row({ 档号: 'A', 页数: '2.5', 人口: '3' }))).toEqual({ error: { field: 'pageCount', message: '页数 "2.5" is not a whole number' } });
    expect(translateRow(catalogue, row({ 档号: 'A', 页数: '', 人口: '3' }))).toEqual({
      record: { sourceRecordId: 'A', typeCode: 'P01', pageCount: null, familySize: 3 },
    });
  });

  it('reads yes/no cells and refuses other text', () => {
    const household = mapping({
      recordType: 'HOUSEHOLD',
      department: 'CIVIL',
      fields: { sourceRecordId: { column: '户编号' }, householdNo: { column: '户编号' }, minimumAllowance: { column: '是否低保户' } },
    });
    const allowance = (text: string): unknown => {
      const result = translateRow(household, row({ 户编号: '1', 是否低保户: text }));
      return 'record' in result ? (result.record as { minimumAllowance: unknown }).minimumAllowance : result.error;
    };
    expect(['是', 'Y', 'y', 'true', 'TRUE', '1'].map(allowance)).toEqual([true, true, true, true, true, true]);
    expect(['否', 'N', 'false', 'FALSE', '0'].map(allowance)).toEqual([false, false, false, false, false]);
    expect(allowance('')).toBeNull();
    expect(allowance('有')).toEqual({ field: 'minimumAllowance', message: '是否低保户 "有" is not 是/否 (yes/no)' });
  });

  it('keeps money as exact decimal text without separators or currency signs', () => {
    const amounts = subsidy({});
    const amount = (text: string): unknown => {
      const result = translateRow(amounts, row({ 编号: '1', 金额: text, 日期: '2024-01-01' }));
      return 'record' in result ? (result.record as { amount: unknown }).amount : result.error;
    };
    expect(amount('1,860.00')).toBe('1860.00');
    expect(amount('￥14，000.50')).toBe('14000.50');
    expect(amount('¥ 0.10')).toBe('0.10');
    expect(amount('一千')).toBe('一千');
    expect(amount('')).toBe('');
  });

  it('writes dates as YYYY-MM-DD and passes other text through', () => {
    const dates = subsidy({ paidOn: { column: '兑现' } });
    const paidOn = (text: string): unknown => {
      const result = translateRow(dates, row({ 编号: '1', 金额: '1', 日期: '2024-01-01', 兑现: text }));
      return 'record' in result ? (result.record as { paidOn: unknown }).paidOn : result.error;
    };
    expect(['2024-06-10', '2024/6/10', '2024年6月10日', '20240610', '2024-6-1', '2024-06-10 09:30:00'].map(paidOn)).toEqual([
      '2024-06-10',
      '2024-06-10',
      '2024-06-10',
      '2024-06-10',
      '2024-06-01',
      '2024-06-10',
    ]);
    expect(paidOn('6月10日')).toBe('6月10日');
    expect(paidOn('2024-02-30')).toBe('2024-02-30');
    expect(paidOn('')).toBeNull();
  });

  it('turns a month or a year into a period, and refuses text that is neither', () => {
    const monthly = subsidy({ startDate: undefined, endDate: undefined, period: { month: '月份' } });
    const fields = monthly.fields.map((field) => field.field);
    expect(fields).not.toContain('startDate');
    const period = (text: string): unknown => {
      const result = translateRow(monthly, row({ 编号: '1', 金额: '1', 月份: text }));
      return 'record' in result ? [(result.record as { startDate: string }).startDate, (result.record as { endDate: string }).endDate] : result.error;
    };
    expect(period('2024-06')).toEqual(['2024-06-01', '2024-06-30']);
    expect(period('2024/2')).toEqual(['2024-02-01', '2024-02-29']);
    expect(period('2023年2月')).toEqual(['2023-02-01', '2023-02-28']);
    expect(period('202412')).toEqual(['2024-12-01', '2024-12-31']);
    expect(period('2024-06-01')).toEqual(['2024-06-01', '2024-06-30']); // an .xlsx date cell
    expect(period('2024-13')).toEqual({ field: 'period', message: '月份 "2024-13" is not a month (YYYY-MM, YYYY/MM or YYYY年M月)' });
    expect(period('')).toEqual({ field: 'period', message: '月份 "" is not a month (YYYY-MM, YYYY/MM or YYYY年M月)' });

    const yearly = subsidy({ startDate: undefined, endDate: undefined, period: { year: '年度' } });
    expect(translateRow(yearly, row({ 编号: '1', 金额: '1', 年度: '2024年' }))).toEqual({
      record: expect.objectContaining({ startDate: '2024-01-01', endDate: '2024-12-31' }),
    });
    expect(translateRow(yearly, row({ 编号: '1', 金额: '1', 年度: '24' }))).toEqual({ error: { field: 'period', message: '年度 "24" is not a year (YYYY)' } });
  });

  it('builds ids from templates and refuses a template column that is empty', () => {
    const templated = subsidy({ sourceRecordId: { template: 'DIBAO-{身份证号码}-{ 月份 }' } });
    expect(translateRow(templated, row({ 身份证号码: '520524195509122987', 月份: '2024-06', 金额: '1', 日期: '2024-06-01' }))).toEqual({
      record: expect.objectContaining({ sourceRecordId: 'DIBAO-520524195509122987-2024-06' }),
    });
    expect(translateRow(templated, row({ 身份证号码: '', 月份: '2024-06', 金额: '1', 日期: '2024-06-01' }))).toEqual({
      error: { field: 'sourceRecordId', message: 'the template "DIBAO-{身份证号码}-{ 月份 }" needs 身份证号码, which is empty in this row' },
    });
  });

  it('gathers the columns of a sheet part into one object, absent when every cell is empty', () => {
    const income = mapping({
      recordType: 'DOCUMENT',
      department: 'ARCHIVE',
      fields: {
        sourceRecordId: { column: '档号' },
        typeCode: { constant: 'P04' },
        'incomeComponents.wage': { column: '工资性收入' },
        'incomeComponents.operating': { column: '生产经营性收入' },
        'incomeComponents.property': { column: '财产性收入' },
        'incomeComponents.transfer': { column: '转移性收入' },
        'incomeComponents.productionCosts': { column: '生产经营费用支出' },
      },
    });
    const cells = { 档号: 'A', 工资性收入: '3,600', 生产经营性收入: '¥2400.5', 财产性收入: '0', 转移性收入: '1860', 生产经营费用支出: '1200' };
    expect(translateRow(income, row(cells))).toEqual({
      record: { sourceRecordId: 'A', typeCode: 'P04', incomeComponents: { wage: '3600', operating: '2400.5', property: '0', transfer: '1860', productionCosts: '1200' } },
    });
    // A half-filled sheet keeps what it has, for the ingest checks to refuse the missing part by name.
    expect(translateRow(income, row({ ...cells, 转移性收入: '' }))).toEqual({
      record: { sourceRecordId: 'A', typeCode: 'P04', incomeComponents: { wage: '3600', operating: '2400.5', property: '0', productionCosts: '1200' } },
    });
    const empty = { 档号: 'A', 工资性收入: '', 生产经营性收入: '', 财产性收入: '', 转移性收入: '', 生产经营费用支出: '' };
    expect(translateRow(income, row(empty))).toEqual({ record: { sourceRecordId: 'A', typeCode: 'P04' } });
  });

  it('gives empty optional cells as null and leaves unmapped fields out', () => {
    const result = translateRow(subsidy({ bankCardNo: { column: '卡号' } }), row({ 编号: '1', 金额: '1', 日期: '2024-06-01', 卡号: '' }));
    expect(result).toEqual({ record: { sourceRecordId: '1', programCode: 'POV_BIOGAS', amount: '1', startDate: '2024-06-01', endDate: '2024-06-01', bankCardNo: null } });
  });
});

describe('parseMapping refuses a broken mapping file, naming the file and the key', () => {
  const base = { recordType: 'SUBSIDY', department: 'CIVIL' };
  const fields = { sourceRecordId: { column: '编号' }, programCode: { constant: 'CIV_DIBAO' }, amount: { column: '金额' }, period: { month: '月份' } };

  it.each<[string, object, RegExp]>([
    ['an unknown record type', { ...base, recordType: 'PAYMENT', fields }, /"recordType" must be one of HOUSEHOLD, MEMBER, SUBSIDY, DOCUMENT, BANK_CARD, BANK_PAYMENT \(got "PAYMENT"\)/],
    ['an unknown field', { ...base, fields: { ...fields, amout: { column: '金额' } } }, /"fields\.amout": SUBSIDY records have no field "amout"; the fields are sourceRecordId, /],
    ['a field of another record type', { ...base, fields: { ...fields, familySize: { column: '人口' } } }, /"fields\.familySize": SUBSIDY records have no field "familySize"/],
    ['a period next to startDate', { ...base, fields: { ...fields, startDate: { column: '日期' } } }, /"fields\.startDate" is mapped twice: by "fields\.startDate" and by "fields\.period"/],
    ['a template naming no column', { ...base, fields: { ...fields, sourceRecordId: { template: 'DIBAO' } } }, /"fields\.sourceRecordId\.template" names no column/],
    ['an unmatched brace', { ...base, fields: { ...fields, sourceRecordId: { template: '{编号}-{月份' } } }, /"fields\.sourceRecordId\.template" has an unmatched brace/],
    ['two sources for one field', { ...base, fields: { ...fields, amount: { column: '金额', constant: '1' } } }, /"fields\.amount" must have exactly one of .* \(has column, constant\)/],
    ['strict without values', { ...base, fields: { ...fields, amount: { column: '金额', strict: true } } }, /"fields\.amount\.strict" needs a "values" map/],
    ['a required field unmapped', { ...base, fields: { sourceRecordId: { column: '编号' }, amount: { column: '金额' } } }, /"fields" must map programCode, startDate, endDate \(required for SUBSIDY records\)/],
    ['a period on a record type without one', { recordType: 'MEMBER', department: 'POVERTY', fields: { period: { year: '年度' } } }, /"fields\.period": MEMBER records have no period/],
    ['yearStart on a text field', { ...base, fields: { ...fields, bankCardNo: { yearStart: '年度' } } }, /"fields\.bankCardNo\.yearStart" gives a date/],
    ['a misspelt top-level key', { ...base, fields, requiredColumn: ['序号'] }, /unknown key "requiredColumn"/],
    ['no department', { recordType: 'SUBSIDY', fields }, /"department" must be a department code/],
  ])('%s', (_case, json, message) => {
    expect(() => mapping(json, 'mappings/civil-x.json')).toThrow(new RegExp(`^Column mapping mappings/civil-x\\.json: ${message.source}`));
  });

  it('a key written twice, which JSON.parse would silently collapse', () => {
    const text = `{"recordType": "SUBSIDY", "department": "CIVIL", "fields": {
      "sourceRecordId": {"column": "编号"}, "programCode": {"constant": "CIV_DIBAO"},
      "amount": {"column": "金额"}, "amount": {"column": "月保障金额（元）"}, "period": {"month": "月份"}}}`;
    expect(() => parseMapping(text, 'dup.json')).toThrow('Column mapping dup.json: key "fields.amount" appears twice');
    expect(() => parseMapping('{"recordType": ', 'cut.json')).toThrow(/^Column mapping cut\.json: not valid JSON/);
  });

  it('names a mapping file that cannot be read', async () => {
    await expect(resolveMapping(join(dir, 'nowhere.json'))).rejects.toThrow(/^Column mapping .*nowhere\.json: cannot read the file/);
  });
});
