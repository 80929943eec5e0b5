import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root';

const MiB = 2 ** 20;

/** Samples RSS every 50 ms (and on demand) and reports the peak above the starting value, in MiB. */
export function rssSampler() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    return rss;
  };
  const timer = setInterval(sample, 50);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return (peak - start) / MiB;
    },
  };
}

/** Appends a benchmark's section to bench/results.md, creating the file with its heading if needed. */
export function appendResults(lines: readonly string[]): void {
  const resultsPath = join(projectRoot(), 'bench', 'results.md');
  if (!existsSync(resultsPath)) writeFileSync(resultsPath, '# Benchmark results\n\nAppended by `npm run bench`; newest last. Rerun on your machine to compare.\n');
  appendFileSync(resultsPath, lines.join('\n'));
  console.log(`written to ${resultsPath}`);
}
