import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

/**
 * Counts the SQL statements Prisma sends through a driver adapter. Tests use it to prove that a
 * query runs a bounded number of statements; the server reports it per request in development.
 */
export class SqlStatementCounter {
  count = 0;
  readonly statements: string[] = [];
  recording = false;

  record(sql: string): void {
    this.count++;
    if (this.recording) this.statements.push(sql);
  }

  /** Runs `work` and returns how many statements it sent (and which, for error messages), leaving out those `ignore` matches. */
  async measure<T>(work: () => Promise<T>, ignore?: RegExp): Promise<{ result: T; count: number; statements: string[] }> {
    this.statements.length = 0;
    this.recording = true;
    try {
      const result = await work();
      const statements = this.statements.filter((sql) => !ignore?.test(sql));
      return { result, count: statements.length, statements };
    } finally {
      this.recording = false;
    }
  }
}

function countingQueryable<T extends SqlQueryable>(inner: T, counter: SqlStatementCounter): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (query: { sql: string }) => {
          counter.record(query.sql);
          return value.call(target, query);
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => countingQueryable(await value.apply(target, args), counter);
      }
      return value.bind(target);
    },
  });
}

export function countingAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F, counter: SqlStatementCounter): F {
  return new Proxy(factory, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'connect') {
        const connect = value as () => Promise<SqlDriverAdapter>;
        return async () => countingQueryable(await connect.call(target), counter);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
