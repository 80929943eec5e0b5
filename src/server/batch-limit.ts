/** A frontend batching a screen's queries sends a few; ten is room enough and bounds the fan-out of one request. */
export const DEFAULT_MAX_BATCH = 10;

export type BatchCheck = { ok: true; operations: number } | { ok: false; code: 'BAD_REQUEST' | 'BATCH_TOO_LARGE'; message: string };

/**
 * Checks an HTTP request body before Apollo runs it: a JSON array is a batch of operations, each
 * passing the per-operation limits on its own, so without a bound one request could carry
 * thousands. Anything else is one operation (Apollo reports a malformed one itself).
 */
export function checkBatch(body: unknown, maxOperations: number): BatchCheck {
  if (!Array.isArray(body)) return { ok: true, operations: 1 };
  if (body.length === 0) return { ok: false, code: 'BAD_REQUEST', message: 'the batch is empty: send at least one operation' };
  if (body.length > maxOperations) {
    return { ok: false, code: 'BATCH_TOO_LARGE', message: `the batch holds ${body.length} operations; the hub answers at most ${maxOperations} per request (send the rest in another request)` };
  }
  return { ok: true, operations: body.length };
}
