import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import { openTable, plainNumber, type TableReader, type TableRow } from '../../src/modules/ingest/file-import/table-reader';

const SAMPLES = '/work/shared/samples';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-import-reader-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allRows(reader: TableReader, options?: { afterRowNumber?: number }): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of reader.rows(options)) rows.push(row);
  return rows;
}

async function readAll(path: string): Promise<{ reader: TableReader; rows: TableRow[] }> {
  const reader = await openTable(path);
  return { reader, rows: await allRows(reader) };
}

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('openTable on the sample deliveries', () => {
  it('decodes the poverty office register saved as GB18030 by Excel', async () => {
    const { reader, rows } = await readAll(join(SAMPLES, 'poverty-office-households-gb18030.csv'));
    expect(reader.format).toBe('csv');
    expect(reader.encoding).toBe('gb18030');
    expect(reader.headers).toEqual(['户编号', '乡镇', '村', '组', '户主姓名', '身份证号', '家庭人口数', '贫困户属性', '主要致贫原因', '识别年度']);
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({
      rowNumber: 2,
      values: {
        户编号: '520524100001',
        乡镇: '城关镇',
        村: '新华村',
        组: '6组',
        户主姓名: '孟勇承',
        身份证号: '520524195509122987',
        家庭人口数: '6',
        贫困户属性: '一般贫困户',
        主要致贫原因: '缺技术',
        识别年度: '2017',
      },
    });
    expect(rows[23].values.户主姓名).toBe('韩兴');
    expect(reader.bytesRead()).toBe(reader.totalBytes);
  });

  it.each([
    ['civil-affairs-dibao-2024-06.csv', 16, ['序号', '乡镇（街道）', '村（社区）', '户主姓名', '身份证号码', '保障人口', '月保障金额（元）', '发放月份', '备注']],
    ['civil-affairs-tekun-2024.csv', 2, ['序号', '乡镇（街道）', '村（社区）', '姓名', '身份证号码', '供养方式', '年供养金（元）', '起始日期', '终止日期']],
    ['poverty-office-measures-2024.csv', 6, ['户编号', '户主姓名', '身份证号', '家庭人口', '贫困户属性', '帮扶措施', '补助资金（元）', '兑现日期']],
    ['agriculture-projects-2024.csv', 9, ['序号', '乡镇', '村（社区）', '组', '户主', '身份证号', '项目名称', '扶持数量', '补助金额（元）', '实施年度']],
    ['archive-bureau-catalogue.csv', 33, ['档号', '户编号', '题名', '文件类型', '成文日期', '页数', '保管期限']],
    ['bank-disbursement-2024-06.csv', 14, ['卡号', '户名', '证件号码', '金额', '交易日期', '摘要', '流水号']],
  ])('reads %s as UTF-8 with the BOM stripped', async (file, count, headers) => {
    const { reader, rows } = await readAll(join(SAMPLES, file));
    expect(reader.encoding).toBe('utf-8');
    expect(reader.headers).toEqual(headers);
    expect(rows).toHaveLength(count);
    expect(rows.map((row) => row.rowNumber)).toEqual(Array.from({ length: count }, (_, i) => i + 2));
  });

  it('keeps cell text as delivered: amounts with their decimals, empty cells as empty strings', async () => {
    const { rows } = await readAll(join(SAMPLES, 'civil-affairs-dibao-2024-06.csv'));
    expect(rows[0].values).toMatchObject({ 户主姓名: '孟勇承', 身份证号码: '520524195509122987', '月保障金额（元）': '1860.00', 发放月份: '2024-06', 备注: '' });
    expect(rows[15].values.备注).toBe('身份证号校验位错误');
  });
});

