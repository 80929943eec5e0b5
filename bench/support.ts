import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openDatabase, type HubDatabase } from '../src/db/database';
import { countingAdapterFactory } from '../src/db/statement-counter';
import { PrismaClient } from '../src/generated/prisma/client';
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

/* Where the time goes: every statement Prisma sends, timed at the driver adapter. */

export class StatementTimer {
  readonly byStatement = new Map<string, { count: number; ms: number }>();
  totalMs = 0;
  count = 0;

  add(sql: string, ms: number): void {
    const key = normaliseSql(sql);
    const entry = this.byStatement.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    this.byStatement.set(key, entry);
    this.totalMs += ms;
    this.count += 1;
  }

  reset(): void {
    this.byStatement.clear();
    this.totalMs = 0;
    this.count = 0;
  }

  /** Count and time of the statements whose (normalised) text matches. */
  matching(pattern: RegExp): { count: number; ms: number } {
    let count = 0;
    let ms = 0;
    for (const [sql, entry] of this.byStatement) {
      if (!pattern.test(sql)) continue;
      count += entry.count;
      ms += entry.ms;
    }
    return { count, ms };
  }

  top(n: number): Array<{ sql: string; count: number; ms: number }> {
    return [...this.byStatement.entries()]
      .map(([sql, entry]) => ({ sql, ...entry }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n);
  }
}

function normaliseSql(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

function timedQueryable<T extends object>(inner: T, timer: StatementTimer): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return async (query: { sql: string }) => {
          const started = performance.now();
          try {
            return await value.call(target, query);
          } finally {
            timer.add(query.sql, performance.now() - started);
          }
        };
      }
      if (property === 'commit' || property === 'rollback') {
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await value.apply(target, args);
          } finally {
            timer.add(property.toUpperCase(), performance.now() - started);
          }
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => {
          const started = performance.now();
          const transaction = (await value.apply(target, args)) as object;
          timer.add('BEGIN', performance.now() - started);
          return timedQueryable(transaction, timer);
        };
      }
      return value.bind(target);
    },
  });
}

function timedAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F, timer: StatementTimer): F {
  return new Proxy(factory, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'connect') {
        return async () => timedQueryable((await (value as () => Promise<object>).call(target)) as object, timer);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The hub's database as openDatabase configures it (same adapter, same pool), with a Prisma
 * client whose statements are also timed. The untimed client of openDatabase is never used.
 */
export async function openTimedDatabase(url: string, timer: StatementTimer): Promise<HubDatabase> {
  const db = await openDatabase({ url, dataDir: 'memory://' });
  const prisma = new PrismaClient({ adapter: timedAdapterFactory(countingAdapterFactory(db.adapterFactory, db.statements), timer) });
  return {
    ...db,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
