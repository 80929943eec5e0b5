import { DEFAULT_MAX_BATCH, checkBatch } from '../../src/server/batch-limit';

const operation = { query: '{ departments { code } }' };

describe('batch limit', () => {
  it('counts a single operation, whatever the body is', () => {
    expect(checkBatch(operation, DEFAULT_MAX_BATCH)).toEqual({ ok: true, operations: 1 });
    expect(checkBatch(undefined, DEFAULT_MAX_BATCH)).toEqual({ ok: true, operations: 1 });
    expect(checkBatch('{ departments { code } }', DEFAULT_MAX_BATCH)).toEqual({ ok: true, operations: 1 });
  });

  it('allows batches up to the limit', () => {
    expect(checkBatch([operation, operation], DEFAULT_MAX_BATCH)).toEqual({ ok: true, operations: 2 });
    expect(checkBatch(Array(DEFAULT_MAX_BATCH).fill(operation), DEFAULT_MAX_BATCH)).toEqual({ ok: true, operations: 10 });
  });

  it('refuses an empty batch and a longer one, naming the count and the limit', () => {
    expect(checkBatch([], DEFAULT_MAX_BATCH)).toEqual({ ok: false, code: 'BAD_REQUEST', message: 'the batch is empty: send at least one operation' });
    expect(checkBatch(Array(11).fill(operation), DEFAULT_MAX_BATCH)).toEqual({
      ok: false,
      code: 'BATCH_TOO_LARGE',
      message: 'the batch holds 11 operations; the hub answers at most 10 per request (send the rest in another request)',
    });
  });
});
