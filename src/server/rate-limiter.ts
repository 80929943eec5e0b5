export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the window after this one. */
  remaining: number;
  /** Seconds until the window ends and the quota is whole again. */
  resetSeconds: number;
  /** When the window ends, in Unix epoch seconds (for `X-RateLimit-Reset`). */
  resetAt: number;
  /** Set when refused: seconds to wait before asking again. */
  retryAfterSeconds?: number;
}

export interface RateLimiterOptions {
  windowMs: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/**
 * In-memory fixed-window limiter, windows aligned to the clock. Fixed windows, rather than a
 * sliding log or a token bucket, because the quota headers then state exactly what happens (this
 * many left until that second) and each key is one counter. The cost is that a client may spend
 * its quota at the end of one window and again at the start of the next; up to twice the limit in
 * a short span is acceptable for abuse protection. Aligning windows to the clock lets one window
 * change drop every counter at once, so memory holds only the keys seen in the current window.
 * The counts live in one process: several hub instances each allow the limit.
 */
export class RateLimiter {
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private counts = new Map<string, number>();

  constructor(options: RateLimiterOptions) {
    if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) throw new RangeError(`windowMs must be a positive number, got ${options.windowMs}`);
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
  }

  /** Counts `requests` (a batch counts each operation) for `key` if all fit within `limit` in the current window; otherwise counts none. */
  take(key: string, limit: number, requests = 1): RateLimitDecision {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number, 0 or more, got ${limit}`);
    const now = this.now();
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    // A clock stepping back stays in the current window rather than handing out a fresh quota.
    if (windowStart > this.windowStart) {
      this.windowStart = windowStart;
      this.counts = new Map();
    }
    const windowEnd = this.windowStart + this.windowMs;
    const resetSeconds = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    const resetAt = Math.ceil(windowEnd / 1000);
    const used = this.counts.get(key) ?? 0;
    if (used + requests > limit) {
      return { allowed: false, limit, remaining: Math.max(0, limit - used), resetSeconds, resetAt, retryAfterSeconds: resetSeconds };
    }
    this.counts.set(key, used + requests);
    return { allowed: true, limit, remaining: limit - used - requests, resetSeconds, resetAt };
  }

  /** How many keys are held: those seen in the current window. */
  get size(): number {
    return this.counts.size;
  }
}

/**
 * The quota headers: `RateLimit-*` of the IETF draft (reset in seconds from now), `X-RateLimit-*`
 * as GitHub sends them (reset in epoch seconds), and `Retry-After` when refused.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(decision.resetAt),
  };
  if (!decision.allowed) headers['Retry-After'] = String(decision.retryAfterSeconds ?? decision.resetSeconds);
  return headers;
}
