import { ProgressBar } from '../../src/modules/ingest/file-import/progress-bar';

function fakeOutput(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe('ProgressBar', () => {
  it('redraws one line in place on a terminal, then ends it with the totals', () => {
    let now = 0;
    const { writes, output } = fakeOutput(true);
    const bar = new ProgressBar(1000, { output, now: () => now, label: 'civil-dibao' });
    now = 2000;
    bar.update(250, 5000, 3);
    now = 2050; // too soon to redraw
    bar.update(260, 5100, 3);
    now = 4000;
    bar.update(500, 10000, 4);
    bar.finish(20000, 7);
    expect(writes).toHaveLength(4);
    expect(writes[0]).toBe('\rcivil-dibao [######..................]  25% 5,000 rows, 3 rejected, 2,500 rows/s, ETA 6s');
    expect(writes[1].startsWith('\rcivil-dibao [############............]  50% 10,000 rows')).toBe(true);
    expect(writes[2]).toMatch(/^\rcivil-dibao: 20,000 rows in 4s \(5,000 rows\/s\), 7 rejected {2,}$/);
    expect(writes[3]).toBe('\n');
  });

  it('writes a plain line at most every 5 seconds to a log, and a final line', () => {
    let now = 0;
    const { writes, output } = fakeOutput(false);
    const bar = new ProgressBar(1000, { output, now: () => now });
    for (now = 0; now <= 12000; now += 500) bar.update(now / 12, now, 0);
    now = 12000;
    bar.finish(12000, 1);
    bar.finish(12000, 1);
    expect(writes).toEqual([
      'import: 41% 5,000 rows, 0 rejected, 1,000 rows/s, ETA 7s\n',
      'import: 83% 10,000 rows, 0 rejected, 1,000 rows/s, ETA 2s\n',
      'import: 12,000 rows in 12s (1,000 rows/s), 1 rejected\n',
    ]);
  });
});
