import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root';

export const MiB = 2 ** 20;

/** The PostgreSQL server the benchmarks create their databases on. */
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * The command line's value after `--name`, or the fallback. Every benchmark sees every option, so
 * each reads only its own.
 */
export function optionValue(argv: readonly string[], name: string, fallback: string): string {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 && argv[index + 1] !== undefined && !argv[index + 1].startsWith('--') ? argv[index + 1] : fallback;
}

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

/** RSS after the first, the middle and the last chunk of a scan (MiB); null with fewer than two chunks. */
export function rssAfterChunks(chunksMiB: readonly number[]): string | null {
  if (chunksMiB.length < 2) return null;
  const middle = Math.floor(chunksMiB.length / 2);
  return `RSS after chunk 1: ${chunksMiB[0].toFixed(0)} MiB, after chunk ${Math.ceil(chunksMiB.length / 2)}: ${chunksMiB[middle].toFixed(0)} MiB, after the last (${chunksMiB.length}th): ${chunksMiB[chunksMiB.length - 1].toFixed(0)} MiB`;
}

/** The machine a benchmark ran on, for its results: CPUs, memory, Node and platform. */
export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

/** Appends a benchmark's section to bench/results.md, creating the file with its heading if needed. */
export function appendResults(lines: readonly string[]): void {
  const resultsPath = join(projectRoot(), 'bench', 'results.md');
  if (!existsSync(resultsPath)) writeFileSync(resultsPath, '# Benchmark results\n\nAppended by `npm run bench`; newest last. Rerun on your machine to compare.\n');
  appendFileSync(resultsPath, lines.join('\n'));
  console.log(`written to ${resultsPath}`);
}
