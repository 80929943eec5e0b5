import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import * as ExcelJS from 'exceljs';
import * as fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { fenToYuan } from '../../../src/domain/money';
import { fromGlobalId } from '../../../src/graphql/relay/global-id';
import { ProgressBar } from '../../../src/modules/ingest/file-import/progress-bar';
import {
  chinaDate,
  chooseEncoding,
  chooseFormat,
  csvField,
  csvRecord,
  encodeCsv,
  EXPORT_HEADERS,
  ExportOptionError,
  FINDING_EXPORT_COLUMNS,
  findingCsvRecord,
  findingExportCells,
  moneyCellValue,
  neutraliseFormula,
  SHEET_NAME,
  writeFindingsCsv,
  writeFindingsXlsx,
  type FindingExportRecord,
} from '../../../src/modules/findings/findings-export';

function record(overrides: Partial<FindingExportRecord> = {}): FindingExportRecord {
  return {
    id: 42,
    ruleCode: 'DUP-HOUSING',
    ruleName: '危房改造重复补助',
    ruleVersion: 3,
    severity: 'HIGH',
    status: 'CONFIRMED',
    householdNo: '5205240010010003',
    headName: '王国强',
    regionCode: '520524001001',
    townshipName: '城关镇',
    villageName: '新桥村',
    departments: ['县扶贫办', '县住建局'],
    programs: ['农村危房改造', '易地扶贫搬迁'],
    subsidies: ['AGRI:S-1', 'POVERTY:S-9'],
    payments: ['BANK:BK880002', 'BANK:BK880099'],
    periodStart: '2019-03-01',
    periodEnd: '2019-12-31',
    amountAtRisk: '35000.10',
    amountRecovered: null,
    assignee: '县住建局',
    explanation: '同一户在2019年由两个部门补助危房改造，合计35000.10元',
    raisedAt: '2024-03-31T16:30:00.000Z',
    updatedAt: '2024-04-02T01:00:00.000Z',
    ...overrides,
  };
}

/** The cell under a header. */
const cellOf = (cells: string[], header: string) => cells[EXPORT_HEADERS.indexOf(header)];

async function collect(write: (out: PassThrough) => Promise<number>): Promise<{ bytes: Buffer; count: number }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const count = await write(out);
  return { bytes: Buffer.concat(parts), count };
}

async function* chunks(...lists: FindingExportRecord[][]): AsyncGenerator<FindingExportRecord[]> {
  for (const list of lists) yield list;
}

describe('a finding as export cells', () => {
  it('has one cell per Chinese header, with labels, exact money and China dates', () => {
    const cells = findingExportCells(record());
    expect(cells).toHaveLength(EXPORT_HEADERS.length);
    expect(new Set(EXPORT_HEADERS).size).toBe(EXPORT_HEADERS.length);
    expect(cellOf(cells, '核查编号')).toBe('42');
    // the id `node(id:)` and the finding mutations take
    expect(fromGlobalId(cellOf(cells, '全局编号（GraphQL ID）'))).toEqual({ typename: 'Finding', key: '42' });
    expect(cellOf(cells, '规则代码')).toBe('DUP-HOUSING');
    expect(cellOf(cells, '规则版本')).toBe('3');
    expect(cellOf(cells, '严重程度')).toBe('高');
    expect(cellOf(cells, '状态')).toBe('已确认');
    expect(cellOf(cells, '户编号')).toBe('5205240010010003');
    expect(cellOf(cells, '涉及部门')).toBe('县扶贫办；县住建局');
    expect(cellOf(cells, '涉及补贴')).toBe('AGRI:S-1；POVERTY:S-9');
    expect(cellOf(cells, '涉及代发流水')).toBe('BANK:BK880002；BANK:BK880099');
    expect(cellOf(cells, '重叠期起')).toBe('2019-03-01');
    expect(cellOf(cells, '风险金额（元）')).toBe('35000.10');
    expect(cellOf(cells, '已追回金额（元）')).toBe('');
    // 16:30 UTC on 31 March is 00:30 on 1 April in China
    expect(cellOf(cells, '发现时间')).toBe('2024-04-01');
    expect(cellOf(cells, '更新时间')).toBe('2024-04-02');
  });

  it('leaves missing names and periods empty rather than writing "null"', () => {
    const cells = findingExportCells(record({ headName: null, townshipName: null, villageName: null, periodStart: null, periodEnd: null, assignee: null, amountRecovered: '12.00' }));
    for (const header of ['户主', '乡镇', '村', '重叠期起', '重叠期止', '责任部门']) expect(cellOf(cells, header)).toBe('');
    expect(cellOf(cells, '已追回金额（元）')).toBe('12.00');
    expect(cells.join('')).not.toContain('null');
  });

  it('dates instants in China time, UTC+8', () => {
    expect(chinaDate('2023-12-31T15:59:59.999Z')).toBe('2023-12-31');
    expect(chinaDate('2023-12-31T16:00:00.000Z')).toBe('2024-01-01');
  });
});