describe('openTable on CSV', () => {
  it('reads UTF-8 without a BOM, with quoted commas and line breaks, and skips empty rows', async () => {
    const path = await writeTemp(
      'quoted.csv',
      '户编号,题名,页数\r\n520524100001,"孟勇承户帮扶计划,及方案",4\r\n\r\n,,\r\n520524100002," 走访记录\r\n第二页 ",3\r\n520524100003,"他说""好""",1\r\n',
    );
    const { reader, rows } = await readAll(path);
    expect(reader.encoding).toBe('utf-8');
    expect(rows).toEqual([
      { rowNumber: 2, values: { 户编号: '520524100001', 题名: '孟勇承户帮扶计划,及方案', 页数: '4' } },
      { rowNumber: 5, values: { 户编号: '520524100002', 题名: '走访记录\r\n第二页', 页数: '3' } },
      { rowNumber: 6, values: { 户编号: '520524100003', 题名: '他说"好"', 页数: '1' } },
    ]);
  });

  it('reads a GB18030 file of more than 64 KiB and a UTF-8 file with a character cut at the 64 KiB boundary', async () => {
    const sample = await readFile(join(SAMPLES, 'poverty-office-households-gb18030.csv'));
    const firstLineEnd = sample.indexOf(0x0a) + 1;
    const body = sample.subarray(firstLineEnd);
    const copies = Math.ceil((100 * 1024) / body.length);
    const gbPath = await writeTemp('big-gb18030.csv', Buffer.concat([sample.subarray(0, firstLineEnd), ...Array(copies).fill(body)]));
    const gb = await readAll(gbPath);
    expect(gb.reader.encoding).toBe('gb18030');
    expect(gb.rows).toHaveLength(24 * copies);
    expect(gb.rows[24 * copies - 1].values.户主姓名).toBe('韩兴');

    const header = Buffer.from('编号,名称\n');
    const padding = Buffer.from(`1,${'a'.repeat(64 * 1024 - header.length - 2 - 1)}`);
    const straddling = Buffer.from('中文\n2,尾\n');
    const utf8 = Buffer.concat([header, padding, straddling]);
    expect(utf8.indexOf(straddling)).toBe(64 * 1024 - 1); // 中 starts one byte before the boundary
    const utf8Path = await writeTemp('cut.csv', utf8);
    const cut = await readAll(utf8Path);
    expect(cut.reader.encoding).toBe('utf-8');
    expect(cut.rows[0].values.名称.endsWith('a中文')).toBe(true);
    expect(cut.rows[1].values).toEqual({ 编号: '2', 名称: '尾' });
  });

  it('resumes after a row number, and reads the file again on a second rows() call', async () => {
    const path = await writeTemp('resume.csv', 'n,name\n1,a\n2,b\n\n3,c\n4,d\n');
    const reader = await openTable(path);
    expect((await allRows(reader, { afterRowNumber: 4 })).map((row) => row.values.n)).toEqual(['3', '4']);
    expect((await allRows(reader)).map((row) => row.rowNumber)).toEqual([2, 3, 5, 6]);
    expect((await allRows(reader, { afterRowNumber: 6 }))).toEqual([]);
  });

  it('names the file and line of a quote error', async () => {
    const path = await writeTemp('bad-quote.csv', 'a,b\n1,2\n3,"x"y\n');
    const reader = await openTable(path);
    await expect(allRows(reader)).rejects.toThrow(`${path}: malformed CSV in row 3 (line 3)`);
    const unclosed = await writeTemp('unclosed.csv', 'a,b\n1,"2\n3,4\n');
    await expect(allRows(await openTable(unclosed))).rejects.toThrow(/unclosed\.csv: malformed CSV in row 2 .*Quote Not Closed/);
  });

  it('refuses duplicate and empty headers by column, but ignores empty columns after the last header', async () => {
    const duplicate = await writeTemp('dup.csv', '户编号,姓名,户编号\n1,2,3\n');
    await expect(openTable(duplicate)).rejects.toThrow(`${duplicate}: columns 1 (A) and 3 (C) in header row 1 are both headed "户编号"`);
    const empty = await writeTemp('empty-header.csv', '户编号,,姓名\n1,2,3\n');
    await expect(openTable(empty)).rejects.toThrow('column 2 (B) in header row 1 has no header name');
    const trailing = await writeTemp('trailing.csv', '\uFEFF 户编号 ,姓名,,\n1,张三,,\n');
    const { reader, rows } = await readAll(trailing);
    expect(reader.headers).toEqual(['户编号', '姓名']);
    expect(rows[0].values).toEqual({ 户编号: '1', 姓名: '张三' });
    const stray = await writeTemp('stray.csv', '户编号,姓名,,\n1,张三,,多余\n');
    await expect(allRows(await openTable(stray))).rejects.toThrow('row 2 has "多余" in column 4 (D), which has no header');
  });

  it('names the file when it is missing, empty, UTF-16 or of another type', async () => {
    await expect(openTable(join(dir, 'missing.csv'))).rejects.toThrow(`${join(dir, 'missing.csv')}: cannot read the file`);
    await expect(openTable(await writeTemp('roster.xls', 'x'))).rejects.toThrow(/roster\.xls: unsupported file type "\.xls"/);
    await expect(openTable(await writeTemp('blank.csv', '\n\n'))).rejects.toThrow(/blank\.csv: the sheet is empty/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    await expect(openTable(await writeTemp('unicode.csv', utf16))).rejects.toThrow(/unicode\.csv: the file is UTF-16/);
  });

  it('streams: the first rows arrive long before the file is consumed, and memory does not follow the file size', async () => {
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('户编号,户主姓名,身份证号,月保障金额（元）,备注\n');
    const line = (i: number): string => `${520524100000 + i},孟勇承,520524195509122987,1860.00,第${i}行 备注文字备注文字备注文字备注文字\n`;
    let size = 0;
    for (let i = 1; size < 50 * 1024 * 1024; i += 1) {
      const text = line(i).repeat(1000);
      size += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    // A quarter of the file is enough to tell streaming from reading it whole (csv-parse runs
    // several times slower under jest than under plain node, so the whole file would take too long).
    const reader = await openTable(path);
    expect(reader.totalBytes).toBeGreaterThan(50 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    let maxRss = rssBefore;
    let bytesAtFirstRow = -1;
    let rows = 0;
    for await (const row of reader.rows()) {
      if (rows === 0) {
        bytesAtFirstRow = reader.bytesRead();
        expect(row).toEqual({
          rowNumber: 2,
          values: { 户编号: '520524100001', 户主姓名: '孟勇承', 身份证号: '520524195509122987', '月保障金额（元）': '1860.00', 备注: '第1行 备注文字备注文字备注文字备注文字' },
        });
      }
      rows += 1;
      if (rows % 5000 === 0) {
        maxRss = Math.max(maxRss, process.memoryUsage().rss);
        if (reader.bytesRead() > reader.totalBytes / 4) break;
      }
    }
    expect(bytesAtFirstRow).toBeGreaterThan(0);
    expect(bytesAtFirstRow).toBeLessThan(reader.totalBytes / 100);
    expect(rows).toBeGreaterThan(100000);
    expect(reader.bytesRead()).toBeLessThan(reader.totalBytes / 3);
    // reading the file whole would take 50 MB as bytes and more as text
    expect(maxRss - rssBefore).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('openTable on .xlsx', () => {
  async function writeWorkbook(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    build(workbook);
    const path = join(dir, name);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it('reads the first worksheet: dates, money, rich text, formulas, empty rows and cells', async () => {
    const path = await writeWorkbook('dibao.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('低保');
      sheet.addRow(['户主姓名', '身份证号码', '月保障金额（元）', '发放日期', '备注', '户编号']);
      sheet.addRow([
        { richText: [{ text: '孟', font: { bold: true } }, { text: '勇承' }] },
        '520524195509122987',
        1860.5,
        new Date(Date.UTC(2024, 5, 10)),
        null,
        520524100001,
      ]);
      sheet.addRow([]);
      sheet.addRow(['常海福', '520524194902217806', 1860, new Date(Date.UTC(2024, 11, 31)), { formula: '1+1', result: 2 }, ' 520524100002 ']);
      sheet.addRow(['小数', '', 0.1 + 0.2, '2024/6/1', { formula: 'A1&"x"', result: '户主姓名x' }, 1e-7]);
      sheet.getColumn(4).numFmt = 'yyyy-mm-dd';
      workbook.addWorksheet('其他').addRow(['不读', '这张表']);
    });
    const { reader, rows } = await readAll(path);
    expect(reader.format).toBe('xlsx');
    expect(reader.encoding).toBeUndefined();
    expect(reader.headers).toEqual(['户主姓名', '身份证号码', '月保障金额（元）', '发放日期', '备注', '户编号']);
    expect(rows).toEqual([
      {
        rowNumber: 2,
        values: { 户主姓名: '孟勇承', 身份证号码: '520524195509122987', '月保障金额（元）': '1860.5', 发放日期: '2024-06-10', 备注: '', 户编号: '520524100001' },
      },
      {
        rowNumber: 4,
        values: { 户主姓名: '常海福', 身份证号码: '520524194902217806', '月保障金额（元）': '1860', 发放日期: '2024-12-31', 备注: '2', 户编号: '520524100002' },
      },
      {
        rowNumber: 5,
        values: { 户主姓名: '小数', 身份证号码: '', '月保障金额（元）': '0.3', 发放日期: '2024/6/1', 备注: '户主姓名x', 户编号: '0.0000001' },
      },
    ]);
    expect(reader.bytesRead()).toBeGreaterThan(0);
    expect((await allRows(reader, { afterRowNumber: 2 })).map((row) => row.rowNumber)).toEqual([4, 5]);
  });

  it('takes the header row given for a sheet with a title above it', async () => {
    const path = await writeWorkbook('titled.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('花名册');
      sheet.addRow(['2024年6月低保发放花名册']);
      sheet.addRow(['户主姓名', '身份证号码']);
      sheet.addRow(['孟勇承', '520524195509122987']);
    });
    const reader = await openTable(path, { headerRow: 2 });
    expect(reader.headers).toEqual(['户主姓名', '身份证号码']);
    expect(await allRows(reader)).toEqual([{ rowNumber: 3, values: { 户主姓名: '孟勇承', 身份证号码: '520524195509122987' } }]);
  });

  it('names the file when the workbook is not a zip', async () => {
    const path = await writeTemp('broken.xlsx', 'not a workbook');
    await expect(openTable(path)).rejects.toThrow(/broken\.xlsx/);
  });

  it('writes numbers as Excel shows them, never in exponent form', () => {
    expect(plainNumber(1860)).toBe('1860');
    expect(plainNumber(1860.5)).toBe('1860.5');
    expect(plainNumber(1395.1 * 3)).toBe('4185.3');
    expect(plainNumber(520524195509122987)).toBe('520524195509123000');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(-2.5e-7)).toBe('-0.00000025');
  });
});
