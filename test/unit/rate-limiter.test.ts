import { RateLimiter, rateLimitHeaders } from '../../src/server/rate-limiter';

/** 2026-01-01T00:00:00Z, a whole minute, so windows of a minute start there. */
const START = Date.UTC(2026, 0, 1);

function limiterAt(time: { now: number }) {
  return new RateLimiter({ windowMs: 60_000, now: () => time.now });
}

describe('rate limiter', () => {
  it('allows the limit, then refuses with the seconds to wait', () => {
    const time = { now: START + 15_000 };
    const limiter = limiterAt(time);
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1', 3))).toEqual([
      { allowed: true, limit: 3, remaining: 2, resetSeconds: 45, resetAt: START / 1000 + 60 },
      { allowed: true, limit: 3, remaining: 1, resetSeconds: 45, resetAt: START / 1000 + 60 },
      { allowed: true, limit: 3, remaining: 0, resetSeconds: 45, resetAt: START / 1000 + 60 },
    ]);
    time.now += 500;
    expect(limiter.take('10.0.0.1', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 45, resetAt: START / 1000 + 60, retryAfterSeconds: 45 });
    // Near the end of the window, a second to wait.
    time.now = START + 59_999;
    expect(limiter.take('10.0.0.1', 3)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('gives a whole quota again when the window ends', () => {
    const time = { now: START };
    const limiter = limiterAt(time);
    limiter.take('k', 1);
    expect(limiter.take('k', 1).allowed).toBe(false);
    time.now = START + 60_000;
    expect(limiter.take('k', 1)).toEqual({ allowed: true, limit: 1, remaining: 0, resetSeconds: 60, resetAt: START / 1000 + 120 });
  });

  it('counts keys independently', () => {
    const time = { now: START };
    const limiter = limiterAt(time);
    expect(limiter.take('a', 1).allowed).toBe(true);
    expect(limiter.take('a', 1).allowed).toBe(false);
    expect(limiter.take('b', 1).allowed).toBe(true);
  });

  it('forgets the keys of past windows', () => {
    const time = { now: START };
    const limiter = limiterAt(time);
    for (let client = 0; client < 1000; client++) limiter.take(`client-${client}`, 5);
    expect(limiter.size).toBe(1000);
    time.now = START + 61_000;
    limiter.take('late', 5);
    expect(limiter.size).toBe(1);
  });

  it('does not hand out a fresh quota when the clock steps back', () => {
    const time = { now: START + 60_000 };
    const limiter = limiterAt(time);
    limiter.take('k', 1);
    time.now = START + 30_000;
    expect(limiter.take('k', 1).allowed).toBe(false);
  });

  it('refuses bad limits and windows', () => {
    expect(() => new RateLimiter({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ windowMs: 1000 }).take('k', 1.5)).toThrow(RangeError);
    expect(new RateLimiter({ windowMs: 1000 }).take('k', 0).allowed).toBe(false);
  });
});

describe('rate limit headers', () => {
  it('states the quota, and when refused how long to wait', () => {
    const time = { now: START + 15_000 };
    const limiter = limiterAt(time);
    expect(rateLimitHeaders(limiter.take('k', 1))).toEqual({
      'RateLimit-Limit': '1',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '45',
      'X-RateLimit-Limit': '1',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(START / 1000 + 60),
    });
    expect(rateLimitHeaders(limiter.take('k', 1))).toMatchObject({ 'RateLimit-Remaining': '0', 'Retry-After': '45' });
  });
});