describe('CSV', () => {
  it('quotes only fields with a comma, a double quote or a line break, doubling quotes', () => {
    expect(csvField('plain 文本')).toBe('plain 文本');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('reads back as the same fields, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (fields) => {
        const [parsed] = parse(csvRecord(fields), { relax_column_count: true }) as string[][];
        // a record of one empty field is an empty line, which a reader skips
        if (fields.length === 1 && fields[0] === '') return;
        expect(parsed).toEqual(fields);
      }),
    );
  });

  it('keeps text from running as a formula, but never touches amounts or dates', () => {
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseFormula('+1')).toBe("'+1");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('王')).toBe('王');
    const [fields] = parse(findingCsvRecord(record({ headName: '=cmd|x', explanation: '-1+1' }))) as string[][];
    expect(cellOf(fields, '户主')).toBe("'=cmd|x");
    expect(cellOf(fields, '说明')).toBe("'-1+1");
    expect(cellOf(fields, '风险金额（元）')).toBe('35000.10');
  });

  it('starts a UTF-8 file with a byte-order mark, once', () => {
    expect([...encodeCsv('核', 'utf-8', true).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(encodeCsv('核', 'utf-8', false).toString('utf8')).toBe('核');
  });

  it('encodes GB18030 (two bytes a common character) without a mark', () => {
    const bytes = encodeCsv('核查编号,x\r\n', 'gb18030', true);
    expect(bytes.length).toBe(4 * 2 + 4);
    expect([...bytes.subarray(0, 2)]).toEqual([0xba, 0xcb]); // 核 in GBK/GB18030
    expect(iconv.decode(bytes, 'gb18030')).toBe('核查编号,x\r\n');
  });

  it('streams a header and every chunk, and counts the findings', async () => {
    const { bytes, count } = await collect((out) => writeFindingsCsv(chunks([record({ id: 1 }), record({ id: 2, explanation: '含,逗号\n和换行' })], [record({ id: 3 })]), out));
    expect(count).toBe(3);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]).toEqual(EXPORT_HEADERS);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['1', '2', '3']);
    expect(cellOf(rows[2], '说明')).toBe('含,逗号\n和换行');
    expect(bytes.toString('utf8')).toMatch(/\r\n$/);
  });
});

describe('xlsx', () => {
  it('writes money as a number only when it reads back as the same decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999_999 }), (fen) => {
        const text = fenToYuan(fen);
        const value = moneyCellValue(text);
        expect(typeof value).toBe('number');
        expect((value as number).toFixed(2)).toBe(text);
      }),
    );
    expect(moneyCellValue('')).toBe('');
    expect(moneyCellValue('1e3')).toBe('1e3');
  });

  it('writes a sheet with a frozen header, typed cells and widths', async () => {
    const { bytes, count } = await collect((out) => writeFindingsXlsx(chunks([record({ id: 7, amountAtRisk: '0.10' }), record({ id: 8, amountRecovered: '1860.00' })]), out));
    expect(count).toBe(2);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(SHEET_NAME)!;
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_HEADERS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const column = (header: string) => EXPORT_HEADERS.indexOf(header) + 1;
    const amount = sheet.getRow(2).getCell(column('风险金额（元）'));
    expect(amount.value).toBe(0.1);
    expect(amount.numFmt).toBe('0.00');
    expect(sheet.getRow(3).getCell(column('已追回金额（元）')).value).toBe(1860);
    expect(sheet.getRow(2).getCell(column('核查编号')).value).toBe(7);
    // codes stay text: a 12-digit region code must not turn into 5.2E+11
    expect(sheet.getRow(2).getCell(column('行政区划代码')).value).toBe('520524001001');
    expect(sheet.getRow(2).getCell(column('户编号')).value).toBe('5205240010010003');
    expect(sheet.getRow(2).getCell(column('发现时间')).value).toBe('2024-04-01');
    expect(sheet.getColumn(column('说明')).width).toBe(FINDING_EXPORT_COLUMNS[column('说明') - 1].width);
  });
});

describe('export options', () => {
  it('takes the format from the file name unless named, and refuses what it cannot write', () => {
    expect(chooseFormat('out/发现.XLSX', undefined)).toBe('xlsx');
    expect(chooseFormat('findings.csv', undefined)).toBe('csv');
    expect(chooseFormat('findings.txt', 'CSV')).toBe('csv');
    expect(() => chooseFormat('findings.txt', undefined)).toThrow(expect.objectContaining({ option: 'format' }));
    expect(() => chooseFormat('findings.csv', 'pdf')).toThrow(ExportOptionError);
    expect(chooseEncoding('csv', undefined)).toBe('utf-8');
    expect(chooseEncoding('csv', 'GB18030')).toBe('gb18030');
    expect(() => chooseEncoding('xlsx', 'gb18030')).toThrow(expect.objectContaining({ option: 'encoding' }));
    expect(() => chooseEncoding('csv', 'latin1')).toThrow(expect.objectContaining({ option: 'encoding' }));
  });
});

describe("the scan's progress bar", () => {
  it('counts households, with no rejected rows, on a terminal and in a log', () => {
    let now = 0;
    const writes: string[] = [];
    const bar = new ProgressBar(4000, { output: { isTTY: true, columns: 120, write: (text: string) => writes.push(text) }, now: () => now, label: 'detect 520524000000', unit: 'households', showRejected: false });
    now = 2000;
    bar.update(1000, 1000);
    now = 4000;
    bar.finish(4000);
    expect(writes[0]).toBe('\rdetect 520524000000 [######..................]  25% 1,000 households, 500 households/s, ETA 6s');
    expect(writes[1]).toMatch(/^\rdetect 520524000000: 4,000 households in 4s \(1,000 households\/s\) *$/);
    const log: string[] = [];
    const plain = new ProgressBar(10, { output: { isTTY: false, write: (text: string) => log.push(text) }, now: () => 0, label: 'detect', unit: 'households', showRejected: false });
    plain.finish(10);
    expect(log).toEqual(['detect: 10 households in 0s (10,000 households/s)\n']);
  });
});
